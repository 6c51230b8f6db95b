import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.utils import translation

from filings import exports
from filings.models import Batch, BatchRow, Filing
from tests.factories import EmployeeFactory, make_id_number

pytestmark = pytest.mark.django_db

HEADER = ["Name", "ID number", "Kind", "Reason", "Effective date", "New contract end date"]
FORMULA_NAMES = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tfoo",
    "\rfoo",
    "\nfoo",
    "＝1",
    "＋1",
    "－2",
    "＠SUM(A1)",
]


def _filing(employer, user, kind="register", **fields):
    fields.setdefault("employee", EmployeeFactory(employer=employer))
    fields.setdefault("effective_date", datetime.date(2026, 3, 2))
    return Filing.objects.create(employer=employer, created_by=user, kind=kind, **fields)


def _dissolve(employer, user, **fields):
    fields.setdefault("reason", Filing.Reason.MUTUAL_AGREEMENT)
    return _filing(employer, user, "dissolve", effective_date=datetime.date(2026, 6, 30), **fields)


def _csv(filings) -> list[list[str]]:
    data = exports.to_csv(exports.export_rows(filings))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _sheet(filings):
    data = exports.to_xlsx(exports.export_rows(filings))
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _id_number(predicate) -> str:
    return next(n for n in (make_id_number() for _ in range(500)) if predicate(n))


