"""Run the notifications sweep now, optionally as if it were another day (for a demo: watch
the HR mailbox fill as the days pass). The sends go to the worker, as beat's tick would."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import sweep
from notifications.delivery import notifications_send
from notifications.tasks import notifications_enqueue


class Command(BaseCommand):
    help = "Derive what is owed into the notification ledger and send it."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to sweep for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--inline", action="store_true", help="send here instead of through the worker"
        )

    def handle(self, *args, today=None, inline=False, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today: give a date as YYYY-MM-DD ({exc})") from exc
        result = sweep.sweep(day)
        if inline:
            notifications_send(result.enqueued, final_attempt=True)
        else:
            notifications_enqueue(result.enqueued)
        inserted = ", ".join(f"{kind}: {n}" for kind, n in result.inserted.items())
        how = "sent here" if inline else "enqueued for the worker"
        self.stdout.write(f"ledger rows added ({inserted}); {len(result.enqueued)} {how}")
