"""Entering a year's holiday arrangement: checked whole, saved whole or not at all, and every
deadline it moves recomputed, each with an event. The 2027 file in tests/employees/data is a
made-up arrangement in holiday-cn's layout (the statutory days, bridges and make-up weekends a
notice typically has), not the State Council's."""

import datetime
import json
from pathlib import Path

import pytest

from employees.models import Employee, EmployeeEvent, HolidayDay, HolidayYear
from employees.services.holidays import (
    ArrangementRefused,
    deadlines_recompute_year,
    holiday_year_save,
)
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory
from tests.oncommit import enqueued

pytestmark = pytest.mark.django_db
D = datetime.date
FILE = Path(__file__).resolve().parent.parent / "data" / "holidays-2027.json"
NOTICE = "国办发明电〔2026〕99号"
RECOMPUTE = "employees.tasks.deadlines_recompute_year_task"


def year_2027() -> dict:
    return json.loads(FILE.read_text(encoding="utf-8"))


def save(days=None, **overrides):
    values = {
        "actor": None,
        "year": 2027,
        "days": year_2027()["days"] if days is None else days,
        "notice_number": NOTICE,
        "notice_date": D(2026, 11, 20),
        "notice_url": "https://www.gov.cn/zhengce/content/example-2027.htm",
    }
    return holiday_year_save(**values | overrides)


@pytest.fixture
def hires():
    """Employments whose deadlines reach into 2027, counted before its arrangement."""
    return {
        # Last day 2027-01-01, New Year's Day by law, then the weekend: Mon 01-04 either way.
        "new_year": EmployeeFactory(hire_date=D(2026, 12, 2)),
        # Last day Fri 02-05 (the eve): to Tue 02-09 by law; the notice's 02-09..11 off: Fri 02-12.
        "spring": EmployeeFactory(hire_date=D(2027, 1, 6)),
        # Last day Sun 04-25: Mon 04-26 by law; the notice makes it a make-up working day.
        "make_up": EmployeeFactory(hire_date=D(2027, 3, 26)),
        # Filed: its deadline is history and stays.
        "filed": EmployeeFactory(hire_date=D(2027, 1, 6), registration_state=S.REGISTERED),
        # Counted with 2026 only: untouched.
        "earlier": EmployeeFactory(hire_date=D(2026, 10, 8)),
    }


def deadline(employee):
    employee = Employee.objects.get(id=employee.id)
    return employee.registration_deadline, employee.deadline_uncovered_year


def test_before_the_notice_the_deadlines_are_provisional_naming_2027(hires):
    assert deadline(hires["new_year"]) == (D(2027, 1, 4), 2027)
    assert Employee.objects.get(id=hires["new_year"].id).deadline_provisional
    assert deadline(hires["spring"]) == (D(2027, 2, 9), 2027)
    assert deadline(hires["make_up"]) == (D(2027, 4, 26), 2027)
    assert deadline(hires["earlier"]) == (D(2026, 11, 9), None)


