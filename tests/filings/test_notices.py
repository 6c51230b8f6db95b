import pytest
from django.utils import translation

from employees.models import Employer
from filings.models import FilingEvent, HRNotice
from filings.notices import filing_events_notify
from filings.services import filing_confirm, filing_submit
from tests.polling import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_contacts(employer):
    Employer.objects.filter(id=employer.id).update(hr_emails=["hr@example.com", "boss@example.com"])


def last_event(filing):
    return FilingEvent.objects.filter(filing=filing).latest("id")


def test_hr_hears_of_the_agencys_decision_once(
    submitted_dissolve, manager, hr_contacts, mailoutbox, settings
):
    settings.LANGUAGE_CODE = "en"
    filing_confirm(actor=manager, filing_id=submitted_dissolve.id, agency_reference="SH-1")
    event = last_event(submitted_dissolve)
    assert filing_events_notify([event.id]) == "sent"
    assert filing_events_notify([event.id]) == ""  # a second run sends nothing
    (message,) = mailoutbox
    assert message.to == ["hr@example.com", "boss@example.com"]
    assert message.subject.endswith("1 filing confirmed")
    assert submitted_dissolve.employee.name in message.body
    assert "SH-1" in message.body
    assert "submitted → confirmed" in message.body  # the states in the reader's words
    assert submitted_dissolve.employee.id_number not in message.body
    assert HRNotice.objects.get().status == "sent"


def test_the_notice_is_in_the_installations_language(
    submitted_register, hr_contacts, mailoutbox, settings
):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("en"):
        filing_events_notify([last_event(submitted_register).id])
    assert "已提交" in mailoutbox[0].subject
    assert "草稿 → 已提交" in mailoutbox[0].body


def test_a_name_with_line_breaks_cannot_inject_headers(
    employer, submitted_register, hr_contacts, mailoutbox
):
    Employer.objects.filter(id=employer.id).update(name="ACME\r\nBcc: all@example.com")
    assert filing_events_notify([last_event(submitted_register).id]) == "sent"
    assert "\n" not in mailoutbox[0].subject
    assert mailoutbox[0].bcc == []


def test_an_employer_without_hr_contacts_gets_nothing_and_it_is_recorded(
    employer, submitted_register, mailoutbox
):
    Employer.objects.filter(id=employer.id).update(hr_emails=[])
    assert filing_events_notify([last_event(submitted_register).id]) == "nobody"
    assert mailoutbox == []


def test_a_delivery_failure_is_kept_on_the_notice(submitted_register, hr_contacts, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert filing_events_notify([last_event(submitted_register).id]) == "failed"
    notice = HRNotice.objects.get()
    assert notice.error.startswith(("ConnectionRefusedError", "TimeoutError", "OSError"))
    assert notice.finished_at is not None


@pytest.mark.worker
def test_the_worker_sends_the_notice_enqueued_by_a_commit(
    celery_worker, employer, hr_contacts, hired, clerk, mailoutbox
):
    from filings.services import filing_create_draft

    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)  # commits: the hook enqueues on the broker
    assert wait_for(lambda: HRNotice.objects.filter(status="sent").exists())
    assert len(mailoutbox) == 1
    assert hired.name in mailoutbox[0].body
