import pytest

from employees.models import Employer, EmployerEvent, Membership
from tests.factories import EmployerFactory, UserFactory, make_credit_code, member

pytestmark = pytest.mark.django_db
EMPLOYERS = "/admin/employees/employer/"
MEMBERS = "/admin/employees/membership/"


@pytest.fixture(autouse=True)
def self_service(settings):
    """These tests are of a self-service installation; the operator-only default is tested
    on its own below."""
    settings.EMPLOYER_SELF_SERVICE = True


def employer_form(**overrides):
    return {
        "name": "Admin Made Ltd",
        "credit_code": make_credit_code(),
        "si_account_number": "",
        "region": "310000",
        "hr_emails": "",
    } | overrides


def test_adding_an_employer_with_no_emails_makes_me_its_manager(client):
    """A blank email list is fine; the creator becomes manager and the creation is audited."""
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"{EMPLOYERS}add/", employer_form())
    assert response.status_code == 302
    employer = Employer.objects.get()
    assert Membership.objects.get(employer=employer, user=user).role == "manager"
    assert EmployerEvent.objects.get(employer=employer).action == "created"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "123"}, "credit_code"),
        ({"hr_emails": '{"a": 1}'}, "hr_emails"),
        ({"hr_emails": '["nope"]'}, "hr_emails"),
    ],
)
def test_bad_employer_fields_are_form_errors(client, overrides, field):
    client.force_login(UserFactory())
    response = client.post(f"{EMPLOYERS}add/", employer_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Employer.objects.exists()


@pytest.fixture
def manager_and_employer():
    employer = EmployerFactory()
    return member(Membership.Role.MANAGER, employer), employer


def test_a_manager_cannot_find_users_of_other_tenants(client, manager_and_employer):
    """An unknown username and another tenant's user get the same answer; nobody is added."""
    manager, employer = manager_and_employer
    outsider = member(Membership.Role.MANAGER)  # a manager elsewhere
    client.force_login(manager)
    answers = set()
    for username in (outsider.username, "nobody-by-this-name"):
        response = client.post(
            f"{MEMBERS}add/", {"user": username, "employer": employer.id, "role": "viewer"}
        )
        assert response.status_code == 200
        answers.add(str(response.context["adminform"].form.errors["user"]))
    assert len(answers) == 1
    assert not Membership.objects.filter(user=outsider, employer=employer).exists()


def test_a_manager_adds_a_colleague(client, manager_and_employer):
    manager, employer = manager_and_employer
    other = EmployerFactory()
    Membership.objects.create(user=manager, employer=other, role="manager")
    colleague = member(Membership.Role.CLERK, other)
    client.force_login(manager)
    response = client.post(
        f"{MEMBERS}add/", {"user": colleague.username, "employer": employer.id, "role": "viewer"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=colleague, employer=employer).role == "viewer"


def test_the_last_manager_can_be_neither_demoted_nor_deleted(client, manager_and_employer):
    manager, employer = manager_and_employer
    membership = Membership.objects.get(user=manager, employer=employer)
    client.force_login(manager)
    response = client.post(
        f"{MEMBERS}{membership.id}/change/",
        {"user": manager.username, "employer": employer.id, "role": "viewer"},
    )
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert client.post(f"{MEMBERS}{membership.id}/delete/", {"post": "yes"}).status_code == 403
    assert Membership.objects.get(id=membership.id).role == "manager"


def test_with_self_service_off_the_admin_offers_no_add_to_a_user(client, settings):
    """EMPLOYER_SELF_SERVICE off: the add page is refused to a staff user, open to the
    operator."""
    settings.EMPLOYER_SELF_SERVICE = False
    user = UserFactory()
    client.force_login(user)
    assert client.post(f"{EMPLOYERS}add/", employer_form()).status_code == 403
    assert not Employer.objects.exists()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.post(f"{EMPLOYERS}add/", employer_form()).status_code == 302
    assert Employer.objects.count() == 1
