"""The 15-day duty after a separation (Labour Contract Law art. 50): the certificate issued and
the file and the social-insurance relation transferred. A deadline like the others: in
/api/deadlines/, the dashboard, the digest's stages; met by the certificate or a clerk's note."""

import datetime

import pytest

from employees.models import EmployeeEvent
from notifications.dashboard import dashboard
from notifications.digest import collect
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 21)
URL = "/api/deadlines/"


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(TODAY)


@pytest.fixture
def leavers(employer):
    registered = {"employer": employer, "registration_state": "stopped"}
    return {
        # 12-10 + 15 = Fri 12-25: due in 4 days.
        "soon": EmployeeFactory(**registered, separation_date=D(2026, 12, 10)),
        # 12-01 + 15 = Wed 12-16: overdue.
        "late": EmployeeFactory(**registered, separation_date=D(2026, 12, 1)),
        # 12-17 + 15 = 2027-01-01, New Year's Day by law: Mon 01-04, provisional.
        "new_year": EmployeeFactory(**registered, separation_date=D(2026, 12, 17)),
        # Separated before the duty was tracked: not pretended overdue.
        "before": EmployeeFactory(**registered, separation_date=D(2026, 11, 2)),
        "done": EmployeeFactory(
            **registered, separation_date=D(2026, 12, 8), transfer_done_on=D(2026, 12, 9)
        ),
    }


def transfers(api, **query):
    rows = api.get(URL, {"kind": "transfer", **query}).json()["results"]
    return {row["employee"]: row for row in rows}


def test_the_duty_is_due_15_days_after_the_separation(api, clerk, leavers):
    api.force_authenticate(clerk)
    found = transfers(api, within=30)
    assert set(found) == {leavers["soon"].id, leavers["late"].id, leavers["new_year"].id}
    assert found[leavers["soon"].id]["due_date"] == "2026-12-25"
    assert found[leavers["late"].id]["days_left"] == -5
    assert (
        found[leavers["new_year"].id]["due_date"],
        found[leavers["new_year"].id]["provisional"],
    ) == (
        "2027-01-04",
        True,
    )


def test_a_clerks_note_meets_it_and_it_drops_out(api, clerk, leavers):
    api.force_authenticate(clerk)
    late = leavers["late"]
    response = api.post(
        f"/api/employees/{late.id}/transfer-done/",
        {"note": "证明已出具；档案转至区人才中心", "done_on": "2026-12-20"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"transfer_done_on": "2026-12-20"}
    assert late.id not in transfers(api, within=30)
    event = EmployeeEvent.objects.get(employee=late, changed_fields=["transfer_done_on"])
    assert (event.actor, event.note) == (clerk, "证明已出具；档案转至区人才中心")


@pytest.mark.parametrize(("body", "field"), [({}, "note"), ({"note": " "}, "note")])
def test_marking_it_done_needs_a_note(api, clerk, leavers, body, field):
    api.force_authenticate(clerk)
    response = api.post(f"/api/employees/{leavers['late'].id}/transfer-done/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_without_a_separation_there_is_nothing_to_mark(api, clerk, employer):
    person = EmployeeFactory(employer=employer, registration_state="registered")
    api.force_authenticate(clerk)
    response = api.post(f"/api/employees/{person.id}/transfer-done/", {"note": "x"}, format="json")
    assert response.status_code == 400
    assert "separation_date" in response.json()["fields"]


def test_a_viewer_may_not_mark_it(api, employer, leavers):
    from employees.models import Membership
    from tests.factories import member

    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    response = api.post(
        f"/api/employees/{leavers['late'].id}/transfer-done/", {"note": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_digest_reminds_it_by_stage_and_the_dashboard_counts_it(employer, clerk, leavers):
    from django.utils import timezone

    items = {i["item"]: i for i in collect(TODAY, timezone.now())[employer.id]}
    assert items[f"transfer:{leavers['soon'].id}"]["stage"] == "due7"
    assert items[f"transfer:{leavers['late'].id}"]["stage"].startswith("overdue:")
    assert f"transfer:{leavers['new_year'].id}" not in items  # 14 days ahead: not yet
    (day,) = dashboard(clerk, TODAY)
    assert day.transfers_due == 2


def test_the_employee_list_filters_the_transfers_due(client, clerk, leavers):
    client.force_login(clerk)
    page = client.get("/admin/employees/employee/", {"deadline": "transfer7"})
    shown = {e.id for e in page.context["cl"].result_list}
    assert shown == {leavers["soon"].id, leavers["late"].id}
