"""CSV and XLSX read with caps (bytes, rows, columns, unpacked size) into a tablib Dataset
whose headings are our field names; the file's own headings are kept to name columns in errors.
CSV is decoded as UTF-8 or, as Excel saves it on a Chinese Windows, GB 18030."""

import csv
import io
import re
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats

from employees.imports import cells
from employees.imports.columns import COLUMNS, REQUIRED, field_for

MAX_COLUMNS = 100
# An XLSX is a zip: what it unpacks to is capped too, so a small file cannot fill the memory or
# the CPU (a 211 KB file of 5 million shared strings unpacks to 85 MB, and openpyxl would spend
# 51 s and 435 MB on it). A full import of 2,000 employees unpacks to well under 2 MB; the
# sizes a zip declares bound what can be read from it (zipfile stops there).
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
# openpyxl reads every shared string into memory before the first row: counted first, on the
# stream, and capped at what the largest import could hold (every cell a different string).
MAX_SHARED_STRINGS = 250_000
SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, for the clerk."""


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows; split it into several files.")
        % {"max": settings.EMPLOYEE_IMPORT_MAX_ROWS}
    )


def build_dataset(rows) -> tablib.Dataset:
    """The rows (header first) as a Dataset of our fields; blank rows are left out."""
    rows = iter(rows)
    headings = next(rows, None)
    headings = list(headings or [])
    while headings and cells.is_blank(headings[-1]):
        headings.pop()  # a sheet read to a fixed width pads the row with empty cells
    if not headings:
        raise ImportFileError(_("The file is empty: the first row must hold the headings."))
    if len(headings) > MAX_COLUMNS:
        raise ImportFileError(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    fields, titles = [], {}
    for index, heading in enumerate(headings):
        field = field_for(heading)
        if field in titles:
            raise ImportFileError(
                _("Two columns are headed '%(heading)s'; keep one.") % {"heading": heading}
            )
        fields.append(field or f"_ignored_{index}")
        if field:
            titles[field] = str(heading).strip()
    missing = [f for f in REQUIRED if f not in titles]
    if missing:
        raise ImportFileError(
            _("The file has no column for: %(missing)s. Use the template's headings.")
            % {"missing": ", ".join(str(COLUMNS[f][0]) for f in missing)}
        )
    dataset = tablib.Dataset(headers=fields)
    width = len(fields)
    cap = settings.EMPLOYEE_IMPORT_MAX_ROWS
    lines = []
    for line, row in enumerate(rows, start=2):  # the headings are line 1
        row = list(row)[:width]
        if all(cells.is_blank(value) for value in row):
            continue
        if len(dataset) >= cap:
            raise _too_many_rows()
        dataset.append(row + [None] * (width - len(row)))
        lines.append(line)
    if not len(dataset):
        raise ImportFileError(_("The file has headings but no employees."))
    dataset.column_titles = titles
    dataset.sheet_lines = lines
    dataset.ignored_columns = [
        str(h).strip() for h, f in zip(headings, fields, strict=True) if f.startswith("_ignored_")
    ]
    return dataset


def _scanned(rows, cap: int):
    """At most ``cap`` rows read, blank ones (formatted but empty) included."""
    for number, row in enumerate(rows):
        if number > cap:
            raise ImportFileError(
                _(
                    "The sheet has more than %(max)s rows, empty ones included: delete the "
                    "empty rows below the employees, or split the file."
                )
                % {"max": cap}
            )
        yield row


class CSV(base_formats.CSV):
    def get_title(self):
        return gettext_lazy("CSV (UTF-8 or GB 18030, as Excel saves it)")

    def is_binary(self):
        return True  # decoded here, so that a GB 18030 file reads too

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        try:
            decoded = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                decoded = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("The file is not text in UTF-8 or GB 18030: save it as CSV (UTF-8).")
                ) from None
        if "\x00" in decoded:
            raise ImportFileError(_("The file is not a CSV: save it as CSV (UTF-8)."))
        try:
            return build_dataset(csv.reader(io.StringIO(decoded, newline="")))
        except csv.Error as exc:
            raise ImportFileError(
                _("The file is not a readable CSV (%(error)s).") % {"error": exc}
            ) from None


def _shared_strings(stream) -> int:
    """How many shared strings the workbook declares, counted in 1 MB pieces of the unpacked
    part (bounded memory; it stops once past the cap)."""
    with zipfile.ZipFile(stream) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
        count = 0
        for name in names:
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1024 * 1024):
                    text = tail + chunk
                    count += len(SHARED_STRING.findall(text))
                    tail = text[-32:]
                    count -= len(SHARED_STRING.findall(tail))  # counted again next piece
                    if count > MAX_SHARED_STRINGS:
                        return count
                count += len(SHARED_STRING.findall(tail))
    stream.seek(0)
    return count


class XLSX(base_formats.XLSX):
    def get_title(self):
        return gettext_lazy("XLSX (Excel)")

    def create_dataset(self, in_stream):
        import openpyxl

        stream = io.BytesIO(in_stream)
        try:
            with zipfile.ZipFile(stream) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise ImportFileError(
                _("The file is not an XLSX workbook: save it from Excel as .xlsx, or as CSV.")
            ) from None
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                _("The workbook unpacks to more than %(mb)s MB; split it, or save it as CSV.")
                % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        if _shared_strings(stream) > MAX_SHARED_STRINGS:
            raise ImportFileError(
                _(
                    "The workbook holds more than %(max)s different texts, more than any "
                    "import can use: save the employees' sheet alone, or as CSV."
                )
                % {"max": f"{MAX_SHARED_STRINGS:,}"}
            )
        try:
            # Formulas stay formulas (no cached values): a formula is refused, never guessed.
            book = openpyxl.load_workbook(stream, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds on a damaged workbook
            raise ImportFileError(
                _("The workbook could not be read: open it in Excel and save it again as .xlsx.")
            ) from None
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
            return build_dataset(_scanned(rows, settings.EMPLOYEE_IMPORT_MAX_ROWS * 10))
        finally:
            book.close()


FORMATS = [XLSX, CSV]
