"""employees.api.memberships: managers run their employer's members over the API."""

import pytest

from employees.models import EmployerEvent, Membership
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/memberships/"
Role = Membership.Role


@pytest.fixture
def employer():
    return EmployerFactory()


@pytest.fixture
def manager(employer):
    return member(Role.MANAGER, employer, username="boss")


@pytest.fixture
def colleague(employer, manager):
    """A clerk of a second employer the manager also manages."""
    other = EmployerFactory()
    Membership.objects.create(user=manager, employer=other, role=Role.MANAGER)
    return member(Role.CLERK, other, username="zhang")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_members_see_who_works_on_their_employers_only(api, employer, manager):
    member(Role.VIEWER, employer, username="viewer")
    member(Role.CLERK, EmployerFactory(), username="stranger")
    response = as_user(api, manager).get(URL, {"employer": employer.id})
    assert response.status_code == 200
    assert [m["username"] for m in response.json()["results"]] == ["boss", "viewer"]
    everyone = api.get(URL).json()["results"]
    assert "stranger" not in {m["username"] for m in everyone}


def test_a_manager_adds_a_colleague_and_it_is_recorded(api, employer, manager, colleague):
    body = {"employer": employer.id, "username": "zhang", "role": "clerk"}
    response = as_user(api, manager).post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["role"] == "clerk"
    assert Membership.objects.get(user=colleague, employer=employer).role == "clerk"
    assert EmployerEvent.objects.filter(employer=employer, action="member_set").count() == 1


def test_a_username_outside_the_managers_colleagues_is_not_found(api, employer, manager):
    member(Role.CLERK, EmployerFactory(), username="elsewhere")
    body = {"employer": employer.id, "username": "elsewhere", "role": "viewer"}
    response = as_user(api, manager).post(URL, body, format="json")
    assert response.status_code == 400
    assert "username" in response.json()["fields"]
    assert not Membership.objects.filter(user__username="elsewhere", employer=employer).exists()


def test_a_clerk_cannot_add_members(api, employer, colleague):
    clerk = member(Role.CLERK, employer, username="clerk")
    body = {"employer": employer.id, "username": "zhang", "role": "viewer"}
    response = as_user(api, clerk).post(URL, body, format="json")
    assert response.status_code == 400  # not an employer the clerk manages
    assert "employer" in response.json()["fields"]


def test_a_manager_changes_a_role_but_never_leaves_the_employer_without_one(api, employer, manager):
    viewer = member(Role.VIEWER, employer, username="viewer")
    membership = Membership.objects.get(user=viewer)
    api = as_user(api, manager)
    response = api.patch(f"{URL}{membership.id}/", {"role": "clerk"}, format="json")
    assert response.status_code == 200
    assert Membership.objects.get(id=membership.id).role == "clerk"
    own = Membership.objects.get(user=manager, employer=employer)
    refused = api.patch(f"{URL}{own.id}/", {"role": "viewer"}, format="json")
    assert refused.status_code == 400
    assert "role" in refused.json()["fields"]
    assert Membership.objects.get(id=own.id).role == "manager"


def test_revoking_removes_the_membership(api, employer, manager):
    viewer = member(Role.VIEWER, employer, username="viewer")
    membership = Membership.objects.get(user=viewer)
    response = as_user(api, manager).delete(f"{URL}{membership.id}/")
    assert response.status_code == 204
    assert not Membership.objects.filter(id=membership.id).exists()


def test_another_employers_membership_is_not_found(api, manager):
    foreign = Membership.objects.get(user=member(Role.CLERK, EmployerFactory()))
    api = as_user(api, manager)
    assert api.get(f"{URL}{foreign.id}/").status_code == 404
    assert api.patch(f"{URL}{foreign.id}/", {"role": "viewer"}, format="json").status_code == 404
    assert api.delete(f"{URL}{foreign.id}/").status_code == 404
    assert Membership.objects.get(id=foreign.id).role == "clerk"
