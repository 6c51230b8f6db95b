"""Reads of employees that more than one caller needs."""

from django.db.models import Exists, OuterRef

from employees.models import Employee, HolidayYear


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
