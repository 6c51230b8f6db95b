"""Statutory deadlines, as pure functions of dates (no database).

Registration (Social Insurance Law art. 58): the employer applies within 30 days from the date of
employment. Periods are counted as the Civil Code counts them (arts. 201-203): the day of
employment is not counted, so the last day is ``hire_date + 30 days``; when that day is a legal
rest day (a weekend that is not a make-up working day, or a public holiday) the period ends on the
first working day after it. The last day ends at 24:00 Asia/Shanghai, so a deadline is a date.

For a year the official calendar does not cover, weekends alone count as rest days (DOMAIN.md),
and the result names that year so that it can be shown as a warning and recomputed once a newer
calendar covers it. Such a deadline can be off either way: a holiday it does not know moves the
real deadline later, a make-up working weekend moves it earlier.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from chinese_calendar.constants import holidays as _official_holidays

REGISTRATION_PERIOD_DAYS = 30
# The years the installed calendar carries (the package raises outside them).
FIRST_COVERED_YEAR = min(_official_holidays).year
LAST_COVERED_YEAR = max(_official_holidays).year


@dataclass(frozen=True, slots=True)
class Deadline:
    date: datetime.date
    # The first year looked at that the official calendar does not cover; None when it covered
    # every day looked at.
    uncovered_year: int | None = None


def _is_working_day(day: datetime.date) -> tuple[bool, bool]:
    """(working day?, was the official calendar used?)"""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def first_working_day_from(day: datetime.date) -> Deadline:
    """The day itself when it is a working day, else the first working day after it."""
    uncovered = None
    while True:
        working, official = _is_working_day(day)
        if not official and uncovered is None:
            uncovered = day.year
        if working:
            return Deadline(day, uncovered)
        day += datetime.timedelta(days=1)


@lru_cache(maxsize=16384)
def registration_deadline(hire_date: datetime.date) -> Deadline:
    """The last day to apply for social-insurance registration of someone hired on hire_date."""
    return first_working_day_from(hire_date + datetime.timedelta(days=REGISTRATION_PERIOD_DAYS))
