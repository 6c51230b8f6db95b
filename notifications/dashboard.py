"""The admin's landing page: per employer of the user, what needs doing today. A handful of
grouped counts, whatever the number of employees (one query per line, grouped by employer).
Registrations are counted with the named sets notifications.due builds on; the stops are
notifications.due's own."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from employees import access
from employees.models import Employee
from filings.models import Filing
from filings.states import FilingState
from notifications.due import (
    STOPS,
    due_order,
    exposures,
    items_due,
    overdue_registrations,
    scope,
    stops_at_risk,
    transfers_due,
)
from notifications.models import Notification

# Dissolves whose agency cut-off is this close are listed.
CUTOFF_DAYS = 7
DUE_DAYS = 7
TRANSFER_DAYS = 7  # certificates and transfers due within a week, or overdue


@dataclass
class EmployerDay:
    employer_id: int
    name: str
    overdue: int = 0
    due_this_week: int = 0
    stops_near_cutoff: int = 0
    waiting_for_agency: int = 0
    failed_notifications: int = 0
    transfers_due: int = 0


def _per_employer(queryset) -> Counter:
    # Count("*"): the employer and the filter's columns can then come from an index alone.
    rows = queryset.order_by().values("employer_id").annotate(n=Count("*"))
    return Counter({row["employer_id"]: row["n"] for row in rows})


def dashboard(user, today: datetime.date) -> list[EmployerDay]:
    employers = access.employers_for(user).order_by("name")
    employees = Employee.objects.filter(employer__in=employers)
    overdue = _per_employer(employees.overdue(today))
    due = _per_employer(employees.due_within(DUE_DAYS, today))
    waiting = _per_employer(
        Filing.objects.filter(employer__in=employers, state=FilingState.SUBMITTED)
    )
    failed = _per_employer(
        Notification.objects.filter(employer__in=employers, status=Notification.Status.FAILED)
    )
    stops = Counter(risk.employer_id for risk in stops_at_risk(user, days=CUTOFF_DAYS, today=today))
    transfers = Counter(
        item.employer_id for item in transfers_due(user, days=TRANSFER_DAYS, today=today)
    )
    return [
        EmployerDay(
            employer.id,
            employer.name,
            overdue[employer.id],
            due[employer.id],
            stops[employer.id],
            waiting[employer.id],
            failed[employer.id],
            transfers[employer.id],
        )
        for employer in employers
    ]


# The overdue items whose exposure the landing page works out: the longest overdue first. Beyond
# that many the page says so rather than pretending the list is complete.
EXPOSED_AT_MOST = 2000
EXPOSED_SHOWN = 20


@dataclass
class Exposed:
    item: object  # notifications.due.Due
    exposure: object  # law.exposure.Exposure


# The exposures worked out for the same overdue items on the same day are kept this long: only
# a wage or a contribution rule changed meanwhile can make them stale (an item filed, or a new
# one overdue, changes the key); the order of a list of what is at stake can wait that long.
EXPOSED_SECONDS = 300


def most_exposed(user, today: datetime.date) -> tuple[list[Exposed], int]:
    """The overdue registrations and late stops of the user's employers, the most at stake
    first (law.exposure: the surcharge to date and the fines at most), and how many overdue
    items there were in all."""
    employees, filings = scope(user)
    stops = [
        item
        for item in items_due(
            employees, filings, today=today, now=timezone.now(), within=0, kinds=STOPS
        )
        if item.days_left < 0
    ]
    overdue = employees.overdue(today).count() + len(stops)
    # What a late filing costs works back to the wage: not for the employers of a viewer. The
    # roles asked in one query, not one per employer.
    ids = list(access.employers_for(user).values_list("id", flat=True))
    access.known_roles(user, ids)
    money = {employer_id for employer_id in ids if access.may_see_wages(user, employer_id)}
    # The longest overdue first: as many registrations as may be worked, read in that order.
    registrations = overdue_registrations(
        employees.filter(employer_id__in=money), today, at_most=EXPOSED_AT_MOST
    )
    worked = sorted([*registrations, *(s for s in stops if s.employer_id in money)], key=due_order)
    worked = worked[:EXPOSED_AT_MOST]
    items = hashlib.sha256("|".join(f"{i.item}@{i.due_date}" for i in worked).encode())
    key = f"dashboard:exposed:{today}:{items.hexdigest()}"
    exposed = cache.get(key)
    if exposed is None:
        found = exposures(worked, today)
        exposed = [Exposed(item, found[item.item]) for item in worked if found[item.item]]
        exposed.sort(key=lambda e: -e.exposure.at_most)
        exposed = exposed[:EXPOSED_SHOWN]
        cache.set(key, exposed, EXPOSED_SECONDS)
    return exposed, overdue
