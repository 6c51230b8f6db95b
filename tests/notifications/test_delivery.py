"""notifications.delivery: a batch of ledger rows claimed once, sent one by one, the outcomes
recorded together when the batch ends."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.delivery import notifications_send
from notifications.models import Notification
from notifications.sweep import sweep
from notifications.tasks import notification_send_task, notifications_enqueue, retry_countdown
from tests.contributions.test_services import insure, own_rule
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
NOTICE_DAY = datetime.date(2026, 11, 5)


@pytest.fixture
def owed(employer, clerk, manager):
    """Six payment notices for October, pending in the ledger; their ids."""

    own_rule(manager, employer, valid_from=datetime.date(2026, 9, 1))
    for n in range(6):
        hired = datetime.date(2026, 10, 1)  # October is the one month owed
        person = EmployeeFactory(employer=employer, email=f"p{n}@example.com", hire_date=hired)
        insure(person, clerk, manager)
    ids = sweep(NOTICE_DAY).enqueued
    assert len(ids) == 6
    return ids


def queries_to_send(ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        notifications_send(ids)
    return len(captured)


def test_a_batch_costs_the_same_queries_however_long(owed, smtp_server):
    """The claim, the statements' read and the record are one each for the batch."""
    small, large = queries_to_send(owed[:2]), queries_to_send(owed[2:])
    assert large == small
    assert len(smtp_server.messages) == 6
    assert set(Notification.objects.filter(id__in=owed).values_list("status", flat=True)) == {
        "sent"
    }


def test_a_refused_recipient_does_not_hold_up_the_rest_of_the_batch(owed, smtp_server):
    smtp_server.refuse_with = ["550 5.1.1 no such mailbox", "451 4.3.0 try again later"]
    result = notifications_send(owed)
    assert result.statuses[owed[0]] == "failed"
    assert result.statuses[owed[1]] == "pending"  # a 4xx: retried later, alone
    assert result.later == [owed[1]]
    assert [result.statuses[i] for i in owed[2:]] == ["sent"] * 4
    assert len(smtp_server.messages) == 4
    failed = Notification.objects.get(id=owed[0])
    assert (failed.status, failed.last_error, failed.attempts) == ("failed", "SMTP 550", 1)


def test_a_server_that_is_down_puts_the_whole_batch_back_without_trying_each(owed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    result = notifications_send(owed)
    assert sorted(result.later) == sorted(owed)
    rows = Notification.objects.filter(id__in=owed)
    assert {(r.status, r.attempts, r.last_error) for r in rows} == {
        ("pending", 1, "ConnectionRefusedError")
    }
    last = notifications_send(owed, final_attempt=True)
    assert last.later == []
    assert set(rows.values_list("status", flat=True)) == {"failed"}


def test_rows_sent_or_held_elsewhere_in_a_batch_are_skipped(owed, smtp_server):
    from django.utils import timezone

    Notification.objects.filter(id=owed[0]).update(status="sent")
    Notification.objects.filter(id=owed[1]).update(status="sending", claimed_at=timezone.now())
    result = notifications_send(owed)
    assert set(result.statuses) == set(owed[2:])
    assert len(smtp_server.messages) == 4


def test_the_enqueue_sends_one_task_per_batch_of_ids(owed, settings, monkeypatch):
    settings.NOTIFICATION_SEND_BATCH = 4
    sent = []
    monkeypatch.setattr(notification_send_task, "delay", lambda ids: sent.append(ids))
    assert notifications_enqueue(owed) == 2
    assert sent == [owed[:4], owed[4:]]


def test_the_task_retries_only_the_rows_put_back_then_fails_them(owed, smtp_server):
    """Run in this process (Celery's apply, which runs the retries at once): the first two
    replies are errors, a permanent one and a transient one; the retry sends the second."""
    smtp_server.refuse_with = ["550 5.1.1 no such mailbox", "451 4.3.0 try again later"]
    notification_send_task.apply(args=[owed])
    statuses = dict(Notification.objects.values_list("id", "status"))
    assert [statuses[i] for i in owed] == ["failed"] + ["sent"] * 5
    assert Notification.objects.get(id=owed[1]).attempts == 2
    assert len(smtp_server.messages) == 5


def test_a_task_from_before_batches_still_sends_its_one_row(owed, smtp_server):
    notification_send_task.apply(args=[owed[0]])
    assert Notification.objects.get(id=owed[0]).status == "sent"


def test_the_retry_countdown_grows_and_stays_within_five_minutes():
    for retries in range(8):
        assert 15 <= retry_countdown(retries) <= min(30 * 2**retries, 300)


def test_each_message_carries_its_rows_message_id_and_a_resend_the_same(owed, smtp_server):
    from notifications.envelope import message_id

    notifications_send(owed[:2])
    rows = Notification.objects.in_bulk(owed[:2])
    first = [m["Message-ID"] for m in smtp_server.messages]
    assert first == [message_id(i, rows[i].created_at) for i in owed[:2]]
    # As after a lost worker: the outcome never recorded, the row claimed again and sent.
    Notification.objects.filter(id=owed[0]).update(status="pending")
    notifications_send(owed[:1])
    assert smtp_server.messages[-1]["Message-ID"] == first[0]
    assert len(set(first)) == 2


def test_what_a_batch_sent_before_it_broke_off_is_recorded(owed, smtp_server, monkeypatch):
    from notifications import mail

    render = mail.render
    calls = []

    def breaking(row, preloaded=None):
        calls.append(row.id)
        if len(calls) == 3:
            raise RuntimeError("a bug in a template")
        return render(row, preloaded)

    monkeypatch.setattr(mail, "render", breaking)
    with pytest.raises(RuntimeError):
        notifications_send(owed)
    statuses = dict(Notification.objects.filter(id__in=owed).values_list("id", "status"))
    assert [statuses[i] for i in owed] == ["sent", "sent"] + ["sending"] * 4
    assert len(smtp_server.messages) == 2


def test_outcomes_are_recorded_in_one_statement_for_the_batch(owed, smtp_server):
    smtp_server.refuse_with = ["550 5.1.1 no such mailbox"]
    with CaptureQueriesContext(connection) as captured:
        notifications_send(owed)
    # (SQLite: one executemany, logged as "5 times: UPDATE ...")
    updates = [q["sql"] for q in captured if "UPDATE" in q["sql"][:20]]
    assert len(updates) == 2  # the claim, then every outcome at once
    rows = Notification.objects.filter(id__in=owed).order_by("id")
    assert [(r.status, r.last_error, r.sent_at is None) for r in rows] == [
        ("failed", "SMTP 550", True)
    ] + [("sent", "", False)] * 5
