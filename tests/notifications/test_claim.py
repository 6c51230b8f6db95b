"""notifications.delivery._claim: a batch's rows taken by one claimer only, a lost worker's
claim taken again once it expires, the employers of the rows that name theirs read with them."""

import datetime

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.delivery import _claim, claim_expires
from notifications.models import Notification
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def ledger(employer, kinds):
    return [
        Notification.objects.create(
            kind=kind,
            recipient=f"r{n}@example.com",
            subject_key=f"claim:{n}",
            period="2026-10",
            employer=employer,
            payload={},
        )
        for n, kind in enumerate(kinds)
    ]


def test_pending_rows_are_claimed_once_and_marked_sending():
    rows = ledger(EmployerFactory(), ["payment_notice"] * 3)
    ids = [row.id for row in rows]
    claimed = _claim(ids)
    assert [row.id for row in claimed] == sorted(ids)
    assert {(row.status, row.attempts) for row in claimed} == {("sending", 1)}
    stored = Notification.objects.filter(id__in=ids)
    assert set(stored.values_list("status", "attempts")) == {("sending", 1)}
    assert all(row.claimed_at is not None for row in claimed)
    assert _claim(ids) == []  # claimed: nobody takes them again while the claim holds


def test_a_claim_left_by_a_lost_worker_is_taken_again_once_it_expires():
    fresh, lost, sent = ledger(EmployerFactory(), ["payment_notice"] * 3)
    now = timezone.now()
    Notification.objects.filter(id=fresh.id).update(status="sending", claimed_at=now)
    expired = now - claim_expires() - datetime.timedelta(seconds=1)
    Notification.objects.filter(id=lost.id).update(status="sending", claimed_at=expired, attempts=1)
    Notification.objects.filter(id=sent.id).update(status="sent")
    claimed = _claim([fresh.id, lost.id, sent.id])
    assert [(row.id, row.attempts) for row in claimed] == [(lost.id, 2)]
    assert Notification.objects.get(id=lost.id).claimed_at > expired


def test_the_employers_of_rows_that_name_theirs_come_with_the_claim():
    employer = EmployerFactory(name="甲公司")
    rows = ledger(employer, ["hr_digest", "payment_notice", "filings_moved"])
    claimed = _claim([row.id for row in rows])
    with CaptureQueriesContext(connection) as queries:
        names = [row.employer.name for row in claimed if row.kind != "payment_notice"]
    assert (names, len(queries)) == (["甲公司", "甲公司"], 0)


def test_no_ids_claim_nothing_without_a_query():
    with CaptureQueriesContext(connection) as queries:
        assert _claim([]) == []
    assert len(queries) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_another_claimer_holds_locked_is_skipped_not_waited_for():
    """Two workers claiming overlapping batches at once: the second skips what the first has
    locked (FOR UPDATE SKIP LOCKED) rather than waiting, and takes the rest."""
    held, free = ledger(EmployerFactory(), ["payment_notice"] * 2)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            other.set_autocommit(False)
            cursor.execute(
                "SELECT id FROM filings_notification WHERE id = %s FOR UPDATE",
                [held.id],
            )
            claimed = _claim([held.id, free.id])
            assert [row.id for row in claimed] == [free.id]
            other.rollback()
    finally:
        other.close()
    assert [row.id for row in _claim([held.id, free.id])] == [held.id]
