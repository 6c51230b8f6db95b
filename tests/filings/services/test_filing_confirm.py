import datetime

import pytest

from employees.models import Employee
from filings.models import Filing, FilingEvent
from filings.services import FilingMoveRefused, filing_confirm, filing_create_draft, filing_submit
from hrsocsec.errors import RoleRefused
from tests.oncommit import told
from tests.oracles import registration_state_from_filings

pytestmark = pytest.mark.django_db


def test_confirming_a_register_registers_the_employee(submitted_register, manager):
    filing = filing_confirm(
        actor=manager, filing_id=submitted_register.id, agency_reference=" SH-1 "
    )
    assert (filing.state, filing.agency_reference) == ("confirmed", "SH-1")
    employee = Employee.objects.get(id=submitted_register.employee_id)
    assert employee.registration_state == "registered"
    assert registration_state_from_filings(employee.id) == employee.registration_state


def test_confirming_a_dissolve_stops_and_records_the_separation(submitted_dissolve, manager):
    filing_confirm(actor=manager, filing_id=submitted_dissolve.id)
    employee = Employee.objects.get(id=submitted_dissolve.employee_id)
    assert (employee.registration_state, employee.separation_date) == (
        "stopped",
        datetime.date(2026, 6, 30),
    )
    assert registration_state_from_filings(employee.id) == "stopped"


def test_confirming_a_renewal_records_the_new_term(insured, clerk, manager):
    draft = filing_create_draft(
        actor=clerk,
        employee=insured,
        kind="renew",
        effective_date=datetime.date(2029, 3, 2),
        new_contract_end_date=datetime.date(2032, 3, 1),
    )
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    employee = Employee.objects.get(id=insured.id)
    assert (employee.contract_end_date, employee.registration_state) == (
        datetime.date(2032, 3, 1),
        "registered",
    )


def test_confirming_a_draft_is_refused_and_changes_nothing(hired, clerk, manager):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with pytest.raises(FilingMoveRefused):
        filing_confirm(actor=manager, filing_id=draft.id)
    assert Filing.objects.get(id=draft.id).state == "draft"
    assert Employee.objects.get(id=hired.id).registration_state == "unregistered"


def test_confirming_twice_is_a_no_op(submitted_register, manager):
    for _ in range(2):
        filing_confirm(actor=manager, filing_id=submitted_register.id)
    assert FilingEvent.objects.filter(filing=submitted_register, to_state="confirmed").count() == 1


def test_a_clerk_cannot_confirm(submitted_register, clerk):
    """Confirming the agency's answer is a manager's act."""
    with pytest.raises(RoleRefused):
        filing_confirm(actor=clerk, filing_id=submitted_register.id)
    assert Filing.objects.get(id=submitted_register.id).state == "submitted"


def test_confirming_enqueues_the_hr_notice_after_commit(
    submitted_register, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        filing_confirm(actor=manager, filing_id=submitted_register.id, agency_reference="R-1")
    event = FilingEvent.objects.filter(filing=submitted_register, to_state="confirmed").get()
    assert told(callbacks) == [("filings_moved", [event.id])]
