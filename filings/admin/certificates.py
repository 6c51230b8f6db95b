"""The termination certificate on the employee's page: download it (Chinese or English), and
issue it from the list (stored as a voucher of the dissolve, which meets LCL art. 50)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filings.services import certificate_issue
from hrsocsec.errors import DomainError


def termination_certificate(employee):
    if employee is None or employee.pk is None or employee.separation_date is None:
        return _("available once the separation is recorded")
    url = reverse("employee-end-termination-certificate", args=[employee.pk])
    return format_html(
        '<a href="{}?language=zh-hans">{}</a> · <a href="{}?language=en">{}</a>',
        url,
        _("PDF in Chinese"),
        url,
        _("PDF in English"),
    )


termination_certificate.short_description = gettext_lazy("termination certificate")


@admin.action(
    description=gettext_lazy("Issue the termination certificate (kept with the dissolve)"),
    permissions=["change"],
)
def issue_termination_certificates(modeladmin, request, queryset):
    issued, refused = 0, []
    for employee in queryset.select_related("employer"):
        try:
            certificate_issue(actor=request.user, employee=employee, language=employee.language)
        except DomainError as exc:
            refused.append(f"{employee.name}: {exc}")
            continue
        issued += 1
    if issued:
        modeladmin.message_user(
            request,
            _("%(n)d termination certificate(s) issued and kept with the dissolve.")
            % {"n": issued},
            messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, messages.ERROR)
