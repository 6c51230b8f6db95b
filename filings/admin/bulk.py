"""The employee list's bulk actions (seed 000: tick the people, pick the reason and the date,
save): one form per kind, a batch of one filing per employee, then the per-employee outcomes.
A dissolve for economic layoff shows the art. 41 warning on the form and needs it ticked."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from employees import access
from employees.models import Membership
from filings import services
from filings.eligibility import effective_date_errors
from filings.models import Filing
from filings.services.layoffs import layoff_preview
from hrsocsec.api.throttling import UserThrottle, throttled_message
from hrsocsec.errors import DomainError

Kind = Filing.Kind
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser's date picker
# How many of the ticked employees the form names; the rest are counted.
LISTED = 20


class BulkForm(forms.Form):
    kind: str
    title = ""
    note = forms.CharField(
        label=_("note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Kept with each filing's history."),
    )

    def clean_effective_date(self):
        day = self.cleaned_data.get("effective_date")
        if day is None:
            return day
        errors = effective_date_errors(self.kind, day)
        if errors:
            raise forms.ValidationError(errors)
        return day

    def batch_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "acknowledge_layoff"}


class RegisterForm(BulkForm):
    kind = Kind.REGISTER
    title = _("Register the selected employees")
    effective_date = forms.DateField(
        label=_("effective date"),
        required=False,
        widget=DATE,
        help_text=_("Left empty, each registration takes effect on the employee's hire date."),
    )
    field_order = ["effective_date", "note"]


class RenewForm(BulkForm):
    kind = Kind.RENEW
    title = _("Renew the selected employees' contracts")
    effective_date = forms.DateField(
        label=_("effective date"),
        help_text=_("The first day of the renewed contract."),
        widget=DATE,
    )
    new_contract_end_date = forms.DateField(label=_("new contract end date"), widget=DATE)
    field_order = ["effective_date", "new_contract_end_date", "note"]


class DissolveForm(BulkForm):
    kind = Kind.DISSOLVE
    title = _("Dissolve the selected employees' contracts and stop their insurance")
    reason = forms.ChoiceField(
        label=_("reason"), choices=[("", "---------"), *Filing.Reason.choices]
    )
    reason_text = forms.CharField(
        label=_("reason, in words"),
        max_length=500,
        required=False,
        help_text=_("Required when the reason is 'other'."),
    )
    effective_date = forms.DateField(
        label=_("effective date"), help_text=_("The last day of the labour contract."), widget=DATE
    )
    acknowledge_layoff = forms.BooleanField(
        label=_("I acknowledge the notice and report that art. 41 requires."), required=False
    )
    field_order = ["reason", "reason_text", "effective_date", "note", "acknowledge_layoff"]


FORMS = {form.kind: form for form in (RegisterForm, RenewForm, DissolveForm)}


def _layoff_warning(form, employer_id: int, employee_ids: list[int]) -> str:
    """The art. 41 warning these dissolves would reach, added to the form unless ticked."""
    data = form.cleaned_data
    if form.kind != Kind.DISSOLVE or data.get("reason") != Filing.Reason.ECONOMIC_LAYOFF:
        return ""
    layoff = layoff_preview(employer_id, employee_ids, data["effective_date"])
    if layoff is None:
        return ""
    if not data.get("acknowledge_layoff"):
        form.add_error(
            "acknowledge_layoff", _("Tick this to file an economic layoff of this size.")
        )
    return layoff.warning


def _save(modeladmin, request, form, employer_id, employee_ids):
    """The batch, submitted at once when asked; None (form errors added) when refused."""
    acknowledged = bool(form.cleaned_data.get("acknowledge_layoff"))
    if not UserThrottle("batches").allow_request(request, None):
        form.add_error(None, throttled_message())
        return None
    try:
        batch = services.batch_create(
            actor=request.user,
            employer_id=employer_id,
            employee_ids=employee_ids,
            kind=form.kind,
            acknowledge_layoff=acknowledged,
            **form.batch_values(),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None
    except DomainError as exc:  # an employee gone from the employer since the list was shown
        form.add_error(None, str(exc))
        return None
    if request.POST.get("apply") == "submit":
        try:
            services.batch_submit(
                actor=request.user, batch_id=batch.id, acknowledge_layoff=acknowledged
            )
        except (DomainError, ValidationError) as exc:
            # The batch is kept with its drafts; the outcomes page says what is left to do.
            modeladmin.message_user(request, str(exc), messages.ERROR)
    return batch


def bulk_action(modeladmin, request, queryset, kind: str):
    """The intermediate form of one kind over the ticked employees, then its outcomes page."""
    employer_ids = list(queryset.order_by().values_list("employer_id", flat=True).distinct()[:2])
    if len(employer_ids) != 1:
        modeladmin.message_user(
            request, _("Pick employees of one employer for a batch."), messages.ERROR
        )
        return None
    if not access.has_role(request.user, employer_ids[0], Membership.Role.CLERK):
        modeladmin.message_user(
            request, _("Filing for this employer needs a clerk's role there."), messages.ERROR
        )
        return None
    form_class = FORMS[kind]
    form = form_class(request.POST if "apply" in request.POST else None)
    employee_ids = list(queryset.order_by("id").values_list("id", flat=True))
    warning = ""
    if form.is_valid():
        warning = _layoff_warning(form, employer_ids[0], employee_ids)
    if form.is_bound and not form.errors:
        batch = _save(modeladmin, request, form, employer_ids[0], employee_ids)
        if batch is not None:
            return HttpResponseRedirect(reverse("admin:filings_batch_outcomes", args=[batch.id]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": form_class.title,
        "form": form,
        "kind": kind,
        "layoff_warning": warning,
        "count": len(employee_ids),
        "employees": queryset.order_by("id")[:LISTED],
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action": request.POST.get("action", ""),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/filings/bulk_form.html", context)


@admin.action(description=_("Register selected…"), permissions=["change"])
def register_selected(modeladmin, request, queryset):
    return bulk_action(modeladmin, request, queryset, Kind.REGISTER)


@admin.action(description=_("Renew selected…"), permissions=["change"])
def renew_selected(modeladmin, request, queryset):
    return bulk_action(modeladmin, request, queryset, Kind.RENEW)


@admin.action(description=_("Dissolve selected and stop insurance…"), permissions=["change"])
def dissolve_selected(modeladmin, request, queryset):
    return bulk_action(modeladmin, request, queryset, Kind.DISSOLVE)


BULK_ACTIONS = (register_selected, renew_selected, dissolve_selected)