def test_csv_starts_with_a_bom_and_ends_lines_with_crlf(employer, clerk):
    """Excel needs the BOM to read the Chinese names as UTF-8; the rows end in CRLF."""
    data = exports.to_csv(exports.export_rows([_filing(employer, clerk)]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2
    assert data.replace(b"\r\n", b"").count(b"\n") == 0


def test_csv_has_the_header_and_one_row_per_filing(employer, clerk, hired):
    filing = _filing(employer, clerk, employee=hired)
    assert _csv([filing]) == [
        HEADER,
        [hired.name, hired.id_number, "register", "", "2026-03-02", ""],
    ]


def test_xlsx_has_a_bold_header_and_every_cell_as_text(employer, clerk, hired):
    sheet = _sheet([_filing(employer, clerk, employee=hired)])
    rows = list(sheet.iter_rows())
    assert [cell.value or "" for cell in rows[0]] == HEADER
    assert all(cell.font.bold for cell in rows[0])
    assert [cell.value or "" for cell in rows[1]] == [
        hired.name,
        hired.id_number,
        "register",
        "",
        "2026-03-02",
        "",
    ]
    assert not rows[1][0].font.bold
    assert rows[1][1].data_type == "s"
    assert rows[1][4].data_type == "s"
    assert {cell.data_type for row in rows for cell in row if cell.value is not None} == {"s"}


def test_xlsx_sets_column_widths(employer, clerk):
    sheet = _sheet([_filing(employer, clerk)])
    assert sheet.column_dimensions["B"].width == 22
    assert sheet.column_dimensions["D"].width == 48


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_formula_like_name_is_neutralised_in_csv(employer, clerk, name):
    employee = EmployeeFactory(employer=employer, name=name)
    assert _csv([_filing(employer, clerk, employee=employee)])[1][0] == f"'{name}"


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_formula_like_name_is_neutralised_in_xlsx(employer, clerk, name):
    employee = EmployeeFactory(employer=employer, name=name)
    cell = _sheet([_filing(employer, clerk, employee=employee)])["A2"]
    # An XML parser reads a bare CR as LF (XML 1.0 section 2.11), so "\r" comes back as "\n".
    assert cell.value == f"'{name}".replace("\r", "\n")
    assert cell.data_type == "s"


@pytest.mark.parametrize("value", ["张三", "Zhang-San", "a=b", "O'Brien", ""])
def test_neutralise_leaves_ordinary_text_alone(value):
    assert exports.neutralise(value) == value


def test_an_error_code_as_a_name_stays_text_in_xlsx(employer, clerk):
    """openpyxl would write "#N/A" as an error cell and "=1" as a formula on its own."""
    employee = EmployeeFactory(employer=employer, name="#N/A")
    cell = _sheet([_filing(employer, clerk, employee=employee)])["A2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_a_control_character_in_a_name_does_not_stop_the_xlsx(employer, clerk):
    employee = EmployeeFactory(employer=employer, name="张\x01三")
    assert _sheet([_filing(employer, clerk, employee=employee)])["A2"].value == "张三"


def test_id_numbers_stay_exact_text(employer, clerk):
    """An X check digit and 18 digits (too many for a spreadsheet number) both survive."""
    with_x = EmployeeFactory(employer=employer, id_number=_id_number(lambda n: n.endswith("X")))
    digits = EmployeeFactory(employer=employer, id_number=_id_number(str.isdigit))
    filings = [_filing(employer, clerk, employee=with_x), _filing(employer, clerk, employee=digits)]
    assert [row[1] for row in _csv(filings)[1:]] == [with_x.id_number, digits.id_number]
    sheet = _sheet(filings)
    for cell, expected in [(sheet["B2"], with_x.id_number), (sheet["B3"], digits.id_number)]:
        assert (cell.value, cell.data_type, cell.number_format) == (expected, "s", "@")


def test_an_other_reason_carries_its_text(employer, clerk, insured):
    filing = _dissolve(
        employer, clerk, employee=insured, reason=Filing.Reason.OTHER, reason_text="合同无效"
    )
    row = _csv([filing])[1]
    assert row[2:5] == ["dissolve", "other (explain)：合同无效", "2026-06-30"]
    assert _sheet([filing])["D2"].value == "other (explain)：合同无效"


def test_a_listed_reason_is_its_label_only(employer, clerk, insured):
    filing = _dissolve(employer, clerk, employee=insured, reason_text="agreed on 1 June")
    assert _csv([filing])[1][3] == "mutual agreement (art. 36)"


def test_only_a_renew_row_carries_the_new_end_date(employer, clerk, insured, hired):
    renew = _filing(
        employer,
        clerk,
        "renew",
        employee=insured,
        effective_date=datetime.date(2029, 3, 2),
        new_contract_end_date=datetime.date(2032, 3, 1),
    )
    register = _filing(employer, clerk, employee=hired)
    rows = _csv([renew, register])[1:]
    assert [(row[2], row[4], row[5]) for row in rows] == [
        ("renew", "2029-03-02", "2032-03-01"),
        ("register", "2026-03-02", ""),
    ]
    assert _sheet([renew])["F2"].value == "2032-03-01"


def test_labels_follow_the_active_language(employer, clerk, insured):
    """Kind and reason are the model's display text, translated when the export is made."""
    filing = _dissolve(
        employer, clerk, employee=insured, reason=Filing.Reason.OTHER, reason_text="x"
    )
    with translation.override("zh-hans"):
        assert next(exports.export_rows([filing]))[2:4] == ["减员/停保", "其他（请说明）：x"]


def test_exporting_a_batch_reads_its_filings_in_one_query(
    employer, clerk, django_assert_num_queries
):
    batch = Batch.objects.create(employer=employer, kind="register", created_by=clerk)
    for _ in range(3):
        filing = _filing(employer, clerk)
        BatchRow.objects.create(
            batch=batch, employee=filing.employee, outcome="created", filing=filing
        )
    filings = Filing.objects.filter(batch_row__batch=batch).select_related("employee")
    with django_assert_num_queries(1):
        rows = list(exports.export_rows(filings))
    assert len(rows) == 3


def test_filename_names_the_batch_and_no_person(employer, clerk, hired, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC))
    batch = Batch.objects.create(employer=employer, kind="register", created_by=clerk)
    name = exports.filename(batch, "xlsx")
    assert name == f"batch-{batch.id}-register-20260305.xlsx"  # 07:30 on the 5th in Shanghai
    assert name.isascii()
    assert hired.name not in name
    assert hired.id_number not in name


def test_filename_refuses_an_extension_that_is_not_one(employer, clerk):
    batch = Batch.objects.create(employer=employer, kind="renew", created_by=clerk)
    with pytest.raises(ValueError, match="not a file extension"):
        exports.filename(batch, "../csv")
    assert re.fullmatch(r"batch-\d+-renew-\d{8}\.csv", exports.filename(batch, "csv"))
