"""Issuing the termination certificate: rendered (filings.certificates) and kept as a voucher of
the employee's dissolve, which meets the certificate part of Labour Contract Law art. 50."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from employees.models import Employee
from filings.certificates import certificate_pdf, dissolve_of
from filings.models import Voucher
from filings.services.vouchers import voucher_attach
from hrsocsec.errors import InvalidInput


def certificate_issue(*, actor, employee: Employee, language: str) -> Voucher:
    dissolve = dissolve_of(employee)
    if dissolve is None:
        raise InvalidInput(
            _("The certificate is kept with the dissolve filing: file the dissolve first."),
            fields={"filing": [_("No dissolve filing for this employee.")]},
        )
    pdf = certificate_pdf(employee, language)
    upload = SimpleUploadedFile(
        f"termination-certificate-{language}.pdf", pdf, content_type="application/pdf"
    )
    return voucher_attach(
        actor=actor,
        filing_id=dissolve.id,
        kind=Voucher.Kind.TERMINATION_CERTIFICATE,
        upload=upload,
    )
