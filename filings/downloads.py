"""Downloads, one place for the API and the admin: a batch's export and a voucher's stored
file (the caller has scoped them and checked the user may see full ID numbers)."""

from django.http import FileResponse, HttpResponse

from employees.models import IdNumberRead
from employees.services import id_number_reads_record
from filings import exports
from filings.models import Batch, Filing, Voucher
from filings.services.vouchers import download_name
from filings.states import FilingState

Via = IdNumberRead.Via

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def batch_export_response(batch: Batch, fmt: str, *, user) -> HttpResponse:
    filings = (
        Filing.objects.filter(batch_row__batch=batch)
        .exclude(state=FilingState.WITHDRAWN)  # withdrawn: nothing to re-key
        .select_related("employee")
        .order_by("batch_row__id")
    )
    filings = list(filings)
    rows = exports.export_rows(filings)
    content = exports.to_xlsx(rows) if fmt == "xlsx" else exports.to_csv(rows)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(batch, fmt)}"'
    response["Cache-Control"] = "no-store"  # full ID numbers stay out of caches
    id_number_reads_record(user=user, via=Via.EXPORT, employees=[f.employee for f in filings])
    return response


def voucher_response(voucher: Voucher, *, user) -> FileResponse:
    """The caller has scoped the voucher and checked the user may see full ID numbers: a
    receipt or a certificate carries them, so each download is recorded."""
    certificate = voucher.kind == Voucher.Kind.TERMINATION_CERTIFICATE
    via = Via.CERTIFICATE if certificate else Via.VOUCHER
    id_number_reads_record(user=user, via=via, employees=[voucher.filing.employee])
    response = FileResponse(
        voucher.file.open("rb"),
        as_attachment=True,
        filename=download_name(voucher),
        content_type=voucher.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"  # the stored type, never a browser's guess
    return response
