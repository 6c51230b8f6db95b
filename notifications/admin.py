from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.admin.employees import DeadlineFilter, EmployeeAdmin
from employees.admin.scoping import RecordInline, ScopedAdmin, ScopedEmployerFilter
from notifications.api import mask_email
from notifications.calendar_admin import DueOnFilter, calendar_view
from notifications.dashboard import CUTOFF_DAYS, TRANSFER_DAYS
from notifications.due import stops_at_risk, transfers_due
from notifications.models import Notification


class EmployeeNotificationInline(RecordInline):
    """On the employee's page: what the employee was sent (payment and separation notices),
    and how it went."""

    model = Notification
    fk_name = "employee"
    fields = ["kind", "period", "status", "sent_at", "last_error"]
    ordering = ["-id"]
    verbose_name_plural = _("notifications sent to the employee")


def transfers_within_a_week(request, queryset, today):
    """The employee list's "certificate and transfer due" choice: the dashboard's count."""
    due = transfers_due(request.user, days=TRANSFER_DAYS, today=today)
    return queryset.filter(id__in=[item.employee_id for item in due])


def stops_before_cutoff(request, queryset, today):
    """The employee list's "stop to file before the cut-off" choice: the dashboard's count."""
    risks = stops_at_risk(request.user, days=CUTOFF_DAYS, today=today)
    return queryset.filter(id__in=[risk.employee_id for risk in risks])


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    """The ledger, read-only: what was owed to whom, sent or failed and why."""

    list_display = [
        "number",
        "kind",
        "masked_recipient",
        "employer",
        "period",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = [("employer", ScopedEmployerFilter), "status", "kind"]
    list_select_related = ["employer"]
    show_full_result_count = False
    fields = [
        "kind",
        "masked_recipient",
        "employer",
        "employee",
        "period",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
    ]

    def scoped(self, request, queryset):
        return queryset.filter(employer__in=access.employers_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipient"))
    def masked_recipient(self, row):
        return mask_email(row.recipient)


EmployeeAdmin.extend(inlines=[EmployeeNotificationInline], list_filter=[DueOnFilter])
DeadlineFilter.more["stop7"] = (_("stop to file before the cut-off (7 days)"), stops_before_cutoff)
DeadlineFilter.more["transfer7"] = (
    _("certificate and transfer due within 7 days or overdue (LCL art. 50)"),
    transfers_within_a_week,
)
admin.site.add_page(
    "calendar/",
    calendar_view,
    name="deadline_calendar",
    app_label="notifications",
    label=_("Deadline calendar"),
)
