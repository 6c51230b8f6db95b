from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from employees import timeline
        from filings.moves import filings_moved
        from notifications import checks  # noqa: F401  (registers the deploy check)
        from notifications.services import filings_moved_notify
        from notifications.timeline import timeline_entries

        # Filings emit the event; telling HR is this app's (imports run one way only).
        filings_moved.connect(filings_moved_notify, dispatch_uid="notifications.filings_moved")
        # The employee's page tells the notices sent and what is due; employees cannot ask.
        timeline.register(timeline_entries)
