import datetime

import pytest
from django.db import connection

from employees.models import Employee
from hrsocsec.db.compiled import CompiledList
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
DAYS = ((datetime.date(1900, 1, 1),), (datetime.date(1901, 2, 2),))


def by_deadline(shape, day):
    employees = Employee.objects.filter(registration_deadline__gte=day)
    if shape == "none":
        employees = employees.none()
    elif shape == "annotated":
        employees = employees.with_deadline_arranged()
    return employees.order_by("registration_deadline", "id")[:2]


def fields(employees) -> list[dict]:
    return [{k: v for k, v in e.__dict__.items() if k != "_state"} for e in employees]


@pytest.fixture
def hires():
    return [EmployeeFactory(hire_date=datetime.date(2026, 3, day)) for day in (2, 9, 16)]


def test_a_call_returns_what_the_queryset_returns(hires):
    listed = CompiledList(by_deadline, DAYS)
    for day in (
        datetime.date(2026, 1, 1),
        hires[1].registration_deadline,
        datetime.date(2027, 1, 1),
    ):
        assert fields(listed("plain", day)) == fields(by_deadline("plain", day))


@pytest.mark.postgres
def test_on_postgresql_the_sql_is_compiled_once_and_the_value_bound(hires):
    listed = CompiledList(by_deadline, DAYS)
    listed("plain", hires[1].registration_deadline)
    compiled = listed._compiled["plain"]
    assert compiled.params == (datetime.date(1900, 1, 1),)
    assert compiled.slots == ((0, 0),)
    built = by_deadline("plain", hires[1].registration_deadline)
    assert compiled.sql == built.query.get_compiler(using="default").as_sql()[0]


def test_a_value_of_another_type_runs_the_queryset(hires):
    """A datetime for a date: Django's lookup makes it a date, which a bound value would not."""
    listed = CompiledList(by_deadline, DAYS)
    moment = datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)
    assert fields(listed("plain", moment)) == fields(by_deadline("plain", moment))


@pytest.mark.parametrize("shape", ["none", "annotated"])
def test_a_shape_without_rows_or_with_annotations_is_not_compiled(hires, shape):
    listed = CompiledList(by_deadline, DAYS)
    day = datetime.date(2026, 1, 1)
    assert fields(listed(shape, day)) == fields(by_deadline(shape, day))
    assert listed._compiled[shape] is None


def test_a_value_rewritten_on_its_way_is_not_compiled(hires):
    """A name searched for becomes %name% in the parameters: not one of the stand-ins."""
    listed = CompiledList(
        lambda shape, name: Employee.objects.filter(name__contains=name), (("x",), ("y",))
    )
    assert fields(listed("plain", hires[0].name)) == fields([hires[0]])
    assert listed._compiled["plain"] is None


def test_a_value_that_changes_the_sql_is_not_compiled(hires):
    listed = CompiledList(
        lambda shape, ids: Employee.objects.filter(id__in=ids), (((1, 2),), ((1, 2, 3),))
    )
    assert fields(listed("plain", (hires[0].id,))) == fields([hires[0]])
    assert listed._compiled["plain"] is None


def test_sqlite_dates_sent_as_text_are_not_compiled(hires):
    listed = CompiledList(by_deadline, DAYS)
    listed("plain", datetime.date(2026, 1, 1))
    assert (listed._compiled["plain"] is None) == (connection.vendor == "sqlite")
