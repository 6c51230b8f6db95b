"""The story of one employment, told on the employee's page by every app that has a part of it.

employees may not import the apps built on it, so each of them registers a provider here from
its AppConfig.ready(): a callable ``(employee, user)`` that yields what happened (Entry) and what
is still due (Deadline). Each provider reads with a fixed number of queries, whatever the
history's length, and yields nothing the user's role may not see: no wage, no full ID number.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from employees.models import Employee, EmployeeEvent


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when (an aware moment, or a day such as the hire date), a short
    label in words, what it concerned, and who did it where known."""

    at: datetime.datetime | datetime.date
    label: str
    kind: str  # a stable name for styling and tests: "hired", "register_confirmed", ...
    detail: str = ""
    actor: str = ""

    @property
    def moment(self) -> datetime.datetime:
        """Where it sorts: a day sorts at its start, local time."""
        if isinstance(self.at, datetime.datetime):
            return self.at
        return timezone.make_aware(datetime.datetime.combine(self.at, datetime.time.min))

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.at) if isinstance(self.at, datetime.datetime) else self.at


@dataclass(frozen=True)
class Deadline:
    """Something still to be done by a day (the last day, ending at 24:00 Asia/Shanghai)."""

    day: datetime.date
    label: str
    kind: str
    detail: str = ""
    warning: str = ""  # e.g. provisional for want of the year's holiday arrangement


@dataclass(frozen=True)
class Upcoming:
    deadline: Deadline
    days_left: int  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def left(self) -> str:
        return days_left_text(self.days_left)


def days_left_text(days_left: int) -> str:
    """ "3 days left", "due today", "4 days overdue": the employee list's column and the
    timeline's deadlines say it alike."""
    days = abs(days_left)
    if days_left < 0:
        return ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    if days_left == 0:
        return _("due today")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


@dataclass(frozen=True)
class Timeline:
    entries: list[Entry]
    deadlines: list[Upcoming]


Provider = Callable[..., Iterable[Entry | Deadline]]
# In the order the apps registered them (INSTALLED_APPS): entries of the same moment keep it.
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Called from an AppConfig.ready(), which may run more than once: registered once."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def timeline_of(employee: Employee, user, *, today: datetime.date | None = None) -> Timeline:
    """Every provider's entries, oldest first, and the deadlines, soonest first."""
    today = today or timezone.localdate()
    entries, deadlines = [], []
    for provider in PROVIDERS:
        for item in provider(employee, user):
            (deadlines if isinstance(item, Deadline) else entries).append(item)
    entries.sort(key=lambda entry: entry.moment)  # stable: ties stay in the providers' order
    deadlines.sort(key=lambda deadline: deadline.day)
    return Timeline(entries, [Upcoming(d, (d.day - today).days) for d in deadlines])


def day_text(day: datetime.date) -> str:
    """A date as the rest of the admin writes it: its DATE_FORMAT in the active language."""
    return formats.date_format(day, "DATE_FORMAT")


def month_text(month: datetime.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def actor_name(user) -> str:
    """Who did it: the full name, else the user name; empty for the system (the sweep)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# What of an employee's own record belongs on the timeline: filings and notices tell the rest.
HIRED = gettext_lazy("hired")
SEPARATION_RECORDED = gettext_lazy("separation date recorded")
TRANSFER_DONE = gettext_lazy(
    "termination certificate issued and file transferred (Labour Contract Law art. 50)"
)
DEADLINE_MOVED = gettext_lazy("registration deadline moved by the holiday arrangement")
Action = EmployeeEvent.Action


def employee_entries(employee: Employee, user) -> Iterable[Entry]:
    """The hire (on the hire date), the separation date recorded, the transfer done (art. 50)
    and the deadlines a holiday arrangement moved: one query."""
    events = list(
        EmployeeEvent.objects.filter(
            employee=employee,
            action__in=[Action.HIRED, Action.UPDATED, Action.DEADLINE_RECOMPUTED],
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    hired_by = next((e.actor for e in events if e.action == Action.HIRED), None)
    yield Entry(employee.hire_date, str(HIRED), "hired", actor=actor_name(hired_by))
    # The events keep the names of the fields changed, not their values: the separation date
    # now is told once, on the last event that recorded one.
    last_separation = next(
        (e for e in reversed(events) if "separation_date" in e.changed_fields), None
    )
    for event in events:
        actor = actor_name(event.actor)
        if event is last_separation and employee.separation_date:
            detail = _("separation date %(date)s") % {"date": day_text(employee.separation_date)}
            yield Entry(event.at, str(SEPARATION_RECORDED), "separation_recorded", detail, actor)
        elif "separation_date" in event.changed_fields:
            yield Entry(event.at, str(SEPARATION_RECORDED), "separation_recorded", actor=actor)
        if "transfer_done_on" in event.changed_fields and employee.transfer_done_on:
            done = _("done on %(date)s") % {"date": day_text(employee.transfer_done_on)}
            detail = " · ".join(filter(None, [done, event.note]))
            yield Entry(event.at, str(TRANSFER_DONE), "transfer_done", detail, actor)
        if event.action == Action.DEADLINE_RECOMPUTED:
            detail = _("from %(before)s to %(after)s") % {
                "before": day_text(event.deadline_from),
                "after": day_text(event.deadline_to),
            }
            yield Entry(event.at, str(DEADLINE_MOVED), "deadline_moved", detail)
