"""A batch as the CSV or XLSX a clerk re-keys into the agency website: no database, no views.

The caller selects the filings (with their employee) and checks that the user may see full ID
numbers: the clerk re-keys them, so they are exported unmasked.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from filings.models import Batch, Filing

COLUMNS = (
    _("Name"),
    _("ID number"),
    _("Kind"),
    _("Reason"),
    _("Effective date"),
    _("New contract end date"),
)
# In characters; a CJK character takes about two.
COLUMN_WIDTHS = (16, 22, 24, 48, 14, 20)

# OWASP "CSV Injection": a cell starting with one of these may be read as a formula. The
# full-width forms are what a Chinese IME types, and some spreadsheet apps fold them to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
TEXT_FORMAT = "@"  # Excel's "Text" number format: an edited ID number stays text


def neutralise(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _reason(filing: Filing) -> str:
    label = filing.get_reason_display()
    if filing.reason == Filing.Reason.OTHER:
        return f"{label}：{filing.reason_text}"
    return label


def export_rows(filings: Iterable[Filing]) -> Iterator[list[str]]:
    for filing in filings:
        end = filing.new_contract_end_date
        yield [
            filing.employee.name,
            filing.employee.id_number,
            filing.get_kind_display(),
            _reason(filing),
            filing.effective_date.isoformat(),
            end.isoformat() if end else "",
        ]


def _header() -> list[str]:
    return [str(label) for label in COLUMNS]


def to_csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(_header())
    writer.writerows([neutralise(value) for value in row] for row in rows)
    # The BOM makes Excel read the file as UTF-8 instead of the system code page (GBK).
    return buffer.getvalue().encode("utf-8-sig")


def _text_cell(sheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    # openpyxl refuses control characters in XML; a name pasted with one must not stop the export.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", neutralise(value)))
    # openpyxl types a string starting with "=" as a formula and "#N/A" as an error: never here.
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    if font:
        cell.font = font
    return cell


def to_xlsx(rows: Iterable[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, label, bold) for label in _header()])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(batch: Batch, extension: str) -> str:
    """batch-<id>-<kind>-<YYYYMMDD>.<extension>, dated the day the batch was made (Shanghai):
    no name or ID number, since file names end up in mail subjects and download folders."""
    if not re.fullmatch(r"[a-z0-9]+", extension):
        raise ValueError(f"not a file extension: {extension!r}")
    kind = batch.kind if batch.kind in Filing.Kind.values else "filings"
    day = timezone.localdate(batch.created_at)
    return f"batch-{batch.id}-{kind}-{day:%Y%m%d}.{extension}"
