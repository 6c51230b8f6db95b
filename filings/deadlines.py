"""Statutory deadlines, as pure functions of dates (no database).

Registration (Social Insurance Law art. 58): the employer applies within 30 days from the date of
employment. Periods are counted as the Civil Code counts them (arts. 201-203): the day of
employment is not counted, so the last day is ``hire_date + 30 days``; when that day is a legal
rest day (a weekend that is not a make-up working day, or a public holiday) the period ends on the
first working day after it. The last day ends at 24:00 Asia/Shanghai, so a deadline is a date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

REGISTRATION_PERIOD_DAYS = 30

FALLBACK_WARNING = (
    "The official holiday calendar does not cover {year} yet: the deadline was computed with "
    "weekends only and may move when the State Council publishes that year's holidays."
)


@dataclass(frozen=True, slots=True)
class Deadline:
    date: datetime.date
    # Empty when the official calendar covered every day looked at.
    warning: str = ""


def _is_working_day(day: datetime.date) -> tuple[bool, bool]:
    """(working day?, was the official calendar used?)"""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def first_working_day_from(day: datetime.date) -> Deadline:
    """The day itself when it is a working day, else the first working day after it."""
    uncovered: set[int] = set()
    while True:
        working, official = _is_working_day(day)
        if not official:
            uncovered.add(day.year)
        if working:
            break
        day += datetime.timedelta(days=1)
    warning = FALLBACK_WARNING.format(year=", ".join(map(str, sorted(uncovered))))
    return Deadline(day, warning if uncovered else "")


@lru_cache(maxsize=16384)
def registration_deadline(hire_date: datetime.date) -> Deadline:
    """The last day to apply for social-insurance registration of someone hired on hire_date."""
    return first_working_day_from(hire_date + datetime.timedelta(days=REGISTRATION_PERIOD_DAYS))
