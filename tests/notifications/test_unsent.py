"""notifications.models.Unsent: the ledger rows still to send, kept by the database's triggers
whatever writes the ledger, so that no index of the ledger covers a column a send updates and
those updates are HOT (PostgreSQL rewrites no index for them)."""

import pytest
from django.db import connection
from django.utils import timezone

from notifications.delivery import notifications_send
from notifications.models import Notification, Unsent
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def ledger_rows(employer, count):
    people = [EmployeeFactory(employer=employer, email=f"p{n}@example.com") for n in range(count)]
    return Notification.objects.bulk_create(
        Notification(
            kind=Notification.Kind.SEPARATION_NOTICE,
            recipient=person.email,
            subject_key=f"filing:{n}",
            employer=employer,
            employee=person,
            language="en",
            payload={"filing_id": n},
        )
        for n, person in enumerate(people)
    )


def unsent() -> set[int]:
    return set(Unsent.objects.values_list("notification_id", flat=True))


def test_a_row_is_unsent_from_its_insert_until_it_is_sent_failed_or_stale(employer):
    rows = ledger_rows(employer, 5)
    ids = [row.id for row in rows]
    assert unsent() == set(ids)
    Notification.objects.filter(id=ids[0]).update(status="sending", claimed_at=timezone.now())
    Notification.objects.filter(id=ids[1]).update(status="sent")
    Notification.objects.filter(id=ids[2]).update(status="failed")
    Notification.objects.filter(id=ids[3]).update(status="stale")
    assert unsent() == {ids[0], ids[4]}
    Notification.objects.filter(id=ids[2]).update(status="pending")  # put back for a retry
    assert unsent() == {ids[0], ids[2], ids[4]}
    Notification.objects.filter(id=ids[4]).delete()
    assert unsent() == {ids[0], ids[2]}


def test_a_sent_batch_leaves_nothing_unsent(employer, smtp_server):
    rows = ledger_rows(employer, 4)
    # Separation notices of filings that do not exist: not due any more, so stale.
    notifications_send([row.id for row in rows])
    assert set(Notification.objects.values_list("status", flat=True)) == {"stale"}
    assert unsent() == set()


SEND_COLUMNS = {"status", "claimed_at", "attempts", "sent_at", "last_error"}


@pytest.mark.postgres
def test_no_index_of_the_ledger_covers_a_column_a_send_updates():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text,
                   pg_get_indexdef(i.indexrelid), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
            FROM pg_index i WHERE i.indrelid = 'filings_notification'::regclass
            """
        )
        indexes = cursor.fetchall()
    assert len(indexes) >= 3  # the key, the ledger's unique key, the employer's
    for name, definition, predicate in indexes:
        used = {column for column in SEND_COLUMNS if column in definition + predicate}
        assert not used, (name, used)


def ledger_updates() -> tuple[int, int]:
    """The ledger's updates so far, and how many of them were HOT: this connection's counts
    flushed to the statistics first, then read afresh."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # at the end of this statement
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            "WHERE relname = 'filings_notification'"
        )
        return cursor.fetchone()


@pytest.mark.postgres
# The claim and the record commit, as in a worker (serialized rollback: the shipped data back).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sends_updates_of_the_ledger_are_hot(employer, smtp_server):
    rows = ledger_rows(employer, 60)
    before = ledger_updates()
    notifications_send([row.id for row in rows])
    updated, hot = (after - was for after, was in zip(ledger_updates(), before, strict=True))
    assert updated == 120  # the claim and the outcome of each
    assert hot / updated >= 0.9
