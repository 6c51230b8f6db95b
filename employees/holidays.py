"""The holiday calendar the deadlines are counted with: law.holidays.Calendar over the years in
the database (employees.models.HolidayYear). Read once per process and again whenever a year
is saved anywhere (one cheap query tells), so a web process and a worker agree."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from employees.models import HolidayDay, HolidayYear
from law.holidays import Arrangement, Calendar

_lock = threading.Lock()
_cached: tuple[tuple, Calendar] | None = None


def _version() -> tuple:
    """Changes anywhere: every save of a year's days replaces them (new ids) and its year."""
    years = HolidayYear.objects.aggregate(n=Count("year"), changed=Max("updated_at"))
    days = HolidayDay.objects.aggregate(n=Count("id"), last=Max("id"))
    return years["n"], years["changed"], days["n"], days["last"]


def _load() -> Calendar:
    off: dict[int, dict] = {}
    work: dict[int, dict] = {}
    for year in HolidayYear.objects.values_list("year", flat=True):
        off[year], work[year] = {}, {}
    for year, date, name, is_off in HolidayDay.objects.values_list(
        "year_id", "date", "name", "is_off_day"
    ):
        (off if is_off else work)[year][date] = name
    return Calendar({year: Arrangement(year, off[year], work[year]) for year in off})


def current_calendar() -> Calendar:
    global _cached
    version = _version()
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, _load())
        return _cached[1]
