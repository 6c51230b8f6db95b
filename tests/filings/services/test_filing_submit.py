import pytest

from employees.models import Employee
from filings.models import Filing, FilingEvent
from filings.services import FilingMoveRefused, filing_create_draft, filing_submit, filing_withdraw
from tests.oncommit import told

pytestmark = pytest.mark.django_db


def test_submitting_a_register_makes_the_registration_pending(hired, clerk):
    """draft -> submitted, with its event; the employee becomes registration_pending."""
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing = filing_submit(actor=clerk, filing_id=draft.id, note="sent")
    assert filing.state == "submitted"
    assert filing.submitted_at is not None
    assert Employee.objects.get(id=hired.id).registration_state == "registration_pending"
    event = FilingEvent.objects.filter(filing=filing).last()
    assert (event.from_state, event.to_state, event.actor, event.note) == (
        "draft",
        "submitted",
        clerk,
        "sent",
    )


def test_submitting_a_withdrawn_filing_is_refused_and_changes_nothing(hired, clerk):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_withdraw(actor=clerk, filing_id=draft.id)
    with pytest.raises(FilingMoveRefused) as info:
        filing_submit(actor=clerk, filing_id=draft.id)
    assert info.value.fields == {"state": ["withdrawn"]}
    assert Filing.objects.get(id=draft.id).state == "withdrawn"
    assert Employee.objects.get(id=hired.id).registration_state == "unregistered"


def test_submitting_twice_is_a_no_op(submitted_register, clerk):
    filing_submit(actor=clerk, filing_id=submitted_register.id)
    assert FilingEvent.objects.filter(filing=submitted_register, to_state="submitted").count() == 1


def test_a_draft_whose_employee_moved_on_is_refused_at_submit(hired, clerk):
    """The rules are checked again at submit: a register after the person registered fails."""
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    Employee.objects.filter(id=hired.id).update(registration_state="registered")
    with pytest.raises(Exception, match="employee"):
        filing_submit(actor=clerk, filing_id=draft.id)
    assert Filing.objects.get(id=draft.id).state == "draft"


def test_submitting_enqueues_the_hr_notice_after_commit(
    hired, clerk, django_capture_on_commit_callbacks
):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with django_capture_on_commit_callbacks() as callbacks:
        filing_submit(actor=clerk, filing_id=draft.id)
    event = FilingEvent.objects.filter(filing=draft, to_state="submitted").get()
    assert told(callbacks) == [("filings_moved", [event.id])]
    with django_capture_on_commit_callbacks() as repeated:
        filing_submit(actor=clerk, filing_id=draft.id)
    assert repeated == []  # a repeat moves nothing and tells nobody
