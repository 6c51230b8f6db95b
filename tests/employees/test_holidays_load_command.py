"""manage.py holidays_load: a holiday-cn file in, every bad entry out, twice is once."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from employees.models import Employee, HolidayDay, HolidayYear
from tests.employees.services.test_holiday_year_save import FILE, NOTICE, year_2027
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def load(path, *more):
    out = io.StringIO()
    call_command("holidays_load", str(path), "--notice-number", NOTICE, *more, stdout=out)
    return out.getvalue()


def test_a_file_is_loaded_with_its_notice_and_the_deadlines_moved_inline():
    person = EmployeeFactory(hire_date=datetime.date(2027, 1, 6))
    out = load(FILE, "--notice-date", "2026-11-20", "--inline")
    assert "2027: arrangement saved (31 days)" in out
    assert "2027: 1 deadlines moved" in out
    year = HolidayYear.objects.get(year=2027)
    assert year.notice_url == year_2027()["papers"][0]  # the file's paper, as the link
    assert str(year.notice_date) == "2026-11-20"
    assert str(Employee.objects.get(id=person.id).registration_deadline) == "2027-02-12"
    again = load(FILE, "--notice-date", "2026-11-20", "--inline")  # the same file again
    assert "nothing changed" in again
    assert "moved" not in again


def test_every_bad_entry_is_listed_and_nothing_is_saved(tmp_path):
    data = year_2027()
    data["days"][0]["date"] = "2027-13-01"
    data["days"][3]["isOffDay"] = "true"
    bad = tmp_path / "2027.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        load(bad)
    message = str(refused.value)
    assert "2 error(s); nothing was saved" in message
    assert "days[0]: The date must be a real date" in message
    assert "days[3]: isOffDay must be true" in message
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not HolidayDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "expected an object"),
        (b'{"year": 2027, "days": "none"}', '"days" must be a list'),
        (b'{"year": "2027", "days": []}', "1990 to 2100"),
    ],
)
def test_a_file_that_is_not_an_arrangement_gets_a_plain_error(tmp_path, content, words):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=words):
        load(path)


def test_a_missing_file_and_a_bad_date_are_plain_errors(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        load(tmp_path / "missing.json")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        load(FILE, "--notice-date", "20/11/2026")
