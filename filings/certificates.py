"""The termination certificate (解除或终止劳动合同证明书) that Labour Contract Law art. 50 has the
employer issue when a contract ends, with what art. 24 of its Implementing Regulations requires:
the contract's term, the date of dissolution or termination, the position and the years of
service at the employer; the employer's name and a place for its seal. HTML rendered to PDF by
WeasyPrint, in Chinese or, on request, English; the text comes from the employment's records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from employees.models import Employee
from filings.models import Filing
from hrsocsec.errors import InvalidInput

# Art. 44 ends a contract (终止); every other reason dissolves it (解除).
TERMINATION_REASONS = {
    Filing.Reason.CONTRACT_EXPIRY,
    Filing.Reason.RETIREMENT,
    Filing.Reason.DEATH,
    Filing.Reason.EMPLOYER_CLOSED,
}
LANGUAGES = ("zh-hans", "en")


class CertificateRefused(InvalidInput):
    pass


@dataclass(frozen=True)
class Service:
    years: int
    months: int


def years_of_service(hired: datetime.date, left: datetime.date) -> Service:
    """Whole years and months from the first day of work to the last (the day of leaving
    counted: hired 2023-03-01, left 2026-02-28 is 3 years 0 months)."""
    end = left + datetime.timedelta(days=1)
    months = (end.year - hired.year) * 12 + end.month - hired.month - (end.day < hired.day)
    return Service(months // 12, months % 12)


def dissolve_of(employee: Employee) -> Filing | None:
    """The employee's dissolve, the latest not withdrawn or rejected: the certificate's date
    and reason, and where it is kept once issued."""
    return (
        Filing.objects.filter(employee=employee, kind=Filing.Kind.DISSOLVE)
        .exclude(state__in=[Filing.State.WITHDRAWN, Filing.State.REJECTED])
        .order_by("-id")
        .first()
    )


def certificate_html(employee: Employee, language: str) -> str:
    if language not in LANGUAGES:
        raise CertificateRefused(
            _("Choose zh-hans or en."), fields={"language": [_("Choose zh-hans or en.")]}
        )
    dissolve = dissolve_of(employee)
    left = employee.separation_date or (dissolve.effective_date if dissolve else None)
    if left is None:
        raise CertificateRefused(
            _("No separation is recorded for this employee: nothing to certify yet."),
            fields={"separation_date": [_("Record the separation first.")]},
        )
    ended = dissolve is not None and dissolve.reason in TERMINATION_REASONS
    with translation.override(language):
        context = {
            "employee": employee,
            "employer": employee.employer,
            "left": left,
            "ended": ended,
            "reason": dissolve.get_reason_display() if dissolve else "",
            "service": years_of_service(employee.hire_date, left),
            "issued": timezone.localdate(),
            "language": language,
        }
        return render_to_string("filings/termination_certificate.html", context)


def certificate_pdf(employee: Employee, language: str = "zh-hans") -> bytes:
    from weasyprint import HTML  # loads Pango: only when a certificate is made

    return HTML(string=certificate_html(employee, language)).write_pdf()
