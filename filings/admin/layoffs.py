"""Labour Contract Law art. 41 in the admin: a submit action that met the warning asks for the
acknowledgement, then runs again with it for the same selection."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class AcknowledgeForm(forms.Form):
    acknowledge_layoff = forms.BooleanField(
        label=_("I acknowledge the notice and report that art. 41 requires."), required=True
    )


def layoff_acknowledged(request) -> bool:
    return "apply" in request.POST and AcknowledgeForm(request.POST).is_valid()


def ask_layoff_acknowledgement(
    modeladmin, request, needs: list[tuple[object, str]], keep: dict[str, str] | None = None
):
    """None when nothing waits; else the page naming each object and its warning. ``keep``:
    fields the action was posted with that its second run needs again (the page to return to)."""
    if not needs:
        return None
    form = AcknowledgeForm(request.POST if "apply" in request.POST else None)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Economic layoff: acknowledge before submitting"),
        "form": form,
        "items": needs,
        "selected": [str(obj.pk) for obj, _warning in needs],
        "action": "submit",
        "keep": {name: value for name, value in (keep or {}).items() if value},
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/filings/acknowledge_layoff.html", context)
