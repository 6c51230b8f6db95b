import io
import tracemalloc
import zipfile

import pytest

from employees.imports.formats import (
    CSV,
    MAX_SHARED_STRINGS,
    MAX_UNPACKED_BYTES,
    XLSX,
    ImportFileError,
)
from tests.employees.imports.sheets import csv_bytes, xlsx_bytes

ROW = ["王芳", "110105199005170011", "2026-07-01", "8500"]


def test_csv_headings_become_fields_and_unknown_columns_are_left_alone():
    dataset = CSV().create_dataset(csv_bytes([[*ROW, "销售"]]))
    assert dataset.headers[:4] == ["name", "id_number", "hire_date", "monthly_wage"]
    assert dataset.column_titles["id_number"] == "身份证号码"
    assert dataset.ignored_columns == ["部门"]
    assert dataset[0][:4] == tuple(ROW)


def test_a_csv_saved_by_a_chinese_excel_reads_too():
    dataset = CSV().create_dataset(csv_bytes([ROW], encoding="gb18030"))
    assert dataset[0][0] == "王芳"


def test_english_headings_in_any_case_are_accepted():
    headings = ["Name", "ID number", "Hire date", "Monthly wage"]
    assert len(XLSX().create_dataset(xlsx_bytes([ROW], headings=headings))) == 1


def test_blank_rows_are_skipped():
    dataset = XLSX().create_dataset(xlsx_bytes([ROW, [None] * 4, ["", "", "", ""]]))
    assert len(dataset) == 1


def test_a_missing_required_column_is_named():
    with pytest.raises(ImportFileError, match="hire date"):
        CSV().create_dataset(csv_bytes([ROW[:2]], headings=["姓名", "身份证号码"]))


def test_a_file_over_the_row_cap_is_refused(settings):
    settings.EMPLOYEE_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        CSV().create_dataset(csv_bytes([ROW] * 4))
    assert len(CSV().create_dataset(csv_bytes([ROW] * 3))) == 3


def test_a_sheet_of_formatted_empty_rows_stops_at_the_scan_cap(settings):
    settings.EMPLOYEE_IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportFileError, match="empty ones included"):
        XLSX().create_dataset(xlsx_bytes([ROW, *[[" "] * 4] * 30]))


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr("employees.imports.formats.MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ImportFileError, match="unpacks"):
        XLSX().create_dataset(xlsx_bytes([ROW]))


def test_not_a_workbook_or_not_text_is_said_plainly(tmp_path):
    with pytest.raises(ImportFileError, match="not an XLSX"):
        XLSX().create_dataset(b"name,id\n")
    with pytest.raises(ImportFileError, match="UTF-8"):
        CSV().create_dataset(b"\xff\xfe\x00\x00\x81")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="could not be read"):
        XLSX().create_dataset(broken.read_bytes())


def test_two_columns_with_the_same_meaning_are_refused():
    headings = ["姓名", "身份证号码", "入职日期", "月工资", "Name"]
    with pytest.raises(ImportFileError, match="Two columns"):
        CSV().create_dataset(csv_bytes([[*ROW, "x"]], headings=headings))


def with_shared_strings(count: int) -> bytes:
    """A real workbook whose shared-strings part declares ``count`` strings, compressed as
    the attack file was (5 million of them in 211 KB)."""
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([ROW])))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = (
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in original.infolist():
            data = original.read(info).decode()
            if info.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
                data = data.replace("</Types>", override + "</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", relation + "</Relationships>")
            archive.writestr(info.filename, data)
        strings = f'<sst xmlns="{main}">'.encode() + b"<si><t>x</t></si>" * count + b"</sst>"
        archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_the_shared_strings_bomb_of_the_issue_is_refused_in_bounded_memory():
    """5 million shared strings, 85 MB unpacked from a few hundred KB: refused from the zip's
    directory before openpyxl reads a byte of it, in a few MB of memory."""
    bomb = with_shared_strings(5_000_000)
    assert len(bomb) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="unpacks to more than 10 MB"):
            XLSX().create_dataset(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(bomb) + 5_000_000


def test_too_many_shared_strings_within_the_size_cap_are_refused_before_openpyxl_reads_them():
    workbook = with_shared_strings(MAX_SHARED_STRINGS + 1)
    assert zipfile.ZipFile(io.BytesIO(workbook)).getinfo("xl/sharedStrings.xml").file_size < (
        MAX_UNPACKED_BYTES
    )
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="different texts"):
            XLSX().create_dataset(workbook)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # counted in pieces: openpyxl would have built 250,001 strings
    assert len(XLSX().create_dataset(with_shared_strings(5))) == 1  # a count within the cap
