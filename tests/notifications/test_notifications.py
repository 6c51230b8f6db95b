import datetime
from decimal import Decimal as D

import pytest

from employees.models import Employee, Employer
from filings.services import filing_confirm, filing_create_draft, filing_submit
from notifications.delivery import notifications_send
from notifications.digest import stage as registration_stage
from notifications.models import Notification, ReminderStage
from notifications.sweep import sweep
from tests.contributions.test_services import insure, own_rule
from tests.factories import EmployeeFactory
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def insured_with_email(employer, clerk, manager):
    """Three people insured from October: October is the one month they are owed."""
    own_rule(manager, employer, valid_from=datetime.date(2026, 9, 1))
    october = {"employer": employer, "hire_date": datetime.date(2026, 10, 8)}
    people = [
        EmployeeFactory(**october, email="wang@example.com", language="zh-hans"),
        EmployeeFactory(**october, email="smith@example.com", language="en"),
        EmployeeFactory(**october, email=""),  # no address: nothing to send
    ]
    for person in people:
        insure(person, clerk, manager)
    return people


def send_one(row_id: int, *, final_attempt: bool = False) -> str:
    """One row through the delivery: its new status, "later" when it was put back for a
    retry, "" when there was nothing for this run to do."""
    result = notifications_send([row_id], final_attempt=final_attempt)
    return "later" if result.later else result.statuses.get(row_id, "")


def send_all(ids):
    return [send_one(i) for i in ids]


def test_the_payment_notices_go_once_each_in_each_ones_language(insured_with_email, smtp_server):
    _wang, smith, _silent = insured_with_email
    swept = sweep(datetime.date(2026, 11, 5))  # the 5th: October's notices
    assert swept.inserted["payment_notice"] == 2
    assert sorted(send_all(swept.enqueued)) == ["sent", "sent"]
    assert sweep(datetime.date(2026, 11, 6)).enqueued == []  # a rerun adds nothing
    assert send_all(swept.enqueued) == ["", ""]  # a replayed send sends nothing
    assert len(smtp_server.messages) == 2

    by_to = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    english = text_of(by_to["smith@example.com"])
    assert "contributions paid for you for 2026-10" in english
    assert "you 8% = ¥960.00" in english  # 12,000 × 8 %
    assert "employer 16% = ¥1,920.00" in english  # 12,000 × 16 %
    assert smith.id_number not in english
    assert "<table" in text_of(by_to["smith@example.com"], "html")
    chinese = text_of(by_to["wang@example.com"])
    assert "2026-10 为您缴纳的社会保险费" in chinese
    assert "¥960.00" in chinese


def test_before_the_notice_day_nothing_is_owed_yet(insured_with_email):
    assert sweep(datetime.date(2026, 11, 4)).inserted["payment_notice"] == 0


def test_a_confirmed_dissolve_brings_the_separation_notice(
    employer, clerk, manager, smtp_server, frozen_today
):
    frozen_today(datetime.date(2026, 7, 3))  # before the payment notices' day
    person = EmployeeFactory(employer=employer, email="li@example.com", language="en")
    insure(person, clerk, manager)
    draft = filing_create_draft(
        actor=clerk,
        employee=Employee.objects.get(id=person.id),
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=datetime.date(2026, 7, 10),
    )
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    swept = sweep(datetime.date(2026, 7, 3))
    assert swept.inserted["separation_notice"] == 1
    # The clock stands still: HR's messages of the four moves count as this sweep's too.
    separation = Notification.objects.filter(id__in=swept.enqueued, kind="separation_notice")
    assert send_all(list(separation.values_list("id", flat=True))) == ["sent"]
    body = text_of(smtp_server.messages[0])
    assert "stop after 2026-07" in body
    assert "flexible worker" in body
    assert "three months" in body


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(8, None), (7, "due7"), (4, "due7"), (3, "due3"), (2, "due3"), (1, "due1"), (0, "today")],
)
def test_registration_stages(days_left, stage):
    today = datetime.date(2026, 11, 23)
    assert registration_stage(today + datetime.timedelta(days=days_left), today) == stage


