import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from employees.models import Employer, Membership
from tests.factories import EmployerFactory, UserFactory, make_credit_code, member

pytestmark = pytest.mark.django_db
URL = "/api/employers/"


@pytest.fixture(autouse=True)
def self_service(settings):
    """These tests are of a self-service installation; the operator-only default is tested
    on its own below."""
    settings.EMPLOYER_SELF_SERVICE = True


def payload(**overrides):
    return {
        "name": "深圳示例有限公司",
        "credit_code": make_credit_code(),
        "si_account_number": "4403001234",
        "region": "440300",
        "hr_emails": ["hr@example.com"],
    } | overrides


def test_creating_an_employer_makes_the_caller_its_manager(api):
    """POST creates the employer, refers to the region by code and reports the caller's role."""
    user = UserFactory()
    api.force_authenticate(user)
    response = api.post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["region"], data["role"]) == ("440300", "manager")
    assert Membership.objects.get(user=user, employer_id=data["id"]).role == "manager"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "91110000600037341A"}, "credit_code"),
        ({"region": "999999"}, "region"),
        ({"hr_emails": ["a@b.c", "bad"]}, "hr_emails"),
        ({"hr_emails": "hr@example.com"}, "hr_emails"),
        ({"name": ""}, "name"),
        ({"name": "A\r\nBcc: x@evil.test"}, "name"),  # issue 14: no header injection
        ({"name": "A\tB"}, "name"),
    ],
)
def test_bad_employer_fields_are_400_per_field(api, overrides, field):
    api.force_authenticate(UserFactory())
    response = api.post(URL, payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Employer.objects.exists()


def test_the_list_shows_only_my_employers_with_my_role(api, django_assert_max_num_queries):
    """Members see their own employers, each with their role, in a fixed number of queries."""
    user = UserFactory()
    for role in ("viewer", "clerk", "manager"):
        Membership.objects.create(user=user, employer=EmployerFactory(), role=role)
    EmployerFactory()
    api.force_authenticate(user)
    with django_assert_max_num_queries(3):
        rows = api.get(URL).json()["results"]
    assert sorted(row["role"] for row in rows) == ["clerk", "manager", "viewer"]


def test_another_employer_is_404_and_a_clerk_cannot_patch(api):
    employer = EmployerFactory()
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    assert api.get(f"{URL}{EmployerFactory().id}/").status_code == 404
    response = api.patch(f"{URL}{employer.id}/", {"name": "X"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_token_authentication_with_drf_create_token():
    """A token made by `manage.py drf_create_token` authenticates API calls."""
    user = UserFactory()
    call_command("drf_create_token", user.username, verbosity=0)
    client = APIClient()
    assert client.get(URL).status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    assert client.get(URL).status_code == 200


def test_with_self_service_off_only_the_operator_creates_employers(api, settings):
    """EMPLOYER_SELF_SERVICE off (the default): a user's POST is a 403 that reads no field and
    creates nothing; the operator creates it and names its first manager."""
    settings.EMPLOYER_SELF_SERVICE = False
    user = UserFactory(username="future-boss")
    api.force_authenticate(user)
    response = api.post(URL, {"region": "nonsense"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "operator" in response.json()["message"]
    assert not Employer.objects.exists()
    operator = UserFactory(is_superuser=True, is_staff=True)
    api.force_authenticate(operator)
    response = api.post(URL, payload(first_manager="future-boss"), format="json")
    assert response.status_code == 201, response.json()
    assert "first_manager" not in response.json()
    employer = Employer.objects.get()
    assert list(employer.memberships.values_list("user__username", "role")) == [
        ("future-boss", "manager")
    ]


def test_only_the_operator_names_a_first_manager_and_nobody_learns_usernames(api):
    """With self-service on, a user naming a first manager gets the same refusal for an
    existing and a made-up username; a PATCH cannot set it."""
    UserFactory(username="exists")
    api.force_authenticate(UserFactory())
    answers = [
        api.post(URL, payload(first_manager=name), format="json").json()
        for name in ("exists", "made-up")
    ]
    assert answers[0] == answers[1]
    assert "first_manager" in answers[0]["fields"]
    assert not Employer.objects.exists()
    employer = api.post(URL, payload(), format="json").json()
    response = api.patch(f"{URL}{employer['id']}/", {"first_manager": "exists"}, format="json")
    assert response.status_code == 400
    assert "first_manager" in response.json()["fields"]
