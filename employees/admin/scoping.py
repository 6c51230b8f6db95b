"""Admin permissions from memberships, not Django model permissions: one rule for API and admin."""

from django import forms
from django.contrib import admin
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.models import Membership

Role = Membership.Role


class ScopedAdmin(admin.ModelAdmin):
    """Rows of the user's employers only; writes need the role ``write_role``; nothing deleted."""

    write_role = Role.CLERK
    # Whether a user of one employer still sees the employer column (a contribution rule's
    # says whether it is the employer's own or the region's).
    employer_column_needed = False

    def employer_id_of(self, obj) -> int:
        return obj.employer_id

    def scoped(self, request, queryset):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    @admin.display(description=_("No."), ordering="id")
    def number(self, obj) -> str:
        """A record's number as HR quotes it (#42), under a heading in the reader's language."""
        return f"#{obj.pk}"

    def _one_employer(self, request) -> bool:
        """A user of one employer is not shown its name on every row, nor a filter by it."""
        if self.employer_column_needed:
            return False
        if not hasattr(request, "_employers_seen"):
            request._employers_seen = access.employers_for(request.user)[:2].count()
        return request._employers_seen <= 1

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return [c for c in shown if c != "employer"] if self._one_employer(request) else shown

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not self._one_employer(request):
            return filters
        return [f for f in filters if (f[0] if isinstance(f, tuple) else f) != "employer"]

    def allowed_lookups(self) -> set[str]:
        """The URL lookups this admin's own filters produce; nothing else reaches the ORM.

        Otherwise any field could be probed from the URL (?id_number__startswith=...), putting
        personal data into URLs and logs.
        """
        allowed = set()
        for entry in self.list_filter:
            name = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(name, type) and issubclass(name, admin.SimpleListFilter):
                allowed.add(name.parameter_name)  # read by the filter, never an ORM lookup
                continue
            field = self.model._meta.get_field(name)
            key = f"{name}__id__exact" if field.is_relation else f"{name}__exact"
            allowed |= {key, f"{name}__isnull"}
        if self.date_hierarchy:
            allowed |= {f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        return allowed

    def lookup_allowed(self, lookup, value, request=None):
        if lookup not in self.allowed_lookups():
            return False
        if self.date_hierarchy and lookup.startswith(f"{self.date_hierarchy}__"):
            # Django builds dates from these and fails with a 500 on year 9999 or month 13.
            part = lookup.rsplit("__", 1)[1]
            low, high = {"year": (1900, 2100), "month": (1, 12), "day": (1, 31)}[part]
            return str(value).isdigit() and low <= int(value) <= high
        return True

    def _has(self, request, obj, role) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        if obj is None:
            # Asked by every admin of the sidebar, several times a page: once per role.
            held = user.__dict__.setdefault("_hrsocsec_holds_role", {})
            if role not in held:
                held[role] = access.employers_for(user, at_least=role).exists()
            return held[role]
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

    def get_inlines(self, request, obj):
        # Records exist only under a saved object: an add page shows none.
        inlines = super().get_inlines(request, obj)
        return inlines if obj else [i for i in inlines if not issubclass(i, RecordInline)]


class RecordInline(admin.TabularInline):
    """An event history shown under its object: read-only, nothing added or removed."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Membership roles, not Django's model permissions (the inline default, which would
        # hide the history from every member): the parent admin has checked obj, and the
        # formset holds obj's records only. Without obj Django asks to scope the queryset.
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return access.has_role(request.user, obj.employer_id, Role.VIEWER)


class ScopedEmployerFilter(admin.RelatedFieldListFilter):
    """The employer filter lists the user's employers only, never anybody else's names."""

    def field_choices(self, field, request, model_admin):
        return [(e.pk, str(e)) for e in access.employers_for(request.user)]


class ServiceCheckedForm(forms.ModelForm):
    """Field types are checked here, the rest by the service, which names each error; the
    model's constraints would only say "Constraint … is violated" (and a contribution rule's
    would refuse a period of the 20th to the 10th of one month that the service reads as that
    month)."""

    def _post_clean(self):
        self.instance = construct_instance(self, self.instance, self._meta.fields)
