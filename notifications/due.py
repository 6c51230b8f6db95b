"""What is due: the one answer to "what must HR act on, and by when". /api/deadlines/, the
admin's dashboard and stop filter, the daily HR digest and its check at sending (an item
resolved since the sweep is left out) all read it from here. Each kind is one query on a
partial index, whatever the number of employees; the employees and filings given scope it
(a user's employers, one employer, or the whole installation for the digest)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from contributions import selectors as contributions
from employees import access
from employees.holidays import current_calendar
from employees.models import Employee, Employer
from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.states import OPEN_STATES, FilingState
from law.deadlines import TRANSFER_PERIOD_DAYS, transfer_deadline
from law.exposure import Exposure, exposure, missed_cutoff_cost
from law.money import month_contributions
from law.payments import (
    last_contribution_month,
    month_of,
    months_between,
    next_month,
    stop_filing_deadline,
)

Kind = Filing.Kind
# A filing with the agency this long without a decision is worth chasing.
UNCONFIRMED_AFTER = datetime.timedelta(days=10)


@dataclass(frozen=True)
class Due:
    """One thing HR must act on, with the day it is due (days_left < 0: overdue)."""

    kind: str  # one of KINDS
    employer_id: int
    employee_id: int
    employee_name: str
    due_date: datetime.date
    days_left: int
    filing_id: int | None = None
    # A registration deadline counted without the year's holiday arrangement: that year.
    provisional_year: int | None = None

    @property
    def item(self) -> str:
        """What it is about, across days: "registration:42", "unconfirmed:77" (a filing)."""
        return f"{self.kind}:{self.filing_id or self.employee_id}"


def _due(kind, employer_id, employee_id, name, due_date, today, filing_id=None, **more) -> Due:
    days = (due_date - today).days
    return Due(kind, employer_id, employee_id, name, due_date, days, filing_id, **more)


def registration_rows(employees, horizon, since=None) -> QuerySet[Employee]:
    """Social Insurance Law art. 58: registered within 30 days of hire; the registrations due
    by ``horizon`` (and from ``since``), whether each is provisional (deadline_arranged)."""
    rows = employees.unfiled().filter(registration_deadline__lte=horizon)
    if since is not None:
        rows = rows.filter(registration_deadline__gte=since)
    return rows.with_deadline_arranged()


_REGISTRATION_FIELDS = (
    "id",
    "employer_id",
    "name",
    "registration_deadline",
    "deadline_uncovered_year",
    "deadline_arranged",
)


def _registration_items(rows, today) -> Iterator[Due]:
    for pk, employer_id, name, deadline, year, arranged in rows:
        provisional = None if arranged else year
        yield _due(
            "registration", employer_id, pk, name, deadline, today, provisional_year=provisional
        )


def _registrations(employees, filings, today, horizon, now, since=None) -> Iterator[Due]:
    rows = registration_rows(employees, horizon, since).values_list(*_REGISTRATION_FIELDS)
    yield from _registration_items(rows, today)


def overdue_registrations(employees, today: datetime.date, *, at_most: int) -> list[Due]:
    """The registrations overdue today, the longest overdue first and in items_due's order,
    at most that many (read in employee_reg_due_order_idx's order, the scan stops there)."""
    yesterday = today - datetime.timedelta(days=1)
    rows = registration_rows(employees, yesterday).order_by("registration_deadline", "id")
    return list(_registration_items(rows.values_list(*_REGISTRATION_FIELDS)[:at_most], today))


def _stops(employees, filings, today, horizon, now, since=None) -> Iterator[Due]:
    """Separated, still registered: file before the agency's cut-off of the separation month
    or pay another month. The cut-off is per region, so the window is applied in Python."""
    rows = employees.filter(registration_state=S.REGISTERED, separation_date__lte=horizon)
    for pk, employer_id, name, separated, cutoff_day in rows.values_list(
        "id", "employer_id", "name", "separation_date", "employer__region__cutoff_day"
    ):
        deadline = stop_filing_deadline(separated, cutoff_day)
        if deadline <= horizon:
            yield _due("stop", employer_id, pk, name, deadline, today)


def contract_rows(employees, today, horizon, since=None) -> QuerySet[Employee]:
    """Contracts ending from today (or ``since``) to ``horizon`` with neither a renewal nor a
    dissolve open: renew or dissolve."""
    decided = Filing.objects.filter(
        employee=OuterRef("pk"), kind__in=[Kind.RENEW, Kind.DISSOLVE], state__in=OPEN_STATES
    )
    first = today if since is None else max(today, since)
    return (
        employees.filter(registration_state=S.REGISTERED, separation_date__isnull=True)
        .filter(contract_end_date__range=(first, horizon))
        .filter(~Exists(decided))
    )


def _contracts(employees, filings, today, horizon, now, since=None) -> Iterator[Due]:
    rows = contract_rows(employees, today, horizon, since)
    for pk, employer_id, name, ends in rows.values_list(
        "id", "employer_id", "name", "contract_end_date"
    ):
        yield _due("contract", employer_id, pk, name, ends, today)


# The transfer duty is reminded for separations from the day it was first tracked: earlier ones
# were handled before the product knew of it, and are not pretended to be overdue.
TRANSFER_TRACKED_FROM = datetime.date(2026, 12, 1)


def _transfers(employees, filings, today, horizon, now, since=None) -> Iterator[Due]:
    """Labour Contract Law art. 50: within 15 days of the separation, the termination
    certificate issued and the file and the social-insurance relation transferred; met by the
    certificate's voucher or the clerk's note (transfer_done_on)."""
    calendar = current_calendar()
    earliest_due = datetime.timedelta(days=TRANSFER_PERIOD_DAYS)
    rows = employees.filter(
        separation_date__gte=TRANSFER_TRACKED_FROM,
        separation_date__lte=horizon - earliest_due,
        transfer_done_on__isnull=True,
    )
    for pk, employer_id, name, separated in rows.values_list(
        "id", "employer_id", "name", "separation_date"
    ):
        deadline = transfer_deadline(separated, calendar)  # counted now: provisional as it is
        if deadline.date <= horizon:
            yield _due(
                "transfer",
                employer_id,
                pk,
                name,
                deadline.date,
                today,
                provisional_year=deadline.uncovered_year,
            )


def _unconfirmed(employees, filings, today, horizon, now, since=None) -> Iterator[Due]:
    """Filings the agency has sat on for UNCONFIRMED_AFTER: due the day they became so."""
    rows = filings.filter(state=FilingState.SUBMITTED, submitted_at__lt=now - UNCONFIRMED_AFTER)
    for pk, employer_id, employee_id, name, submitted_at in rows.values_list(
        "id", "employer_id", "employee_id", "employee__name", "submitted_at"
    ):
        deadline = timezone.localdate(submitted_at + UNCONFIRMED_AFTER)
        yield _due("unconfirmed", employer_id, employee_id, name, deadline, today, pk)


SOURCES = {
    "registration": _registrations,
    "stop": _stops,
    "contract": _contracts,
    "transfer": _transfers,
    "unconfirmed": _unconfirmed,
}
KINDS = tuple(SOURCES)
STOPS = ("stop",)


def items_due(
    employees: QuerySet[Employee],
    filings: QuerySet[Filing],
    *,
    today: datetime.date,
    now: datetime.datetime,
    within: int | Mapping[str, int],
    kinds: Sequence[str] = KINDS,
    since: datetime.date | None = None,
) -> list[Due]:
    """What is due within ``within`` days (one number, or one per kind) or overdue, soonest
    first; from ``since`` only, when given (the sources whose day is a column leave the
    earlier ones in the database)."""
    found = []
    for kind in kinds:
        days = within if isinstance(within, int) else within[kind]
        horizon = today + datetime.timedelta(days=days)
        found += SOURCES[kind](employees, filings, today, horizon, now, since)
    if since is not None:
        found = [item for item in found if item.due_date >= since]
    return sorted(found, key=due_order)


def due_order(item: Due) -> tuple:
    """items_due's order: soonest first, then by kind and employee."""
    return (item.due_date, item.kind, item.employee_id)


def scope(user, employer_id: int | None = None) -> tuple[QuerySet[Employee], QuerySet[Filing]]:
    """The employees and filings of the user's employers (or of one of them)."""
    employees = access.employees_for(user)
    filings = Filing.objects.filter(employer__in=access.employers_for(user))
    if employer_id is not None:
        employees = employees.filter(employer_id=employer_id)
        filings = filings.filter(employer_id=employer_id)
    return employees, filings


def stops_at_risk(user, *, days: int, today: datetime.date) -> list[Due]:
    """The stops due whose cut-off is today or within ``days`` days, not yet passed: file now
    or pay another month (the dashboard's count and the employee list's filter)."""
    employees, filings = scope(user)
    stops = items_due(employees, filings, today=today, now=timezone.now(), within=days, kinds=STOPS)
    return [item for item in stops if item.days_left >= 0]


def transfers_due(user, *, days: int, today: datetime.date) -> list[Due]:
    """The 15-day transfer duties due within ``days`` days or overdue (the dashboard's count
    and the employee list's filter)."""
    employees, filings = scope(user)
    return items_due(
        employees, filings, today=today, now=timezone.now(), within=days, kinds=("transfer",)
    )


def missed_cutoff_costs(items: Sequence[Due], today: datetime.date) -> dict[int, Decimal | None]:
    """What missing the next cut-off costs each stop among ``items``, by employee id: one more
    month of both shares under the rule of that month (law.exposure); None where no rule
    applies. One query for the employees and two for the rules, whatever the employers."""
    stops = [item for item in items if item.kind == "stop"]
    people = Employee.objects.select_related("employer__region").in_bulk(
        [item.employee_id for item in stops]
    )
    nexts = {}
    for item in stops:
        employee = people[item.employee_id]
        cutoff_day = employee.employer.region.cutoff_day
        last = last_contribution_month(employee.separation_date, today, cutoff_day)
        nexts[item.employee_id] = next_month(last)
    wanted = defaultdict(set)
    for item in stops:
        wanted[people[item.employee_id].employer].add(nexts[item.employee_id])
    rules = contributions.rules_for(wanted)
    costs = {}
    for item in stops:
        employee = people[item.employee_id]
        rule = rules.get((employee.employer_id, nexts[item.employee_id]))
        costs[item.employee_id] = (
            missed_cutoff_cost(employee.monthly_wage, contributions.line_rules(rule))
            if rule
            else None
        )
    return costs


EXPOSURE_FIELDS = ("id", "employer_id", "hire_date", "separation_date", "monthly_wage")


def exposures(items: Sequence[Due], today: datetime.date) -> dict[str, Exposure | None]:
    """What each overdue registration and each late stop exposes the employer to, by item
    (law.exposure): for a registration the premiums of every month from the hire to this one,
    for a stop those of the months its lateness adds; None for items not overdue, and where a
    month has no contribution rule (never a guess). One query for the employees and two for
    the rules, whatever the employers."""
    overdue = [i for i in items if i.kind in ("registration", "stop") and i.days_left < 0]
    # Only what the arithmetic reads, and each employer once (not one copy per employee): at
    # 2,000 items, building full rows was most of the landing page's time.
    people = Employee.objects.only(*EXPOSURE_FIELDS).in_bulk([i.employee_id for i in overdue])
    employers = Employer.objects.select_related("region").in_bulk(
        {employee.employer_id for employee in people.values()}
    )
    spans = {
        item.item: _owed_span(item, people[item.employee_id], employers, today) for item in overdue
    }
    # Many items share their months (a hire month), their employer's rules for them and the
    # amounts of a wage under a rule: each worked out once (the landing page works 2,000
    # items of some 35 months each).
    months = {span: months_between(*span) for span in set(spans.values())}
    wanted = defaultdict(set)
    for item in overdue:
        wanted[item.employer_id].update(months[spans[item.item]])
    rules = contributions.rules_for({employers[e]: found for e, found in wanted.items()})
    lines = {rule.pk: contributions.line_rules(rule) for rule in rules.values()}
    found: dict[str, Exposure | None] = {item.item: None for item in items}
    applied, amounts = {}, {}
    for item in overdue:
        employee = people[item.employee_id]
        key = (employee.employer_id, spans[item.item])
        if key not in applied:
            chosen = [rules.get((key[0], month)) for month in months[key[1]]]
            applied[key] = chosen if chosen and None not in chosen else None
        if applied[key] is None:
            continue  # a month without a rule: no figure rather than a guess
        for rule in applied[key]:
            if (employee.monthly_wage, rule.pk) not in amounts:
                owed = month_contributions(employee.monthly_wage, lines[rule.pk]).total
                amounts[employee.monthly_wage, rule.pk] = owed
        monthly = {
            month: amounts[employee.monthly_wage, rule.pk]
            for month, rule in zip(months[key[1]], applied[key], strict=True)
        }
        found[item.item] = exposure(monthly, today)
    return found


def _owed_span(item: Due, employee, employers, today) -> tuple[datetime.date, datetime.date]:
    """The first and last months of premiums the item owes: for a registration from the hire
    to this month, for a stop the months its lateness adds."""
    if item.kind == "registration":
        return month_of(employee.hire_date), month_of(today)
    cutoff_day = employers[employee.employer_id].region.cutoff_day
    last = last_contribution_month(employee.separation_date, today, cutoff_day)
    return next_month(month_of(employee.separation_date)), last
