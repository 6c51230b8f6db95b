"""The deadline calendar: one month of what is due (notifications.due), counted per day and per
kind, with the official calendar's public holidays and make-up working days on their days. A
query per kind for the month, whatever the number of days or employees; the registrations and
contracts counted by day in the database."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from law.holidays import FIRST_YEAR, LAST_YEAR, Calendar, display_name
from law.payments import next_month
from notifications.due import Due, contract_rows, items_due, registration_rows

# The legal deadlines a month is planned by. Not "unconfirmed": that is the day a filing became
# worth chasing with the agency (always past), not a deadline; the dashboard counts those.
KINDS = ("registration", "stop", "transfer", "contract")
LABELS = {
    "registration": _("registrations"),
    "stop": _("stops"),
    "transfer": _("certificates and transfers"),
    "contract": _("contracts ending"),
}
SOON_DAYS = 7  # due within a week: amber; later: neutral; overdue: red
FIRST_MONTH = datetime.date(FIRST_YEAR, 1, 1)  # the years the holiday calendar knows
LAST_MONTH = datetime.date(LAST_YEAR, 12, 1)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only (not "２０２６")
_DUE = re.compile(r"([a-z]+):([0-9]{4}-[0-9]{2}-[0-9]{2})")


def urgency(day: datetime.date, today: datetime.date) -> str:
    days = (day - today).days
    if days < 0:
        return "overdue"
    return "soon" if days <= SOON_DAYS else "later"


@dataclass(frozen=True)
class DayCount:
    """What of one kind is due on one day: the link to those employees is ?due=<key>."""

    kind: str
    day: datetime.date
    count: int
    urgency: str
    provisional: bool  # one of them counted without that year's holiday arrangement

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def key(self) -> str:
        return due_key(self.kind, self.day)


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    counts: tuple[DayCount, ...] = ()
    holiday: str = ""  # a rest day of the arrangement: the holiday's name
    make_up: str = ""  # a make-up working day: the name of the holiday it makes up for

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]
    # The month's year has no State Council arrangement yet: its holidays are those fixed by
    # law and its make-up working days unknown.
    provisional_year: int | None
    previous: datetime.date | None
    next: datetime.date | None
    total: int


def month_from(value: str | None, today: datetime.date) -> datetime.date | None:
    """The first day of ?month=YYYY-MM (today's month when not given); None when it is not a
    month of the years the holiday calendar covers."""
    if not value:
        return today.replace(day=1)
    found = _MONTH.fullmatch(value)
    if not found or not 1 <= int(found[2]) <= 12:
        return None
    if not FIRST_MONTH.year <= int(found[1]) <= LAST_MONTH.year:
        return None  # before building the date: year 0000 is none
    first = datetime.date(int(found[1]), int(found[2]), 1)
    return first if FIRST_MONTH <= first <= LAST_MONTH else None


def due_key(kind: str, day: datetime.date) -> str:
    """The employee list's ?due= value: "registration:2026-10-26"."""
    return f"{kind}:{day.isoformat()}"


def parse_due_key(value: str) -> tuple[str, datetime.date] | None:
    found = _DUE.fullmatch(value or "")
    if not found or found[1] not in KINDS:
        return None
    try:
        return found[1], datetime.date.fromisoformat(found[2])
    except ValueError:
        return None


def due_between(
    employees, filings, first: datetime.date, last: datetime.date, *, today, now, kinds=KINDS
) -> list[Due]:
    """What is due from first to last (days): the overdue on their own past day."""
    within = max((last - today).days, 0)
    found = items_due(
        employees, filings, today=today, now=now, within=within, kinds=kinds, since=first
    )
    return [item for item in found if item.due_date <= last]


def due_counts(
    employees, filings, first: datetime.date, last: datetime.date, *, today, now
) -> tuple[Counter, set]:
    """What due_between would list, counted by (day, kind), and the (day, kind) of the
    provisional ones. The registrations and the contracts, thousands at a million employees,
    are counted in the database, grouped by day; the other kinds are few and listed."""
    counts, provisional = Counter(), set()
    listed = [kind for kind in KINDS if kind not in ("registration", "contract")]
    for item in due_between(employees, filings, first, last, today=today, now=now, kinds=listed):
        counts[item.due_date, item.kind] += 1
        if item.provisional_year:
            provisional.add((item.due_date, item.kind))
    registrations = (
        registration_rows(employees, last, since=first)
        .order_by()
        .values_list("registration_deadline", "deadline_uncovered_year", "deadline_arranged")
        .annotate(n=Count("*"))
    )
    for day, year, arranged, n in registrations:
        counts[day, "registration"] += n
        if year is not None and not arranged:
            provisional.add((day, "registration"))
    contracts = (
        contract_rows(employees, today, last, since=first)
        .order_by()
        .values_list("contract_end_date")
        .annotate(n=Count("*"))
    )
    for day, n in contracts:
        counts[day, "contract"] += n
    return counts, provisional


def deadline_month(
    employees, filings, first: datetime.date, *, today, now, calendar: Calendar
) -> Month:
    """The month's grid, Monday first, weeks as rows; the days of the months around it are
    there to fill the weeks, with nothing on them."""
    after = next_month(first)
    last = after - datetime.timedelta(days=1)
    counts, provisional = due_counts(employees, filings, first, last, today=today, now=now)
    arrangement = calendar.arrangement(first.year)

    def day(date: datetime.date) -> Day:
        if date.month != first.month:
            return Day(date, in_month=False, is_today=date == today)
        here = tuple(
            DayCount(kind, date, n, urgency(date, today), (date, kind) in provisional)
            for kind in KINDS
            if (n := counts[date, kind])
        )
        off, worked = arrangement.off_days.get(date), arrangement.work_days.get(date)
        return Day(
            date,
            in_month=True,
            is_today=date == today,
            counts=here,
            holiday=display_name(off) if off else "",
            make_up=display_name(worked) if worked else "",
        )

    dates = stdlib_calendar.Calendar(stdlib_calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return Month(
        first,
        [[day(date) for date in week] for week in dates],
        provisional_year=None if calendar.covers(first.year) else first.year,
        previous=previous if previous >= FIRST_MONTH else None,
        next=after if after <= LAST_MONTH else None,
        total=sum(counts.values()),
    )
