import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from employees import access, services
from employees.admin.finding import find_by_id_number, may_find
from employees.admin.imports import EmployeeImportMixin
from employees.admin.scoping import RecordInline, Role, ScopedAdmin, ScopedEmployerFilter
from employees.imports.formats import XLSX
from employees.imports.template import template_workbook
from employees.models import Employee, EmployeeEvent, IdNumberRead
from employees.services.employees import UPDATABLE, check_employment
from law.payments import month_of, next_month

Via = IdNumberRead.Via


class DeadlineFilter(admin.SimpleListFilter):
    title = _("registration deadline")
    parameter_name = "deadline"
    # Choices a later app adds, by value: (label, function of request, queryset and today).
    # notifications adds the stops before the cut-off; employees knows nothing of it.
    more: dict = {}

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("overdue")),
            ("due7", _("due within 7 days")),
            ("done", _("registration filed")),
            *((value, label) for value, (label, _choose) in self.more.items()),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() in self.more:
            return self.more[self.value()][1](request, queryset, today)
        return {
            "overdue": lambda: queryset.overdue(today),
            "due7": lambda: queryset.due_within(7, today),
            "done": queryset.registration_done,
        }.get(self.value(), lambda: queryset)()


class HiredInMonthFilter(admin.SimpleListFilter):
    """The last twelve months, as links; any month by URL (?hired=2025-07)."""

    title = _("hired in month")
    parameter_name = "hired"

    def lookups(self, request, model_admin):
        month = timezone.localdate().replace(day=1)
        months = []
        for _n in range(12):
            months.append((month.strftime("%Y-%m"), month.strftime("%Y-%m")))
            month = month_of(month - datetime.timedelta(days=1))
        return months

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            first = datetime.date.fromisoformat(f"{self.value()}-01")
            after = next_month(first)
        except (ValueError, OverflowError):  # not a month, or 9999-12 with no month after it
            return queryset.none()
        return queryset.filter(hire_date__gte=first, hire_date__lt=after)


class EmployeeForm(forms.ModelForm):
    """The service's own checks, shown on the form, field by field."""

    class Meta:
        model = Employee
        fields = ["employer", *UPDATABLE]

    def clean(self):
        data = super().clean()
        current = self.instance if self.instance.pk else None
        values = {f: data.get(f, getattr(self.instance, f, None)) for f in UPDATABLE}
        employer = data.get("employer") or (current.employer if current else None)
        try:
            check_employment(
                employer_id=employer.id if employer else None,
                values=values,
                current=current,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def validate_constraints(self):
        pass  # the service checks them, and says which field is wrong


class EventInline(RecordInline):
    model = EmployeeEvent
    fields = ["at", "action", "from_state", "to_state", "changed_fields", "actor", "note"]


@admin.register(Employee)
class EmployeeAdmin(EmployeeImportMixin, ScopedAdmin):
    form = EmployeeForm
    change_list_template = "admin/employees/employee/change_list.html"
    list_display = [
        "name",
        "id_number_masked",
        "employer",
        "hire_date",
        "registration_state",
        "deadline",
    ]
    list_filter = [
        ("employer", ScopedEmployerFilter),
        "registration_state",
        DeadlineFilter,
        HiredInMonthFilter,
    ]
    search_fields = ["name"]  # an ID number never goes into a URL (?q=...)
    list_select_related = ["employer"]
    # No date_hierarchy: its year and month links cost a DISTINCT and a MIN/MAX over every
    # visible employee on each page (380 ms at a million); HiredInMonthFilter needs no query.
    show_full_result_count = False  # no count(*) over every row on each page
    # Later apps add their sections and actions through extend(): the filings, statements and
    # notifications of the employee, the bulk filings.
    inlines = [EventInline]
    actions = []
    readonly = [
        "id_number_masked",
        "birth_date",
        "sex",
        "registration_state",
        "registration_deadline",
        "deadline_warning",
        "transfer_done_on",
    ]

    def scoped(self, request, queryset):
        queryset = queryset.filter(employer__in=access.employers_for(request.user))
        return queryset.with_deadline_arranged()

    @admin.display(description=_("deadline warning"))
    def deadline_warning(self, obj):
        return obj.deadline_warning

    @admin.display(description=_("registration deadline"), ordering="registration_deadline")
    def deadline(self, obj):
        unfiled = obj.registration_state == "unregistered"
        if unfiled and obj.registration_deadline < timezone.localdate():
            return format_html(
                '<strong style="color:#ba2121">{} ({})</strong>',
                obj.registration_deadline,
                _("overdue"),
            )
        if unfiled and obj.deadline_provisional:
            return format_html(
                '{} <span title="{}">({})</span>',
                obj.registration_deadline,
                obj.deadline_warning,
                _("provisional"),
            )
        return obj.registration_deadline

    def _full_id_allowed(self, request, obj) -> bool:
        return obj is None or access.may_see_full_id_number(request.user, obj.employer_id)

    def get_fields(self, request, obj=None):
        fields = ["employer", *UPDATABLE, *(self.readonly if obj else [])]
        if not self._full_id_allowed(request, obj):
            # The birth date is the masked part of the ID number: both or neither; a viewer
            # sees no wage either.
            hidden = ("id_number", "birth_date", "monthly_wage")
            fields = [f for f in fields if f not in hidden]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Any change page rendered, also one shown again after a refused save: it holds the
        # birth date beside the masked number, and the ID number field.
        obj = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and obj is not None and self._full_id_allowed(request, obj):
            services.id_number_reads_record(user=request.user, via=Via.ADMIN, employees=[obj])
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_find": may_find(request.user)}
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly, "employer"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employer":
            kwargs["queryset"] = access.employers_for(request.user, at_least=Role.CLERK)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in UPDATABLE if f in form.cleaned_data}
        if change:
            services.employee_update(actor=request.user, employee=obj, **data)
        else:
            employer = form.cleaned_data["employer"]
            form.instance = services.employee_hire(actor=request.user, employer=employer, **data)
            obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        pass  # events are written by the services, never by the form

    def get_urls(self):
        find = self.admin_site.admin_view(self.find_view)
        template = self.admin_site.admin_view(self.import_template_view)
        return [
            path("find/", find, name="employees_employee_find"),
            path("import/template/", template, name="employees_employee_import_template"),
            *super().get_urls(),
        ]

    def find_view(self, request):
        return find_by_id_number(self, request)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_workbook(), content_type=XLSX.CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="employees-template.xlsx"'
        return response

    @classmethod
    def extend(cls, *, inlines=(), actions=(), readonly=()) -> None:
        """For the apps that build on employees: their inlines on the employee's page, after
        the events, their actions on the list, and read-only lines (callables of the
        employee, with a short_description) on the page."""
        cls.inlines = [*cls.inlines, *inlines]
        cls.actions = [*cls.actions, *actions]
        cls.readonly = [*cls.readonly, *readonly]
