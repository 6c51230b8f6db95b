"""What HR must act on. Each is one query on a partial index, whatever the number of employees."""

import datetime

from django.db.models import QuerySet

from employees import access
from employees.models import Employee
from filings.deadlines import FIRST_COVERED_YEAR, LAST_COVERED_YEAR


def registrations_overdue(user, *, today: datetime.date) -> QuerySet[Employee]:
    """Nothing filed and the last day (SI Law art. 58) has passed: fines loom (art. 84)."""
    return access.employees_for(user).overdue(today).order_by("registration_deadline", "id")


def registrations_due_within(user, *, days: int, today: datetime.date) -> QuerySet[Employee]:
    """Nothing filed yet and the last day is today or within the next ``days`` days."""
    return (
        access.employees_for(user).due_within(days, today).order_by("registration_deadline", "id")
    )


def registrations_done(user) -> QuerySet[Employee]:
    """Registration filed with the agency (pending, confirmed, or since stopped)."""
    return access.employees_for(user).registration_done().order_by("-hire_date", "-id")


def stale_deadline_ids() -> QuerySet:
    """Unfiled employments counted with weekends only for a year that the installed calendar
    covers now (it was upgraded since): their stored deadline may be wrong."""
    return (
        Employee.objects.unfiled()
        .filter(deadline_uncovered_year__range=(FIRST_COVERED_YEAR, LAST_COVERED_YEAR))
        .order_by("id")
        .values_list("id", flat=True)
    )
