"""The admin site: Django's, with the day's work as its landing page."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HRAdminSite(admin.AdminSite):
    site_header = _("hrsocsec: social insurance filings")
    site_title = _("hrsocsec")
    index_title = _("Today's work")
    index_template = "admin/hrsocsec_dashboard.html"

    def index(self, request, extra_context=None):
        from notifications.dashboard import (  # the site is built before the apps
            EXPOSED_AT_MOST,
            dashboard,
            most_exposed,
        )

        today = timezone.localdate()
        exposed, overdue = most_exposed(request.user, today)
        context = {
            "dashboard": dashboard(request.user, today),
            "today": today,
            "exposed": exposed,
            "overdue_count": overdue,
            "exposed_limit": EXPOSED_AT_MOST,
        }
        return super().index(request, {**context, **(extra_context or {})})


class AdminConfig(DjangoAdminConfig):
    default_site = "hrsocsec.admin_site.HRAdminSite"
