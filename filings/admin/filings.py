import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employees import access
from employees.admin.scoping import RecordInline, ScopedAdmin, ScopedEmployerFilter
from filings import moves, services
from filings.admin.layoffs import ask_layoff_acknowledgement, layoff_acknowledged
from filings.admin.vouchers import VoucherInline
from filings.models import Filing, FilingEvent
from filings.services.drafts import build_draft
from filings.services.transitions import MOVE_ROLES
from filings.states import FILING_TRANSITIONS, FilingState
from hrsocsec.errors import DomainError

DRAFT_FIELDS = [
    "employee",
    "kind",
    "reason",
    "reason_text",
    "effective_date",
    "new_contract_end_date",
]


class EmployeeFilingInline(RecordInline):
    """On the employee's page: what was filed, newest first, each a link to its filing."""

    model = Filing
    fields = ["kind", "state", "reason", "effective_date", "submitted_at", "agency_reference"]
    ordering = ["-id"]
    show_change_link = True
    verbose_name_plural = _("filings")


class FilingEventInline(RecordInline):
    model = FilingEvent
    fields = ["at", "from_state", "to_state", "actor", "note"]


ID_IN_PATH = re.compile(r"[0-9]{1,18}")
# The filing page's buttons: each move of the transition table, by the list action making it.
MOVES = {
    FilingState.SUBMITTED: ("submit", _("Submit to the agency")),
    FilingState.CONFIRMED: ("confirm", _("Confirm (agency accepted)…")),
    FilingState.REJECTED: ("reject", _("Reject (agency refused)…")),
    FilingState.WITHDRAWN: ("withdraw", _("Withdraw")),
}
# Sent by those buttons: the filing page to come back to once the action is done.
FROM_FILING = "_from_filing"


class BatchFilter(admin.SimpleListFilter):
    """The filings of one batch (linked from the batch's page); lists only the batch chosen."""

    title = _("batch")
    parameter_name = "batch"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, f"#{value}")] if value and ID_IN_PATH.fullmatch(value) else []

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not ID_IN_PATH.fullmatch(value):  # "²" is a digit to str.isdigit(), not to int()
            return queryset.none()
        return queryset.filter(batch_row__batch_id=int(value))


class FilingForm(forms.ModelForm):
    """The service's own checks on the add form, field by field."""

    acting_user = None

    class Meta:
        model = Filing
        fields = DRAFT_FIELDS

    def clean(self):
        data = super().clean()
        if self.instance.pk or not data.get("employee"):
            return data
        try:
            build_draft(actor=self.acting_user, **{f: data.get(f) for f in DRAFT_FIELDS})
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return data

    def validate_constraints(self):
        pass  # the service checks them and names the open filing


class ConfirmForm(forms.Form):
    agency_reference = forms.CharField(
        label=_("Agency's reference"),
        max_length=100,
        help_text=_("The number on the agency's receipt, kept with each filing (required)."),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Agency's reason for rejecting"), max_length=500)


def _back_to(request) -> str:
    """The filing page an action was started from (its buttons), if any."""
    back = request.POST.get(FROM_FILING, "")
    return back if ID_IN_PATH.fullmatch(back) else ""


def _run(modeladmin, request, queryset, service, target: str, **kwargs):
    """Apply one transition service to each selected filing, told to HR in one message;
    report each refusal by id, and each filing already in ``target`` as skipped (the service
    leaves it as it is)."""
    done, skipped = 0, []
    label = FilingState(target).label
    with moves.together():
        for filing in queryset:
            if filing.state == target:
                skipped.append(filing.id)
                continue
            try:
                service(actor=request.user, filing_id=filing.id, **kwargs)
                done += 1
            except (DomainError, ValidationError) as exc:
                modeladmin.message_user(request, f"#{filing.id}: {exc}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(n)d filing is now “%(state)s”.", "%(n)d filings are now “%(state)s”.", done)
            % {"n": done, "state": label},
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            _("Skipped, already “%(state)s”: %(ids)s.")
            % {"state": label, "ids": ", ".join(f"#{i}" for i in skipped)},
            messages.WARNING,
        )


