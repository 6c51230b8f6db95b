"""HR hears of filings that moved through the one ledger: a row per HR contact written in the
move's own transaction, sent after the commit, retried and visible like every other message."""

import pytest
from django.utils import translation

from employees.models import Employer
from filings import moves
from filings.models import FilingEvent
from filings.services import filing_confirm, filing_create_draft, filing_reject, filing_submit
from notifications.delivery import notifications_send
from notifications.models import Notification
from tests.oncommit import told
from tests.polling import wait_for

pytestmark = pytest.mark.django_db
MOVED = Notification.Kind.FILINGS_MOVED


@pytest.fixture
def hr_contacts(employer):
    Employer.objects.filter(id=employer.id).update(hr_emails=["hr@example.com", "boss@example.com"])


def last_event(filing):
    return FilingEvent.objects.filter(filing=filing).latest("id")


def moved_rows():
    return list(Notification.objects.filter(kind=MOVED).order_by("id"))


def send_all() -> dict:
    return notifications_send([row.id for row in moved_rows()]).statuses


def test_hr_hears_of_the_agencys_decision_once(
    submitted_dissolve, manager, hr_contacts, mailoutbox, settings
):
    settings.LANGUAGE_CODE = "en"
    Notification.objects.all().delete()  # the submit's own message is not this test's
    filing_confirm(actor=manager, filing_id=submitted_dissolve.id, agency_reference="SH-1")
    event = last_event(submitted_dissolve)
    rows = moved_rows()
    assert sorted(row.recipient for row in rows) == ["boss@example.com", "hr@example.com"]
    assert {row.payload["event_ids"][0] for row in rows} == {event.id}
    assert set(send_all().values()) == {"sent"}
    assert send_all() == {}  # a second run sends nothing
    assert sorted(m.to[0] for m in mailoutbox) == ["boss@example.com", "hr@example.com"]
    message = mailoutbox[0]
    assert message.subject.endswith("1 filing confirmed")
    assert submitted_dissolve.employee.name in message.body
    assert "SH-1" in message.body
    assert "submitted → confirmed" in message.body  # the states in the reader's words
    assert submitted_dissolve.employee.id_number not in message.body
    assert "SH-1" in message.alternatives[0].content  # the HTML part says the same


def test_the_message_is_written_with_the_move_and_sent_after_its_commit(
    hired, clerk, employer, django_capture_on_commit_callbacks
):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with django_capture_on_commit_callbacks() as callbacks:
        filing_submit(actor=clerk, filing_id=draft.id)
    (row,) = moved_rows()
    assert (row.employer_id, row.status, row.subject_key) == (
        employer.id,
        "pending",
        f"filing-event:{last_event(draft).id}",
    )
    assert told(callbacks) == [(MOVED, [last_event(draft).id])]


def test_a_refused_move_writes_no_message(submitted_register, manager):
    before = moved_rows()
    with pytest.raises(Exception, match="reason"):
        filing_reject(actor=manager, filing_id=submitted_register.id, reason="")
    assert moved_rows() == before


def test_the_message_is_in_the_installations_language(
    submitted_register, hr_contacts, mailoutbox, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    Notification.objects.filter(kind=MOVED).update(language="zh-hans")
    with translation.override("en"):
        send_all()
    assert "已提交" in mailoutbox[0].subject
    assert "草稿 → 已提交" in mailoutbox[0].body


def test_the_language_is_the_installations_at_the_move(hired, clerk, settings):
    settings.LANGUAGE_CODE = "en"
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)
    assert [row.language for row in moved_rows()] == ["en"]


def test_a_name_with_line_breaks_cannot_inject_headers(
    employer, submitted_register, hr_contacts, mailoutbox
):
    Employer.objects.filter(id=employer.id).update(name="ACME\r\nBcc: all@example.com")
    assert set(send_all().values()) == {"sent"}
    assert "\n" not in mailoutbox[0].subject
    assert mailoutbox[0].bcc == []


def test_an_employer_without_hr_contacts_gets_no_message(
    employer, hired, clerk, django_capture_on_commit_callbacks
):
    Employer.objects.filter(id=employer.id).update(hr_emails=[])
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with django_capture_on_commit_callbacks() as callbacks:
        filing_submit(actor=clerk, filing_id=draft.id)
    assert (moved_rows(), callbacks) == ([], [])


def test_a_delivery_failure_is_kept_on_the_row_for_a_retry(
    submitted_register, hr_contacts, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    result = notifications_send([row.id for row in moved_rows()])
    assert sorted(result.later) == sorted(row.id for row in moved_rows())
    for row in moved_rows():
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.last_error.startswith(("ConnectionRefusedError", "TimeoutError", "OSError"))


def renewals(employees, clerk):
    """A draft renewal for each, five years from the hire."""
    return [
        filing_create_draft(
            actor=clerk,
            employee=e,
            kind="renew",
            effective_date=e.hire_date,
            new_contract_end_date=e.hire_date.replace(year=e.hire_date.year + 5),
        )
        for e in employees
    ]


def test_moves_made_together_are_told_in_one_message(employer, staff, clerk, manager):
    """Confirming many filings at once (the admin's action): one message per HR contact."""
    drafts = renewals(staff, clerk)
    for draft in drafts:
        filing_submit(actor=clerk, filing_id=draft.id)
    Notification.objects.all().delete()
    with moves.together():
        for draft in drafts:
            filing_confirm(actor=manager, filing_id=draft.id)
    (row,) = moved_rows()
    confirmed = FilingEvent.objects.filter(to_state="confirmed").order_by("id")
    assert row.payload == {"event_ids": [e.id for e in confirmed], "count": 3}


def test_a_refusal_inside_together_leaves_the_rest_told(employer, staff, clerk, manager):
    drafts = renewals(staff[:2], clerk)
    filing_submit(actor=clerk, filing_id=drafts[0].id)
    Notification.objects.all().delete()
    with moves.together():
        filing_confirm(actor=manager, filing_id=drafts[0].id)
        with pytest.raises(Exception, match="draft"):
            filing_confirm(actor=manager, filing_id=drafts[1].id)  # a draft: refused
    (row,) = moved_rows()
    assert row.payload["event_ids"] == [last_event(drafts[0]).id]


@pytest.mark.worker
def test_the_worker_sends_the_message_enqueued_by_a_commit(
    celery_worker, employer, hr_contacts, hired, clerk, mailoutbox
):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)  # commits: the send is enqueued on the broker
    assert wait_for(lambda: Notification.objects.filter(kind=MOVED, status="sent").count() == 2)
    assert len(mailoutbox) == 2
    assert hired.name in mailoutbox[0].body
