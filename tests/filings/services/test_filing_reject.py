import pytest

from employees.models import Employee
from filings.models import Filing, FilingEvent
from filings.services import FilingMoveRefused, filing_reject, filing_submit
from tests.oncommit import told
from tests.oracles import registration_state_from_filings

pytestmark = pytest.mark.django_db


def test_a_rejected_register_returns_the_employee_and_can_be_resubmitted(
    submitted_register, manager, clerk
):
    """Rejected with the agency's reason; the employee is unregistered again; resubmittable."""
    filing = filing_reject(
        actor=manager, filing_id=submitted_register.id, reason="ID photo missing"
    )
    assert (filing.state, filing.rejection_reason) == ("rejected", "ID photo missing")
    employee_id = submitted_register.employee_id
    assert Employee.objects.get(id=employee_id).registration_state == "unregistered"
    assert registration_state_from_filings(employee_id) == "unregistered"
    filing_submit(actor=clerk, filing_id=filing.id)
    assert Employee.objects.get(id=employee_id).registration_state == "registration_pending"


def test_a_rejected_dissolve_keeps_the_insurance(submitted_dissolve, manager):
    filing_reject(actor=manager, filing_id=submitted_dissolve.id, reason="wrong date")
    assert (
        Employee.objects.get(id=submitted_dissolve.employee_id).registration_state == "registered"
    )


def test_a_rejection_needs_the_agencys_reason(submitted_register, manager):
    with pytest.raises(FilingMoveRefused):
        filing_reject(actor=manager, filing_id=submitted_register.id, reason="  ")
    assert Filing.objects.get(id=submitted_register.id).state == "submitted"
    assert Employee.objects.get(id=submitted_register.employee_id).registration_state == (
        "registration_pending"
    )


def test_rejecting_twice_is_a_no_op(submitted_register, manager):
    for _ in range(2):
        filing_reject(actor=manager, filing_id=submitted_register.id, reason="no")
    assert FilingEvent.objects.filter(filing=submitted_register, to_state="rejected").count() == 1


def test_rejecting_enqueues_the_hr_notice_after_commit(
    submitted_register, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        filing_reject(actor=manager, filing_id=submitted_register.id, reason="photo missing")
    event = FilingEvent.objects.filter(filing=submitted_register, to_state="rejected").get()
    assert told(callbacks) == [("filings_moved", [event.id])]


def test_a_refused_rejection_enqueues_nothing(
    submitted_register, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(FilingMoveRefused):
        filing_reject(actor=manager, filing_id=submitted_register.id, reason=" ")
    assert callbacks == []
