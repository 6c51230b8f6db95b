from celery import shared_task

from filings import notices


@shared_task(ignore_result=True)
def filing_events_notify_task(event_ids: list[int]) -> str:
    """After a transition's commit: one message to HR. Safe to run twice (the notice is
    claimed by its key first); not retried, a failure stays visible on the notice."""
    return notices.filing_events_notify(event_ids)
