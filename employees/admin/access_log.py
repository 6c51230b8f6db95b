"""The ID number access log in the admin: for the employer's managers, read-only."""

from django.contrib import admin

from employees import access
from employees.admin.scoping import Role, ScopedAdmin, ScopedEmployerFilter
from employees.models import IdNumberRead


@admin.register(IdNumberRead)
class IdNumberReadAdmin(ScopedAdmin):
    list_display = ["at", "user", "via", "employer", "employee"]
    list_filter = ["via", ("employer", ScopedEmployerFilter)]
    list_select_related = ["user", "employer", "employee"]
    fields = list_display
    show_full_result_count = False

    def scoped(self, request, queryset):
        if request.user.is_superuser:
            return queryset  # the operator: every record, find-box misses too
        managed = access.employers_for(request.user, at_least=Role.MANAGER)
        return queryset.filter(employer__in=managed)

    def employer_id_of(self, obj):
        return obj.employer_id

    def has_module_permission(self, request):
        return self._has(request, None, Role.MANAGER)

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.employer_id is None:
            return request.user.is_superuser
        return self._has(request, obj, Role.MANAGER)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
