from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("filings")

    def ready(self):
        from employees import timeline
        from filings.timeline import filing_entries

        # The employee's page tells the filings too; employees cannot import them.
        timeline.register(filing_entries)
