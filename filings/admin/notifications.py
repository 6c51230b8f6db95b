from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.admin.scoping import ScopedAdmin, ScopedEmployerFilter
from filings.api.notifications import mask_email
from filings.models import Notification


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    """The ledger, read-only: what was owed to whom, sent or failed and why."""

    list_display = [
        "id",
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
        "subject_key",
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
