"""Admin permissions from memberships, not Django model permissions: one rule for API and admin."""

from django.contrib import admin

from employees import access
from employees.models import Membership

Role = Membership.Role


class ScopedAdmin(admin.ModelAdmin):
    """Rows of the user's employers only; writes need the role ``write_role``; nothing deleted."""

    write_role = Role.CLERK

    def employer_id_of(self, obj) -> int:
        return obj.employer_id

    def scoped(self, request, queryset):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def _has(self, request, obj, role) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        if obj is None:
            return access.employers_for(user, at_least=role).exists()
        return access.has_role(user, self.employer_id_of(obj), role)

    def has_module_permission(self, request):
        return self._has(request, None, Role.VIEWER)

    def has_view_permission(self, request, obj=None):
        return self._has(request, obj, Role.VIEWER)

    def has_add_permission(self, request):
        return self._has(request, None, self.write_role)

    def has_change_permission(self, request, obj=None):
        return self._has(request, obj, self.write_role)

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever hard-deleted (SI Law art. 74: complete records)


class ScopedEmployerFilter(admin.RelatedFieldListFilter):
    """The employer filter lists the user's employers only, never anybody else's names."""

    def field_choices(self, field, request, model_admin):
        return [(e.pk, str(e)) for e in access.employers_for(request.user)]