def test_overdue_is_reported_once_a_week():
    deadline = datetime.date(2026, 11, 2)
    assert registration_stage(deadline, datetime.date(2026, 11, 23)) == "overdue:2026-W48"
    assert registration_stage(deadline, datetime.date(2026, 11, 29)) == "overdue:2026-W48"
    assert registration_stage(deadline, datetime.date(2026, 11, 30)) == "overdue:2026-W49"


def test_hr_hears_each_stage_once_and_never_of_what_was_filed_since(
    employer, clerk, smtp_server, settings
):
    settings.LANGUAGE_CODE = "en"
    Employer.objects.filter(id=employer.id).update(hr_emails=["hr@example.com"])
    hire = datetime.date(2026, 10, 26)  # deadline 2026-11-25
    late = EmployeeFactory(
        employer=employer, hire_date=hire, registration_deadline=datetime.date(2026, 11, 25)
    )
    filed = EmployeeFactory(
        employer=employer, hire_date=hire, registration_deadline=datetime.date(2026, 11, 25)
    )

    first = sweep(datetime.date(2026, 11, 20))  # 5 days left: due7
    assert first.inserted["hr_digest"] == 1
    assert sweep(datetime.date(2026, 11, 21)).inserted["hr_digest"] == 0  # still due7: told
    assert set(ReminderStage.objects.values_list("stage", flat=True)) == {"due7"}

    filing_create_draft(actor=clerk, employee=filed, kind="register")
    Employee.objects.filter(id=filed.id).update(registration_state="registration_pending")
    assert send_all(first.enqueued) == ["sent"]
    body = text_of(smtp_server.messages[0])
    assert late.name in body
    assert filed.name not in body  # filed since the sweep: stale, left out
    assert late.id_number not in body

    Employee.objects.filter(id=late.id).update(registration_state="registration_pending")
    third = sweep(datetime.date(2026, 11, 23))  # due3, but nobody left to remind
    assert third.inserted["hr_digest"] == 0


def test_a_reminder_with_nothing_left_to_say_is_not_sent(employer, smtp_server):
    Employer.objects.filter(id=employer.id).update(hr_emails=["hr@example.com"])
    person = EmployeeFactory(employer=employer, registration_deadline=datetime.date(2026, 11, 25))
    swept = sweep(datetime.date(2026, 11, 20))
    Employee.objects.filter(id=person.id).update(registration_state="registration_pending")
    assert send_all(swept.enqueued) == ["stale"]
    assert smtp_server.messages == []


def test_a_transient_smtp_error_is_retried_and_a_permanent_one_recorded(
    insured_with_email, smtp_server
):
    swept = sweep(datetime.date(2026, 11, 5))
    first, second = swept.enqueued
    smtp_server.refuse_with = ["451 4.3.0 try again later"]
    assert send_one(first) == "later"
    row = Notification.objects.get(id=first)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "SMTP 451")
    assert send_one(first) == "sent"  # the retry

    smtp_server.refuse_with = ["550 5.1.1 no such mailbox"]
    assert send_one(second) == "failed"
    assert Notification.objects.get(id=second).last_error == "SMTP 550"


