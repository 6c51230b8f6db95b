"""What a test's captured on-commit callbacks would enqueue."""

from notifications.models import Notification


def enqueued(callbacks) -> list[tuple[str, tuple]]:
    """What each captured on-commit callback would enqueue: (task name, arguments)."""
    return [(callback.func.__self__.name, callback.args) for callback in callbacks]


SEND = "notifications.tasks.notification_send_task"


def told(callbacks) -> list[tuple[str, list[int]]]:
    """What the captured on-commit callbacks send: per ledger row enqueued, its kind and the
    filing events it tells of (one row per HR contact, the factories' employer has one)."""
    rows = []
    for name, args in enqueued(callbacks):
        assert name == SEND
        for row in Notification.objects.filter(id__in=args[0]).order_by("id"):
            rows.append((row.kind, sorted(row.payload["event_ids"])))
    return rows
