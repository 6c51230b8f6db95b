"""Reads of employees that more than one caller needs."""

import datetime

from django.db.models import Exists, OuterRef

from employees import access
from employees.models import Employee, HolidayYear
from employees.models.employees import due_days
from hrsocsec.db.compiled import CompiledList


def stale_provisional_years() -> list[int]:
    """Years that unfiled employments' deadlines were counted without, and that have an
    arrangement now (entered since, or a task was lost): their deadlines are to be recomputed."""
    arranged = HolidayYear.objects.filter(year=OuterRef("deadline_uncovered_year"))
    return list(
        Employee.objects.unfiled()
        .filter(deadline_uncovered_year__isnull=False)
        .filter(Exists(arranged))
        .order_by("deadline_uncovered_year")
        .values_list("deadline_uncovered_year", flat=True)
        .distinct()
    )


# The two lists HR acts on first, soonest deadline first (bench.employees, figures C and D):
# their first page is read on every visit, so their SQL is compiled once per kind of scope.
PAGE_SIZE = 100
DEADLINE_ORDER = ("registration_deadline", "id")


def _overdue_page(scope: str, user_id: int | None, today: datetime.date):
    employees = access.employees_in(scope, user_id).overdue(today)
    return employees.order_by(*DEADLINE_ORDER)[:PAGE_SIZE]


def _deadline_between_page(scope: str, user_id: int | None, first, last):
    employees = access.employees_in(scope, user_id).deadline_between(first, last)
    return employees.order_by(*DEADLINE_ORDER)[:PAGE_SIZE]


# Stand-ins for the user id and the days, unlike each other and any real value.
_overdue = CompiledList(
    _overdue_page, ((-1, datetime.date(1900, 1, 1)), (-2, datetime.date(1901, 2, 2)))
)
_deadline_between = CompiledList(
    _deadline_between_page,
    (
        (-1, datetime.date(1900, 1, 1), datetime.date(1900, 3, 3)),
        (-2, datetime.date(1901, 2, 2), datetime.date(1901, 4, 4)),
    ),
)


def employees_overdue_first_page(user, today: datetime.date) -> list[Employee]:
    """The first page of access.employees_for(user).overdue(today), soonest deadline first."""
    return _overdue(*access.employee_scope(user), today)


def employees_due_within_first_page(user, days: int, today: datetime.date) -> list[Employee]:
    """The first page of access.employees_for(user).due_within(days, today), soonest first."""
    return _deadline_between(*access.employee_scope(user), *due_days(days, today))
