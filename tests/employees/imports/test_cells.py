import datetime
from decimal import Decimal

import pytest

from employees.imports import cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-07-01", datetime.date(2026, 7, 1)),
        ("2026/7/1", datetime.date(2026, 7, 1)),
        ("2026.07.01", datetime.date(2026, 7, 1)),
        ("2026年7月1日", datetime.date(2026, 7, 1)),
        ("20260701", datetime.date(2026, 7, 1)),
        (datetime.datetime(2026, 7, 1, 0, 0), datetime.date(2026, 7, 1)),
        ("", None),
    ],
)
def test_a_date_is_read_as_a_clerk_writes_it(raw, expected):
    assert cells.day(raw) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "1/7/2026", "next monday", "2026-13-01"])
def test_a_date_that_is_not_one_says_how_to_write_it(raw):
    with pytest.raises(ValueError, match="2026-07-01"):
        cells.day(raw)


def test_an_id_number_stored_as_a_number_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="Text"):
        cells.id_number(110105199005170011)
    with pytest.raises(ValueError, match="Text"):
        cells.id_number(1.10105199005170e17)
    assert cells.id_number(" 11010519900517001x ") == "11010519900517001x"


@pytest.mark.parametrize(
    "raw", ['=HYPERLINK("x")', "+86", "-1", "@SUM(A1)", "＝1+1", "\t=1", " =1", "\n=HYPERLINK(1)"]
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_refused(raw):
    with pytest.raises(ValueError, match="formula"):
        cells.text(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8,500.00", Decimal("8500.00")),
        ("￥8500元", Decimal("8500.00")),
        (8500, Decimal("8500.00")),
        (8500.5, Decimal("8500.50")),
        ("", None),
    ],
)
def test_a_wage_is_read_in_yuan(raw, expected):
    assert cells.wage(raw) == expected


@pytest.mark.parametrize("raw", ["八千", "8500.001", "NaN", True])
def test_a_wage_that_is_not_an_amount_in_fen_is_refused(raw):
    with pytest.raises(ValueError, match="wage"):
        cells.wage(raw)


def test_the_language_takes_codes_and_names_and_defaults_to_chinese():
    assert cells.language("English") == "en"
    assert cells.language("中文") == "zh-hans"
    assert cells.language(None) == "zh-hans"
    with pytest.raises(ValueError, match="zh-hans"):
        cells.language("fr")
