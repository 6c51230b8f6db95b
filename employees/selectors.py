"""What HR must act on. Each is one query on a partial index, whatever the number of employees."""

import datetime

from django.db.models import QuerySet

from employees import access
from employees.models import Employee


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


def provisional_deadline_ids() -> QuerySet:
    """Unfiled employments whose deadline was counted without the official calendar."""
    return (
        Employee.objects.unfiled()
        .exclude(deadline_warning="")
        .order_by("id")
        .values_list("id", flat=True)
    )
