"""The holiday calendar's rules: the statutory holidays of 全国年节及纪念日放假办法 art. 2 (as
revised in 2024, in force from 2025; and before), and the checks of a year's arrangement."""

import datetime

import pytest

from law.holidays import (
    arrangement_errors,
    arrangement_from_days,
    display_name,
    package_arrangements,
    statutory_holidays,
)

D = datetime.date


def days_of(holidays: dict, work=()) -> list[dict]:
    entries = [{"name": n, "date": d.isoformat(), "isOffDay": True} for d, n in holidays.items()]
    return entries + [{"name": "春节", "date": d.isoformat(), "isOffDay": False} for d in work]


def test_2027s_statutory_holidays_worked_out_by_hand():
    """2027 (checked against a printed lunar calendar): Spring Festival 初一 is Sat 02-06, so
    the eve 02-05 to 初三 02-08; Qingming 04-05; Dragon Boat 06-09; Mid-Autumn 09-15."""
    assert statutory_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }


def test_the_2024_revision_added_the_eve_and_2_may_from_2025():
    """13 days from 2025, 11 under the 2013 measures (2008-2024), 10 before 2008."""
    assert len(statutory_holidays(2025)) == 13
    assert D(2025, 1, 28) in statutory_holidays(2025)  # 除夕 2025
    old = statutory_holidays(2024)
    assert len(old) == 11
    assert D(2024, 2, 9) not in old
    assert D(2024, 5, 2) not in old
    before = statutory_holidays(2007)
    assert len(before) == 10
    assert D(2007, 5, 3) in before
    assert not any(name == "清明节" for name in before.values())


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_seeded_year_holds_its_statutory_holidays(year):
    """An oracle both ways: the package's arrangements pass the checks an operator's file gets,
    so the statutory days computed from the lunar calendar match 19 years of notices."""
    arrangement = package_arrangements()[year]
    entries = [
        {"name": name, "date": day.isoformat(), "isOffDay": off}
        for day, name, off in arrangement.days()
    ]
    assert arrangement_errors(year, entries) == []


def test_a_good_file_becomes_its_arrangement():
    entries = days_of(statutory_holidays(2027), work=[D(2027, 2, 20)])
    assert arrangement_errors(2027, entries) == []
    arrangement = arrangement_from_days(2027, entries)
    assert arrangement.work_days == {D(2027, 2, 20): "春节"}
    assert len(arrangement.off_days) == 13


@pytest.mark.parametrize(
    ("change", "index", "words"),
    [
        pytest.param({"date": "2028-01-01"}, 0, "is not in 2027", id="other-year"),
        pytest.param({"date": "2027-02-30"}, 0, "real date", id="not-a-date"),
        pytest.param({"date": "20270101"}, 0, "YYYY-MM-DD", id="compact-date"),
        pytest.param({"date": 20270101}, 0, "YYYY-MM-DD", id="number"),
        pytest.param({"name": " "}, 0, "name is missing", id="no-name"),
        pytest.param({"isOffDay": "yes"}, 0, "isOffDay", id="not-a-boolean"),
    ],
)
def test_each_bad_entry_is_named_with_its_reason(change, index, words):
    entries = days_of(statutory_holidays(2027))
    entries[index] = {**entries[index], **change}
    errors = arrangement_errors(2027, entries)
    assert [e.index for e in errors] == [index]
    assert words in errors[0].message


def test_a_date_twice_names_both_entries():
    entries = days_of(statutory_holidays(2027))
    entries.append(dict(entries[2]))
    (error,) = arrangement_errors(2027, entries)
    assert error.index == len(entries) - 1
    assert "listed twice (first as entry 3)" in error.message


def test_a_make_up_working_day_must_be_a_weekend():
    entries = days_of(statutory_holidays(2027), work=[D(2027, 2, 10)])  # a Wednesday
    (error,) = arrangement_errors(2027, entries)
    assert "weekday" in error.message
    assert error.index == len(entries) - 1


def test_a_statutory_holiday_missing_is_named_with_its_name():
    holidays = statutory_holidays(2027)
    del holidays[D(2027, 9, 15)]
    (error,) = arrangement_errors(2027, days_of(holidays))
    assert error.index is None
    assert "2027-09-15 (Mid-Autumn Festival) is a public holiday by law" in error.message


def test_several_errors_are_all_reported():
    entries = days_of(statutory_holidays(2027))
    entries[0]["date"] = "nope"
    entries[1]["name"] = ""
    assert [e.index for e in arrangement_errors(2027, entries)] == [0, 1]


@pytest.mark.parametrize("year", ["2027", 1989, 2101, True, None])
def test_a_bad_year_is_one_error(year):
    (error,) = arrangement_errors(year, [])
    assert "1990 to 2100" in error.message


def test_holiday_names_read_in_english_and_unknown_ones_as_written():
    assert display_name("中秋节") == "Mid-Autumn Festival"
    assert display_name("调休") == "调休"