def test_an_unreachable_server_fails_only_on_the_last_attempt(insured_with_email, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    row_id = sweep(datetime.date(2026, 11, 5)).enqueued[0]
    assert send_one(row_id) == "later"
    assert send_one(row_id, final_attempt=True) == "failed"


def test_a_row_another_worker_holds_is_left_alone(insured_with_email, smtp_server):
    row_id = sweep(datetime.date(2026, 11, 5)).enqueued[0]
    from django.utils import timezone

    Notification.objects.filter(id=row_id).update(status="sending", claimed_at=timezone.now())
    assert send_one(row_id) == ""
    assert smtp_server.messages == []
    Notification.objects.filter(id=row_id).update(
        claimed_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert send_one(row_id) == "sent"  # the lost claim expired


def test_wages_are_no_longer_needed_after_the_snapshot(insured_with_email, smtp_server):
    swept = sweep(datetime.date(2026, 11, 5))
    Employee.objects.update(monthly_wage=D("50000"))
    send_all(swept.enqueued)
    assert all("960.00" in text_of(m) for m in smtp_server.messages)


@pytest.mark.worker
def test_the_beat_tick_sends_through_the_real_worker_once(
    celery_worker, employer, clerk, manager, smtp_server, settings
):
    """The sweep task enqueues one send per row; the worker delivers; a second tick adds
    nothing (the ledger's unique key), so nobody hears twice."""
    from django.utils import timezone

    from law.payments import month_of
    from notifications.tasks import notifications_sweep_task
    from tests.polling import wait_for

    # The real clock (a travelled one stalls the worker's timers): last month's notice is due
    # from the 1st, and the hire on last month's first day makes it the one month owed.
    last_month = month_of(month_of(timezone.localdate()) - datetime.timedelta(days=1))
    person = EmployeeFactory(
        employer=employer, email="zhao@example.com", language="en", hire_date=last_month
    )
    insure(person, clerk, manager)
    own_rule(manager, employer, valid_from=datetime.date(2026, 3, 1))
    settings.PAYMENT_NOTICE_DAY = 1
    assert notifications_sweep_task()["enqueued"] == 1
    notices = Notification.objects.filter(kind="payment_notice")
    assert wait_for(lambda: notices.filter(status="sent").count() == 1)
    assert notifications_sweep_task()["enqueued"] == 0
    # The worker also delivered the HR notices of the register's moves; the employee, one.
    to_zhao = [m for m in smtp_server.messages if m["X-Envelope-To"] == "zhao@example.com"]
    assert len(to_zhao) == 1
    assert "contributions paid for you" in text_of(to_zhao[0])


def test_a_worker_keeps_one_smtp_connection_for_its_sends(insured_with_email, smtp_server):
    from notifications.delivery import connection

    connection.close()
    send_all(sweep(datetime.date(2026, 11, 5)).enqueued)
    assert len(smtp_server.messages) == 2
    assert len(set(smtp_server.peers)) == 1  # one handshake for both


def test_subjects_carry_no_line_breaks_whatever_the_names():
    from notifications.mail import safe_subject

    assert (
        safe_subject("ACME\r\nBcc: all@example.com: notice") == "ACME Bcc: all@example.com: notice"
    )
    assert "\n" not in safe_subject("a\nb" * 200)
    assert len(safe_subject("x" * 500)) == 150


def test_a_lost_message_and_a_lost_claim_are_enqueued_again(insured_with_email):
    from django.utils import timezone

    first, second = sweep(datetime.date(2026, 11, 5)).enqueued
    assert sweep(datetime.date(2026, 11, 5)).enqueued == []  # fresh and pending: in the queue
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    Notification.objects.filter(id=first).update(created_at=long_ago)  # its message was lost
    Notification.objects.filter(id=second).update(status="sending", claimed_at=long_ago)
    assert sorted(sweep(datetime.date(2026, 11, 5)).enqueued) == sorted([first, second])


def test_later_ticks_of_the_month_compute_only_whom_is_new(
    insured_with_email, employer, clerk, manager, monkeypatch
):
    """The notice day's sweep states everyone; a later tick passes only the newly insured to
    the computation, and nobody already noticed is noticed again, even at a new address."""
    from notifications import sweep as sweep_module

    wang, _smith, _silent = insured_with_email
    assert sweep(datetime.date(2026, 11, 5)).inserted["payment_notice"] == 2
    Employee.objects.filter(id=wang.id).update(email="wang.new@example.com")
    late = EmployeeFactory(
        employer=employer, email="late@example.com", hire_date=datetime.date(2026, 10, 20)
    )
    insure(late, clerk, manager)  # confirmed after the notice day, insured from October
    computed = []
    real = sweep_module.statements_compute
    monkeypatch.setattr(
        sweep_module, "statements_compute", lambda m, ids: computed.append(ids) or real(m, ids)
    )
    assert sweep(datetime.date(2026, 11, 12)).inserted["payment_notice"] == 1
    assert computed == [[late.id]]
    notices = Notification.objects.filter(kind="payment_notice", period="2026-10")
    assert sorted(notices.values_list("recipient", flat=True)) == [
        "late@example.com",
        "smith@example.com",
        "wang@example.com",
    ]
