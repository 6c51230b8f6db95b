from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employees import access, services, timeline
from employees.admin import search
from employees.admin.filters import DeadlineFilter, HiredInMonthFilter
from employees.admin.finding import find_by_id_number, may_find
from employees.admin.imports import EmployeeImportMixin
from employees.admin.paging import CappedPaginator
from employees.admin.scoping import RecordInline, Role, ScopedAdmin, ScopedEmployerFilter
from employees.imports.formats import XLSX
from employees.imports.template import template_workbook
from employees.models import Employee, EmployeeEvent, IdNumberRead
from employees.models.employees import ACTION_FIRST, DAYS_LEFT_ORDER
from employees.services.employees import UPDATABLE, check_employment
from employees.workflow import RegistrationState

Via = IdNumberRead.Via
search.register()


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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")  # a name per row, one query


@admin.register(Employee)
class EmployeeAdmin(EmployeeImportMixin, ScopedAdmin):
    form = EmployeeForm
    change_list_template = "admin/employees/employee/change_list.html"
    change_form_template = "admin/employees/employee/change_form.html"  # the timeline first
    list_display = [
        "name",
        "id_number_masked",
        "employer",
        "hire_date",
        "registration_state",
        "deadline",
        "days_left",
    ]
    # What needs action first: nothing filed, the longest overdue first; then the rest, newest
    # first. The overdue and due-soon filters so read most overdue first.
    ordering = ACTION_FIRST
    list_filter = [
        ("employer", ScopedEmployerFilter),
        "registration_state",
        DeadlineFilter,
        HiredInMonthFilter,
    ]
    # An ID number never goes into a URL (?q=...). The name as icontains, from an index on
    # PostgreSQL (employees.admin.search).
    search_fields = ["name__name_contains"]
    list_select_related = ["employer"]
    # No date_hierarchy: its year and month links cost a DISTINCT and a MIN/MAX over every
    # visible employee on each page (380 ms at a million); HiredInMonthFilter needs no query.
    show_full_result_count = False  # no count(*) over every row on each page
    paginator = CappedPaginator  # nor over every row found: "more than 10000" beyond that
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

    def get_ordering(self, request):
        # Filtered to employments with something filed, every row ties on ACTION_FIRST's first
        # two keys: the order is its last, newest first, which the primary key's index serves
        # (read in ACTION_FIRST's index, the 20,000 unfiled rows of a million came first).
        state = request.GET.get("registration_state__exact")
        filed = (state and state != RegistrationState.UNREGISTERED) or (
            request.GET.get("deadline") == "done"
        )
        return ["-id"] if filed else super().get_ordering(request)

    def scoped(self, request, queryset):
        queryset = queryset.filter(employer__in=access.employers_for(request.user))
        return queryset.with_deadline_arranged()

    @admin.display(description=_("deadline warning"))
    def deadline_warning(self, obj):
        return obj.deadline_warning

    @admin.display(description=_("registration deadline"), ordering="registration_deadline")
    def deadline(self, obj):
        day = formats.date_format(obj.registration_deadline)  # as every other date on the page
        unfiled = obj.registration_state == RegistrationState.UNREGISTERED
        if unfiled and obj.registration_deadline < timezone.localdate():
            # In red; the next column says how long overdue (a shorter column at 1366 px).
            return format_html('<strong class="overdue" title="{}">{}</strong>', _("overdue"), day)
        if unfiled and obj.deadline_provisional:
            return format_html(
                '{} <span title="{}">{}</span>', day, obj.deadline_warning, _("(provisional)")
            )
        return day

    @admin.display(description=_("days overdue / left"), ordering=DAYS_LEFT_ORDER)
    def days_left(self, obj):
        """For an employment with nothing filed: how far past or before its deadline."""
        if obj.registration_state != RegistrationState.UNREGISTERED:
            return ""
        days = (obj.registration_deadline - timezone.localdate()).days
        text = timeline.days_left_text(days)
        if days < 0:
            return format_html('<strong class="overdue">{}</strong>', text)
        return format_html("<strong>{}</strong>", text) if days == 0 else text

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The page leads with the employment's timeline (employees.timeline: every app's part).
        if obj is not None and obj.pk:
            context["timeline"] = timeline.timeline_of(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_instances(self, request, obj=None):
        # The record under the timeline, each section folded until opened.
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.classes = [*(inline.classes or []), "collapse"]
        return inlines

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_find": may_find(request.user)}
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if cl is not None and getattr(cl.paginator, "capped", False):
            # Django's "All 10000 selected" would pass a lower bound off as the number.
            response.context_data["selection_note_all"] = gettext(
                "All of the more than %(count)s selected"
            ) % {"count": cl.result_count}
        return response

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
    def extend(cls, *, inlines=(), actions=(), readonly=(), list_filter=()) -> None:
        """For the apps that build on employees: their inlines on the employee's page, after
        the events, their actions and filters on the list, and read-only lines (callables of
        the employee, with a short_description) on the page."""
        cls.inlines = [*cls.inlines, *inlines]
        cls.actions = [*cls.actions, *actions]
        cls.readonly = [*cls.readonly, *readonly]
        cls.list_filter = [*cls.list_filter, *list_filter]
