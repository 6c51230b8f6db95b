import collections
import random

from celery import shared_task
from django.conf import settings

from notifications import delivery, sweep

RETRY_BACKOFF_MAX = 300


@shared_task(ignore_result=True)
def notifications_sweep_task() -> dict:
    """Beat's tick: what is owed goes into the ledger, and the new and lost rows are enqueued
    in batches, each after the transaction that wrote it has committed."""
    result = sweep.sweep(enqueue=notifications_enqueue)
    return {"inserted": result.inserted, "enqueued": len(result.enqueued)}


def notifications_enqueue(ids: list[int]) -> int:
    """One send task per NOTIFICATION_SEND_BATCH ids; the number of tasks."""
    size = settings.NOTIFICATION_SEND_BATCH
    batches = [list(ids[start : start + size]) for start in range(0, len(ids), size)]
    for batch in batches:
        notification_send_task.delay(batch)
    return len(batches)


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 120 s ... capped at 300 s (no countdown longer than a few minutes), with
    jitter so a batch put back by a failed server does not return all at once."""
    return random.randint(15, min(30 * 2**retries, RETRY_BACKOFF_MAX))  # noqa: S311


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,  # a worker killed mid-send leaves the message for another
    reject_on_worker_lost=True,
    max_retries=5,
)
def notification_send_task(self, notification_ids: list[int] | int) -> dict:
    """Takes ledger ids only; safe to run twice (each row is claimed first). Rows a transient
    error put back are retried with backoff, alone; on the last attempt they are failed."""
    ids = [notification_ids] if isinstance(notification_ids, int) else notification_ids
    final = self.request.retries >= self.max_retries
    result = delivery.notifications_send(ids, final_attempt=final)
    if result.later:
        raise self.retry(args=[result.later], countdown=retry_countdown(self.request.retries))
    return dict(collections.Counter(result.statuses.values()))
