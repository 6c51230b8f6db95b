"""Contribution months, as pure functions of dates (no database).

Contributions are monthly, and stopping takes effect at the end of a payment period: the employer
pays for the month in which the employee leaves. Many agencies have a monthly cut-off day: a
dissolve filed after it only takes effect the next month, so one more month is paid. No cut-off
means the month end. Months are represented by their first day.
"""

from __future__ import annotations

import calendar
import datetime


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first``'s to ``last``'s, both included, oldest first (counted, not
    stepped: the landing page asks for some 60,000 of them)."""
    start, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    return [datetime.date(n // 12, n % 12 + 1, 1) for n in range(start, end + 1)]


def last_months(today: datetime.date, n: int) -> list[datetime.date]:
    """The ``n`` calendar months ending with today's, oldest first."""
    start = today.year * 12 + today.month - n
    return months_between(datetime.date(start // 12, start % 12 + 1, 1), today)


def cutoff_date(month: datetime.date, cutoff_day: int | None) -> datetime.date:
    """The agency's cut-off in that month; a cut-off past the month's end is its last day."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(cutoff_day or last, last))


def first_contribution_month(effective_date: datetime.date) -> datetime.date:
    """A confirmed registration pays from the month it takes effect."""
    return month_of(effective_date)


def filing_takes_effect_in(filed_on: datetime.date, cutoff_day: int | None) -> datetime.date:
    """The month a stop filed on that day reaches: this month, or the next after the cut-off."""
    month = month_of(filed_on)
    return month if filed_on <= cutoff_date(month, cutoff_day) else next_month(month)


def last_contribution_month(
    separation_date: datetime.date, filed_on: datetime.date, cutoff_day: int | None
) -> datetime.date:
    """The month of separation, or later when the dissolve was filed after that month's cut-off
    (then the month the filing reaches)."""
    return max(month_of(separation_date), filing_takes_effect_in(filed_on, cutoff_day))


def stop_filing_deadline(separation_date: datetime.date, cutoff_day: int | None) -> datetime.date:
    """File the dissolve by this day to stop paying after the month of separation."""
    return cutoff_date(month_of(separation_date), cutoff_day)
