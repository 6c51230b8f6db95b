"""The admin site: Django's, with the day's work as its landing page, and the pages of the
apps that belong to no model (add_page)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    route: str
    view: Callable  # a view of the request; add_page wraps it in admin_view (staff only)
    name: str
    app_label: str
    label: str


class HRAdminSite(admin.AdminSite):
    site_header = _("hrsocsec: social insurance filings")
    site_title = _("hrsocsec")
    index_title = _("Today's work")
    index_template = "admin/hrsocsec_dashboard.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[Page] = []

    def add_page(self, route, view, *, name, app_label, label) -> None:
        """For the apps: a page of theirs at /admin/<route> (URL name admin:<name>), listed
        first under their app in the sidebar and the app list (notifications' deadline
        calendar). Called from the app's admin module, before the URLs are read."""
        self.pages.append(Page(route, view, name, app_label, label))

    def get_urls(self):
        pages = [path(p.route, self.admin_view(p.view), name=p.name) for p in self.pages]
        return [*pages, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["models"][:0] = [
                {
                    "name": page.label,
                    "object_name": page.name,
                    "admin_url": reverse(f"admin:{page.name}", current_app=self.name),
                    "add_url": None,
                    "view_only": True,
                    "perms": {"view": True},
                }
                for page in self.pages
                if page.app_label == app["app_label"]
            ]
        return apps

    def index(self, request, extra_context=None):
        from notifications.charts import dashboard_charts  # the site is built before the apps
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
            "charts": dashboard_charts(request.user, today),
        }
        return super().index(request, {**context, **(extra_context or {})})


class AdminConfig(DjangoAdminConfig):
    default_site = "hrsocsec.admin_site.HRAdminSite"
