"""Recording who saw a full ID number (PIPL art. 28), and the find box's rate limit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from employees.models import Employee, IdNumberRead

Via = IdNumberRead.Via


def id_number_reads_record(*, user, via: str, employees: Iterable[Employee]) -> int:
    """Records that ``user`` was shown the full ID number of each of ``employees``."""
    rows = [
        IdNumberRead(user=user, via=via, employee_id=e.id, employer_id=e.employer_id)
        for e in employees
    ]
    IdNumberRead.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def find_misses_left(user, now: datetime.datetime | None = None) -> int:
    """How many more find-box lookups that find nobody ``user`` may make now."""
    now = now or timezone.now()
    since = now - datetime.timedelta(minutes=settings.ID_FIND_MISS_WINDOW_MINUTES)
    misses = IdNumberRead.objects.filter(user=user, employee__isnull=True, at__gt=since).count()
    return max(settings.ID_FIND_MISSES_ALLOWED - misses, 0)


def find_lookup(*, user, lookup) -> list[Employee] | None:
    """Runs ``lookup()`` (the employees found) for ``user``, recording each employee found, or
    the miss; ``None`` when the user has used up their misses, and nothing is looked up.

    One user's lookups run one after another (a lock on the user's row), so parallel requests
    cannot take more misses than allowed.
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if find_misses_left(user) <= 0:
            return None
        found = list(lookup())
        if found:
            id_number_reads_record(user=user, via=Via.FIND, employees=found)
        else:
            IdNumberRead.objects.create(user=user, via=Via.FIND)
    return found