@admin.register(Filing)
class FilingAdmin(ScopedAdmin):
    form = FilingForm
    list_display = [
        "number",
        "kind",
        "employee",
        "employer",
        "effective_date",
        "state",
        "agency_reference",
    ]
    list_filter = [("employer", ScopedEmployerFilter), "state", "kind", BatchFilter]
    list_select_related = ["employee", "employer"]
    search_fields = ["employee__name"]  # by name only: an ID number never enters a URL
    inlines = [FilingEventInline, VoucherInline]
    readonly = [
        "employer",
        "state",
        "agency_reference",
        "rejection_reason",
        "submitted_at",
        "last_paid_month",
        "decided_at",
    ]
    actions = ["submit", "confirm", "reject", "withdraw"]

    def scoped(self, request, queryset):
        return queryset.filter(employer__in=access.employers_for(request.user))

    def get_fields(self, request, obj=None):
        return [*DRAFT_FIELDS, *(self.readonly if obj else [])]

    def get_readonly_fields(self, request, obj=None):
        # A filing changes only through its transitions once it exists.
        return [*DRAFT_FIELDS, *self.readonly] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employee":
            kwargs["queryset"] = access.employees_for(request.user).select_related("employer")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data.get(f) for f in DRAFT_FIELDS}
        form.instance = services.filing_create_draft(actor=request.user, **data)
        obj.pk = form.instance.pk

    def save_related(self, request, form, formsets, change):
        pass  # events are written by the services

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A filing is changed by its moves only: their buttons, and no save buttons (the filing
        as the page already read it, not read again)."""
        if obj is not None:
            context.update(
                show_save=False,
                show_save_and_continue=False,
                show_save_and_add_another=False,
                from_filing=FROM_FILING,
                moves=[
                    move
                    for state, move in MOVES.items()
                    if state in FILING_TRANSITIONS[obj.state]
                    and access.has_role(request.user, obj.employer_id, MOVE_ROLES[state])
                ],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        back = _back_to(request)
        if isinstance(response, HttpResponseRedirect) and back:
            return HttpResponseRedirect(reverse("admin:filings_filing_change", args=[back]))
        return response

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user  # a new class per request (modelform_factory)
        return form

    @admin.action(description=_("Submit selected filings to the agency"), permissions=["change"])
    def submit(self, request, queryset):
        acknowledged = layoff_acknowledged(request)
        needs = []
        with moves.together():  # one message to HR for all of them
            for filing in queryset:
                try:
                    services.filing_submit(
                        actor=request.user, filing_id=filing.id, acknowledge_layoff=acknowledged
                    )
                except (DomainError, ValidationError) as exc:
                    if "acknowledge_layoff" in getattr(exc, "fields", {}):
                        needs.append((filing, str(exc)))
                    else:
                        self.message_user(request, f"#{filing.id}: {exc}", messages.ERROR)
                else:
                    self.message_user(request, _("#%(id)s submitted.") % {"id": filing.id})
        return ask_layoff_acknowledgement(self, request, needs, {FROM_FILING: _back_to(request)})

    @admin.action(
        description=_("Confirm selected filings (agency accepted)…"), permissions=["change"]
    )
    def confirm(self, request, queryset):
        form = ConfirmForm(request.POST if "confirm_form" in request.POST else None)
        if form.is_valid():
            _run(
                self,
                request,
                queryset,
                services.filing_confirm,
                FilingState.CONFIRMED,
                **form.cleaned_data,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Confirm filings"),
            "form": form,
            "filings": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "from_filing": FROM_FILING,
            "back_to": _back_to(request),
        }
        return TemplateResponse(request, "admin/filings/confirm.html", context)

    @admin.action(
        description=_("Reject selected filings (agency refused)…"), permissions=["change"]
    )
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            _run(
                self,
                request,
                queryset,
                services.filing_reject,
                FilingState.REJECTED,
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject filings"),
            "form": form,
            "filings": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "from_filing": FROM_FILING,
            "back_to": _back_to(request),
        }
        return TemplateResponse(request, "admin/filings/reject.html", context)

    @admin.action(description=_("Withdraw selected filings"), permissions=["change"])
    def withdraw(self, request, queryset):
        _run(self, request, queryset, services.filing_withdraw, FilingState.WITHDRAWN)
