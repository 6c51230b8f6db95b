from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from contributions.api import ContributionRuleViewSet, MonthlyStatementViewSet
from employees.api.access_log import AccessLogViewSet
from employees.api.calendar import CalendarViewSet
from employees.api.memberships import MembershipViewSet
from employees.api.views import EmployeeViewSet, EmployerViewSet, RegionViewSet
from filings.api.batches import BatchViewSet
from filings.api.separations import EndOfEmploymentViewSet, SeparationViewSet
from filings.api.views import FilingViewSet
from hrsocsec.api.errors import api_not_found
from notifications.api import DeadlineViewSet, NotificationViewSet

router = DefaultRouter()
router.include_format_suffixes = False  # JSON only: no ".json" URLs
router.register("regions", RegionViewSet, basename="region")
router.register("employers", EmployerViewSet, basename="employer")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("access-log", AccessLogViewSet, basename="access-log")
# POST employees/{id}/separate/ first: the root view then links "employees" to the list.
router.register("employees", SeparationViewSet, basename="employee-separation")
router.register("employees", EndOfEmploymentViewSet, basename="employee-end")
router.register("employees", EmployeeViewSet, basename="employee")
router.register("filings", FilingViewSet, basename="filing")
router.register("batches", BatchViewSet, basename="batch")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("calendar", CalendarViewSet, basename="calendar")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("contribution-rules", ContributionRuleViewSet, basename="contribution-rule")
router.register("statements", MonthlyStatementViewSet, basename="statement")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("api/", include(router.urls)),
    path("api/auth/", include("rest_framework.urls")),
    # Any other /api/ URL: the JSON 404, under DEBUG too (whose own 404 page is HTML).
    re_path(r"^api/.*/$", api_not_found, name="api-not-found"),  # without a slash: redirected first
    path("i18n/", include("django.conf.urls.i18n")),  # the admin's language switch
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

handler400 = "hrsocsec.api.errors.bad_request"
handler403 = "hrsocsec.api.errors.permission_denied"
handler404 = "hrsocsec.api.errors.not_found"
handler500 = "hrsocsec.api.errors.server_error"
