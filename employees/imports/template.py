"""The XLSX a clerk fills in: our headings in the reader's language, the ID number column
formatted as Text so that Excel keeps all 18 characters."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from employees.imports.columns import COLUMNS, heading

TEXT = "@"


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "employees"
    for index, (field, (_title, _names, required)) in enumerate(COLUMNS.items(), start=1):
        cell = sheet.cell(row=1, column=index, value=heading(field))
        cell.font = Font(bold=required)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 22
        if field == "id_number":
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = TEXT
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
