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
        from notifications.dashboard import dashboard  # the site is built before the apps

        today = timezone.localdate()
        context = {"dashboard": dashboard(request.user, today), "today": today}
        return super().index(request, {**context, **(extra_context or {})})


class AdminConfig(DjangoAdminConfig):
    default_site = "hrsocsec.admin_site.HRAdminSite"
