"""Spreadsheets for the import tests, written as a clerk's Excel would write them."""

import csv
import io

from openpyxl import Workbook

HEADINGS = ["姓名", "身份证号码", "入职日期", "月工资", "部门"]


def csv_bytes(rows, headings=HEADINGS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([headings, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, headings=HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
