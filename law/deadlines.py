"""Statutory deadlines, as pure functions of dates and the holiday calendar (no database).

Registration (Social Insurance Law art. 58): the employer applies within 30 days from the date of
employment. Periods are counted as the Civil Code counts them (arts. 201-203): the day of
employment is not counted, so the last day is ``hire_date + 30 days``; when that day is a legal
rest day (a weekend that is not a make-up working day, or a public holiday) the period ends on the
first working day after it. The last day ends at 24:00 Asia/Shanghai, so a deadline is a date.

The rest days come from law.holidays.Calendar: the State Council's arrangement of each year it
holds, else the weekends and the statutory holidays. A deadline that looked at a year without an
arrangement is provisional and names that year (the make-up working days are not known yet), to
be shown as a warning and recomputed when the year's notice is entered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from law.holidays import Calendar

REGISTRATION_PERIOD_DAYS = 30
# Labour Contract Law art. 50: the termination certificate, and the transfer of the file and of
# the social-insurance relation, within 15 days of the contract's end.
TRANSFER_PERIOD_DAYS = 15
# Rest days in a row are never this many: a period's last day can reach this far into a year.
LONGEST_REST = datetime.timedelta(days=20)


@dataclass(frozen=True, slots=True)
class Deadline:
    date: datetime.date
    # The first year looked at that no arrangement covers (the deadline is provisional); None
    # when every day looked at was in an arranged year.
    uncovered_year: int | None = None

    @property
    def provisional(self) -> bool:
        return self.uncovered_year is not None


def first_working_day_from(day: datetime.date, calendar: Calendar) -> Deadline:
    """The day itself when it is a working day, else the first working day after it."""
    uncovered = None
    while True:
        if uncovered is None and not calendar.covers(day.year):
            uncovered = day.year
        if calendar.is_working_day(day):
            return Deadline(day, uncovered)
        day += datetime.timedelta(days=1)


def registration_deadline(hire_date: datetime.date, calendar: Calendar) -> Deadline:
    """The last day to apply for social-insurance registration of someone hired on hire_date."""
    last_day = hire_date + datetime.timedelta(days=REGISTRATION_PERIOD_DAYS)
    return first_working_day_from(last_day, calendar)


def transfer_deadline(separation_date: datetime.date, calendar: Calendar) -> Deadline:
    """The last day to issue the termination certificate and transfer the file: 15 days
    counted from the separation as the Civil Code counts periods, like the registration's."""
    last_day = separation_date + datetime.timedelta(days=TRANSFER_PERIOD_DAYS)
    return first_working_day_from(last_day, calendar)


def hires_reaching(year: int) -> tuple[datetime.date, datetime.date]:
    """The hire dates whose registration deadline can depend on ``year``'s arrangement."""
    period = datetime.timedelta(days=REGISTRATION_PERIOD_DAYS)
    first = datetime.date(year, 1, 1) - LONGEST_REST - period
    return first, datetime.date(year, 12, 31) - period
