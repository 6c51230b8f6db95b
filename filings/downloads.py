"""A batch's export as an HTTP download: one place for the API and the admin. The caller has
checked that the user may see full ID numbers (clerk or manager)."""

from django.http import HttpResponse

from filings import exports
from filings.models import Batch, Filing
from filings.states import FilingState as F

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def batch_export_response(batch: Batch, fmt: str) -> HttpResponse:
    filings = (
        Filing.objects.filter(batch_row__batch=batch)
        .exclude(state=F.WITHDRAWN)  # withdrawn: nothing to re-key
        .select_related("employee")
        .order_by("batch_row__id")
    )
    rows = exports.export_rows(filings)
    content = exports.to_xlsx(rows) if fmt == "xlsx" else exports.to_csv(rows)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(batch, fmt)}"'
    response["Cache-Control"] = "no-store"  # full ID numbers stay out of caches
    return response