def test_the_year_is_saved_with_its_notice_and_its_deadlines_recomputed_after_commit(
    hires, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert save().changed
    assert enqueued(callbacks) == [(RECOMPUTE, (2027,))]
    year = HolidayYear.objects.get(year=2027)
    assert (year.source, year.notice_number) == ("notice", NOTICE)
    assert year.days.count() == len(year_2027()["days"])
    assert set(year.days.filter(is_off_day=False).values_list("date", flat=True)) == {
        D(2027, 2, 20),
        D(2027, 4, 25),
        D(2027, 9, 26),
        D(2027, 10, 9),
    }

    assert deadlines_recompute_year(2027) == 2  # those whose day moves
    assert deadline(hires["spring"]) == (D(2027, 2, 12), None)
    assert deadline(hires["make_up"]) == (D(2027, 4, 25), None)  # earlier: a worked Sunday
    # The same day stands, not rewritten; it was counted without 2027, which is entered now.
    assert deadline(hires["new_year"]) == (D(2027, 1, 4), 2027)
    assert not Employee.objects.get(id=hires["new_year"].id).deadline_provisional
    assert Employee.objects.get(id=hires["new_year"].id).deadline_warning == ""
    assert deadline(hires["filed"]) == (D(2027, 2, 9), 2027)
    assert deadline(hires["earlier"]) == (D(2026, 11, 9), None)

    moved = EmployeeEvent.objects.filter(action="deadline_recomputed")
    assert sorted(moved.values_list("employee_id", "deadline_from", "deadline_to")) == sorted(
        [
            (hires["spring"].id, D(2027, 2, 9), D(2027, 2, 12)),
            (hires["make_up"].id, D(2027, 4, 26), D(2027, 4, 25)),
        ]
    )
    assert all(event.note == "holiday arrangement of 2027" for event in moved)
    assert deadlines_recompute_year(2027) == 0  # run twice: nothing moves again


def test_loading_the_same_days_twice_changes_nothing(hires, django_capture_on_commit_callbacks):
    save()
    deadlines_recompute_year(2027)
    changed_at = HolidayYear.objects.get(year=2027).updated_at
    with django_capture_on_commit_callbacks() as callbacks:
        assert not save().changed
    assert callbacks == []
    assert HolidayYear.objects.get(year=2027).updated_at == changed_at
    assert EmployeeEvent.objects.filter(action="deadline_recomputed").count() == 2


def test_a_correction_replaces_the_days_and_moves_the_deadlines_again(hires):
    save()
    deadlines_recompute_year(2027)
    days = [d for d in year_2027()["days"] if d["date"] != "2027-04-25"]  # not worked after all
    assert save(days=days, notice_number=NOTICE + "（更正）").changed
    assert not HolidayDay.objects.filter(date=D(2027, 4, 25)).exists()
    assert deadlines_recompute_year(2027) == 1
    assert deadline(hires["make_up"]) == (D(2027, 4, 26), None)


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        pytest.param({"date": "2027-02-31"}, "days[0]", "real date", id="bad-date"),
        pytest.param({"date": "2028-01-01"}, "days[0]", "not in 2027", id="other-year"),
        pytest.param({"date": "2027-01-02"}, "days[1]", "first as entry 1", id="twice"),
    ],
)
def test_a_bad_entry_is_named_and_nothing_is_saved(hires, change, key, words):
    days = year_2027()["days"]
    days[0] = {**days[0], **change}
    with pytest.raises(ArrangementRefused) as refused:
        save(days=days)
    assert words in " ".join(refused.value.fields[key])
    assert "nothing was saved" in str(refused.value)
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not HolidayDay.objects.filter(date__year=2027).exists()


def test_a_file_missing_a_statutory_holiday_is_refused_whole():
    days = [d for d in year_2027()["days"] if d["date"] != "2027-09-15"]
    with pytest.raises(ArrangementRefused) as refused:
        save(days=days)
    assert "2027-09-15 (Mid-Autumn Festival)" in refused.value.fields["days"][0]
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_notice_must_be_cited():
    with pytest.raises(ArrangementRefused) as refused:
        save(notice_number="  ")
    assert "notice_number" in refused.value.fields
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_a_year_of_the_package_can_be_replaced_by_its_notice():
    """2026 came from chinesecalendar; the operator may enter it from the notice itself."""
    from law.holidays import package_arrangements

    seeded = package_arrangements()[2026]
    days = [{"name": n, "date": d.isoformat(), "isOffDay": o} for d, n, o in seeded.days()]
    assert HolidayYear.objects.get(year=2026).source == "package"
    assert save(year=2026, days=days, notice_number="国办发明电〔2025〕7号").changed
    assert HolidayYear.objects.get(year=2026).source == "notice"


def test_the_package_seeded_the_years_it_carries():
    years = HolidayYear.objects.filter(source="package")
    assert (years.order_by("year").first().year, years.order_by("year").last().year) == (
        2004,
        2026,
    )
    national_day = HolidayDay.objects.get(date=D(2026, 10, 1))
    assert (national_day.name, national_day.is_off_day) == ("国庆节", True)
    assert HolidayDay.objects.get(date=D(2026, 1, 4)).is_off_day is False  # a worked Sunday


def test_years_a_newer_package_brings_are_taken_in_and_entered_ones_kept():
    """As if the database were seeded by an older release that stopped at 2025: the daily tick
    adds 2026 from the package; 2027, entered from its notice, is left as it is."""
    from employees.services.holidays import holiday_years_from_package

    HolidayYear.objects.filter(year=2026).delete()
    save()
    assert holiday_years_from_package() == [2026]
    assert HolidayYear.objects.get(year=2026).source == "package"
    assert HolidayDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert HolidayYear.objects.get(year=2027).notice_number == NOTICE
    assert holiday_years_from_package() == []
