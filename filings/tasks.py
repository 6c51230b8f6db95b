from celery import shared_task

from filings import delivery, notices, sweep


@shared_task(ignore_result=True)
def filing_events_notify_task(event_ids: list[int]) -> str:
    """After a transition's commit: one message to HR. Safe to run twice (the notice is
    claimed by its key first); not retried, a failure stays visible on the notice."""
    return notices.filing_events_notify(event_ids)


@shared_task(ignore_result=True)
def notifications_sweep_task() -> dict:
    """Beat's tick: what is owed goes into the ledger, then one send task per new or lost row,
    enqueued after the commit (the sweep's own transactions have committed by then)."""
    result = sweep.sweep()
    for notification_id in result.enqueued:
        notification_send_task.delay(notification_id)
    return {"inserted": result.inserted, "enqueued": len(result.enqueued)}


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,  # a worker killed mid-send leaves the message for another
    reject_on_worker_lost=True,
    autoretry_for=(delivery.SendLater,),
    retry_backoff=30,
    retry_backoff_max=300,  # no countdown longer than a few minutes
    max_retries=5,
)
def notification_send_task(self, notification_id: int) -> str:
    """Takes a ledger id only; safe to run twice (the row is claimed first)."""
    final = self.request.retries >= self.max_retries
    return delivery.notification_send(notification_id, final_attempt=final)
