import pytest
from django.core.exceptions import ValidationError

from employees.models import Employer, Membership, Region
from employees.services import employer_create, employer_update, membership_revoke, membership_set
from hrsocsec.errors import RoleRefused
from tests.factories import UserFactory, make_credit_code, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def self_service(settings):
    """These tests are of a self-service installation; the operator-only default is tested
    on its own below."""
    settings.EMPLOYER_SELF_SERVICE = True


def create(user, **overrides):
    values = {
        "name": "上海示例有限公司",
        "credit_code": make_credit_code(),
        "region": Region.objects.get(code="310000"),
        "hr_emails": ["HR@Example.com", "hr@example.com", "payroll@example.com"],
    } | overrides
    return employer_create(actor=user, **values)


def test_the_creator_becomes_manager_and_emails_are_normalised():
    """Creating an employer makes its creator manager; HR emails are lowercased and deduplicated."""
    user = UserFactory()
    employer = create(user)
    assert Membership.objects.get(user=user, employer=employer).role == "manager"
    assert employer.hr_emails == ["hr@example.com", "payroll@example.com"]


def test_a_bad_credit_code_and_email_are_refused_per_field():
    """An invalid credit code and email are reported per field; nothing is created."""
    with pytest.raises(ValidationError) as info:
        create(UserFactory(), credit_code="91110000600037341A", hr_emails=["not-an-email"])
    assert "check character" in info.value.message_dict["credit_code"][0]
    assert not Employer.objects.exists()


def test_the_same_credit_code_twice_for_one_user_is_refused():
    """A user cannot create a second employer with a credit code they already have."""
    user = UserFactory()
    first = create(user)
    with pytest.raises(ValidationError) as info:
        create(user, credit_code=first.credit_code)
    assert first.name in info.value.message_dict["credit_code"][0]


def test_another_tenant_may_register_the_same_legal_entity():
    """Uniqueness is per user's employers, so nobody learns that another tenant has it."""
    code = make_credit_code()
    create(UserFactory(), credit_code=code)
    create(UserFactory(), credit_code=code)
    assert Employer.objects.filter(credit_code=code).count() == 2


def test_only_a_manager_updates_an_employer():
    employer = create(UserFactory())
    clerk = member(Membership.Role.CLERK, employer)
    with pytest.raises(RoleRefused):
        employer_update(actor=clerk, employer=employer, name="Renamed")
    assert Employer.objects.get(id=employer.id).name == "上海示例有限公司"


def test_the_last_manager_cannot_be_revoked():
    """An employer always keeps a manager."""
    user = UserFactory()
    employer = create(user)
    with pytest.raises(ValidationError):
        membership_revoke(actor=user, membership=Membership.objects.get(user=user))
    clerk = UserFactory()
    membership = membership_set(actor=user, employer=employer, user=clerk, role="clerk")
    membership_revoke(actor=user, membership=membership)
    assert not Membership.objects.filter(user=clerk).exists()


def test_the_last_manager_cannot_be_demoted():
    """Changing the only manager to clerk is refused; the role stays."""
    user = UserFactory()
    employer = create(user)
    with pytest.raises(ValidationError):
        membership_set(actor=user, employer=employer, user=user, role="clerk")
    assert Membership.objects.get(user=user).role == "manager"


def test_every_employer_and_member_change_is_audited():
    """Create, update, grant and revoke each leave an event with the acting user."""
    from employees.models import EmployerEvent

    user, clerk = UserFactory(), UserFactory()
    employer = create(user)
    employer_update(actor=user, employer=employer, name="Renamed Ltd", si_account_number="")
    employer_update(actor=user, employer=employer, name="Renamed Ltd")  # no change, no event
    membership = membership_set(actor=user, employer=employer, user=clerk, role="clerk")
    membership_revoke(actor=user, membership=membership)
    events = list(EmployerEvent.objects.filter(employer=employer).values_list("action", "actor"))
    assert events == [
        ("created", user.id),
        ("updated", user.id),
        ("member_set", user.id),
        ("member_revoked", user.id),
    ]
    assert EmployerEvent.objects.get(action="updated").changed_fields == ["name"]


def test_with_self_service_off_a_user_is_refused_and_the_operator_names_the_manager(settings):
    """EMPLOYER_SELF_SERVICE off: a user may not create an employer; the operator (or a
    command, actor None) does, and names the first manager, who alone is a member."""
    settings.EMPLOYER_SELF_SERVICE = False
    user = UserFactory()
    with pytest.raises(RoleRefused):
        create(user)
    assert not Employer.objects.exists()
    employer = create(None, first_manager=user)
    assert list(employer.memberships.values_list("user", "role")) == [(user.id, "manager")]
    assert employer.events.get().actor is None
    with pytest.raises(RoleRefused):
        create(UserFactory(), first_manager=user)  # only the operator names someone else
