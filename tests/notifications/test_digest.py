import datetime

import pytest
from django.utils import timezone

from employees.models import Employee, Region
from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.services import filing_create_draft, filing_submit
from notifications.digest import collect, stage, still_due
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def live(items):
    return still_due(items, TODAY, timezone.now())


def items_of(employer, now=None):
    now = now or timezone.now()
    return {item["item"]: item for item in collect(TODAY, now).get(employer.id, [])}


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(31, None), (30, "due30"), (8, "due30"), (7, "due7"), (0, "today"), (-1, "overdue:2026-W47")],
)
def test_a_contract_deadline_starts_thirty_days_ahead(days_left, expected):
    assert stage(TODAY + datetime.timedelta(days=days_left), TODAY, first=30) == expected


def test_a_separation_not_yet_filed_is_a_stop_item_until_it_is_filed(employer, clerk):
    Region.objects.filter(code=employer.region_id).update(cutoff_day=25)
    person = EmployeeFactory(
        employer=employer,
        registration_state=S.REGISTERED,
        separation_date=datetime.date(2026, 11, 18),
    )
    item = items_of(employer)[f"stop:{person.id}"]
    assert (item["stage"], item["deadline"]) == ("due7", "2026-11-25")
    Region.objects.filter(code=employer.region_id).update(cutoff_day=None)  # month end: later
    assert f"stop:{person.id}" not in items_of(employer)
    draft = filing_create_draft(
        actor=clerk,
        employee=person,
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=person.separation_date,
    )
    assert live([item]) != []  # a draft is not yet with the agency
    filing_submit(actor=clerk, filing_id=draft.id)
    assert live([item]) == []


def test_a_contract_ending_soon_is_an_item_until_renewed_or_dissolved(employer, clerk):
    person = EmployeeFactory(
        employer=employer,
        registration_state=S.REGISTERED,
        contract_end_date=datetime.date(2026, 12, 10),
    )
    later = EmployeeFactory(
        employer=employer,
        registration_state=S.REGISTERED,
        contract_end_date=datetime.date(2027, 3, 1),
    )
    items = items_of(employer)
    assert items[f"contract:{person.id}"]["stage"] == "due30"
    assert f"contract:{later.id}" not in items
    filing_create_draft(
        actor=clerk,
        employee=person,
        kind="renew",
        effective_date=datetime.date(2026, 12, 11),
        new_contract_end_date=datetime.date(2029, 12, 10),
    )
    assert f"contract:{person.id}" not in items_of(employer)  # decided: a renewal is open
    assert live([items[f"contract:{person.id}"]]) == []


def test_a_filing_waiting_on_the_agency_is_chased_weekly(employer, hired, clerk):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)
    Filing.objects.filter(id=draft.id).update(
        submitted_at=timezone.now() - datetime.timedelta(days=11)
    )
    item = items_of(employer)[f"unconfirmed:{draft.id}"]
    assert item["stage"] == "waiting:2026-W47"
    Filing.objects.filter(id=draft.id).update(state="confirmed")
    assert live([item]) == []


def test_still_due_names_the_employee_for_the_message(employer):
    person = EmployeeFactory(employer=employer, registration_deadline=TODAY)
    (item,) = live([items_of(employer)[f"registration:{person.id}"]])
    assert item["name"] == person.name
    Employee.objects.filter(id=person.id).update(registration_state=S.REGISTRATION_PENDING)
    assert live([item]) == []
