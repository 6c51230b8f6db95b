"""Reads of employees that more than one caller needs."""

from django.db.models import QuerySet

from employees.models import Employee
from law.deadlines import FIRST_COVERED_YEAR, LAST_COVERED_YEAR


def stale_deadline_ids() -> QuerySet:
    """Unfiled employments counted with weekends only for a year that the installed calendar
    covers now (it was upgraded since): their stored deadline may be wrong."""
    return (
        Employee.objects.unfiled()
        .filter(deadline_uncovered_year__range=(FIRST_COVERED_YEAR, LAST_COVERED_YEAR))
        .order_by("id")
        .values_list("id", flat=True)
    )
