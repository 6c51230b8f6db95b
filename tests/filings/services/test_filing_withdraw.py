import pytest

from employees.models import Employee
from filings.models import Filing, FilingEvent
from filings.services import FilingMoveRefused, filing_confirm, filing_create_draft, filing_withdraw
from tests.oncommit import told

pytestmark = pytest.mark.django_db


def test_withdrawing_a_submitted_dissolve_keeps_the_insurance(submitted_dissolve, clerk):
    filing = filing_withdraw(actor=clerk, filing_id=submitted_dissolve.id, note="staying")
    assert filing.state == "withdrawn"
    assert (
        Employee.objects.get(id=submitted_dissolve.employee_id).registration_state == "registered"
    )


def test_a_withdrawn_filing_frees_the_kind_for_a_new_one(hired, clerk):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_withdraw(actor=clerk, filing_id=draft.id)
    again = filing_create_draft(actor=clerk, employee=hired, kind="register")
    assert again.id != draft.id


def test_a_confirmed_filing_cannot_be_withdrawn(submitted_register, manager, clerk):
    filing_confirm(actor=manager, filing_id=submitted_register.id)
    with pytest.raises(FilingMoveRefused):
        filing_withdraw(actor=clerk, filing_id=submitted_register.id)
    assert Filing.objects.get(id=submitted_register.id).state == "confirmed"
    assert (
        Employee.objects.get(id=submitted_register.employee_id).registration_state == "registered"
    )


def test_withdrawing_twice_is_a_no_op(hired, clerk):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    for _ in range(2):
        filing_withdraw(actor=clerk, filing_id=draft.id)
    assert FilingEvent.objects.filter(filing=draft, to_state="withdrawn").count() == 1


def test_withdrawing_enqueues_the_hr_notice_after_commit(
    submitted_dissolve, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        filing_withdraw(actor=clerk, filing_id=submitted_dissolve.id, note="kept on")
    event = FilingEvent.objects.filter(filing=submitted_dissolve, to_state="withdrawn").get()
    assert told(callbacks) == [("filings_moved", [event.id])]
