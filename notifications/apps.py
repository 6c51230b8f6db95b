from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from filings.moves import filings_moved
        from notifications.services import filings_moved_notify

        # Filings emit the event; telling HR is this app's (imports run one way only).
        filings_moved.connect(filings_moved_notify, dispatch_uid="notifications.filings_moved")
