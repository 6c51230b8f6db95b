"""Writes to the ledger that come from other apps' events."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from employees.models import Employer
from notifications.models import Notification
from notifications.tasks import notification_send_task

# Events listed in one message; the rest are counted ("and 9,800 more").
MOVED_MAX_LINES = 200


def filings_moved_notify(*, employer_id: int, event_ids: Sequence[int], **signal) -> list[int]:
    """The receiver of filings.moves.filings_moved, in the move's transaction: one message per
    HR contact in the ledger (kept, retried and visible like every other), sent after the
    commit. An employer without HR contacts gets none."""
    hr_emails = Employer.objects.filter(id=employer_id).values_list("hr_emails", flat=True).get()
    recipients = sorted(set(hr_emails or []))
    if not recipients:
        return []
    payload = {"event_ids": list(event_ids[:MOVED_MAX_LINES]), "count": len(event_ids)}
    rows = Notification.objects.bulk_create(
        Notification(
            kind=Notification.Kind.FILINGS_MOVED,
            recipient=email,
            subject_key=f"filing-event:{event_ids[0]}",
            period="",
            employer_id=employer_id,
            language=settings.LANGUAGE_CODE,
            payload=payload,
        )
        for email in recipients
    )
    ids = [row.id for row in rows]
    notification_send_task.delay_on_commit(ids)
    return ids
