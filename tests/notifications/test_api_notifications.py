import datetime

import pytest

from employees.models import Employer, Membership
from notifications.models import Notification
from notifications.sweep import sweep
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/notifications/"


@pytest.fixture
def digest(employer):
    Employer.objects.filter(id=employer.id).update(hr_emails=["hr.team@example.com"])
    EmployeeFactory(employer=employer, registration_deadline=datetime.date(2026, 11, 25))
    sweep(datetime.date(2026, 11, 20))
    return Notification.objects.get()


def test_the_ledger_is_listed_to_members_with_the_address_masked(api, employer, digest):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    (row,) = api.get(URL).json()["results"]
    assert (row["id"], row["kind"], row["status"]) == (digest.id, "hr_digest", "pending")
    assert row["recipient"] == "h***@example.com"
    assert "payload" not in row


def test_another_employers_ledger_is_invisible(api, digest):
    api.force_authenticate(member(Membership.Role.MANAGER, EmployerFactory()))
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{digest.id}/").status_code == 404


def test_the_list_filters_by_status_and_refuses_unknown_values(api, employer, digest):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(URL, {"status": "failed"}).json()["results"] == []
    assert len(api.get(URL, {"status": "pending"}).json()["results"]) == 1
    assert api.get(URL, {"status": "lost"}).status_code == 400


def test_the_admin_shows_the_ledger_read_only(client, employer, digest):
    client.force_login(member(Membership.Role.VIEWER, employer))
    page = client.get("/admin/notifications/notification/").content.decode()
    assert "h***@example.com" in page
    assert "hr.team@example.com" not in page
    assert client.get("/admin/notifications/notification/add/").status_code == 403
