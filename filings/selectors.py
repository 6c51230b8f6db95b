import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from contributions import selectors as statements
from employees import access
from employees.models import Employee
from employees.workflow import RegistrationState as S
from filings.models import BatchRow, Filing
from filings.states import OPEN_STATES
from filings.states import FilingState as F
from law.layoffs import LAYOFF_REACH
from law.money import month_contributions
from law.payments import last_contribution_month, next_month, stop_filing_deadline

Kind = Filing.Kind


@dataclass(frozen=True)
class StopAtRisk:
    employee: Employee
    stop_filing_deadline: datetime.date
    # The last month paid if the dissolve is filed today; one more than needed once the
    # deadline has passed.
    last_month_if_filed_today: datetime.date
    # What missing the cut-off costs: one more month of contributions, both shares (after the
    # separation there is no salary to withhold the employee's share from). None without rules.
    cost_if_missed: Decimal | None = None


def dissolves_at_risk(
    user, *, days: int, today: datetime.date, with_cost: bool = True
) -> list[StopAtRisk]:
    """Separated but still registered (no dissolve with the agency), and the agency's cut-off of
    the separation month is today or within ``days`` days: file now or pay another month.

    One query on employee_separated_idx; the cut-off is per region, so the window is applied
    to the few candidates in Python. ``with_cost=False`` leaves cost_if_missed out (and the
    rule lookups it needs) for callers that only count.
    """
    candidates = (
        access.employees_for(user)
        .filter(registration_state=S.REGISTERED, separation_date__isnull=False)
        .filter(separation_date__lte=today + datetime.timedelta(days=days))
        .select_related("employer__region")
        .order_by("separation_date", "id")
    )
    at_risk, rules = [], {}
    for employee in candidates:
        cutoff_day = employee.employer.region.cutoff_day
        deadline = stop_filing_deadline(employee.separation_date, cutoff_day)
        if today <= deadline <= today + datetime.timedelta(days=days):
            last = last_contribution_month(employee.separation_date, today, cutoff_day)
            extra = next_month(last)
            key = (employee.employer_id, extra)
            if with_cost and key not in rules:
                rules[key] = statements.rule_for(employee.employer, extra)
            cost = None
            if rules.get(key) is not None:
                lines = statements.line_rules(rules[key])
                cost = month_contributions(employee.monthly_wage, lines).total
            at_risk.append(StopAtRisk(employee, deadline, last, cost))
    return sorted(at_risk, key=lambda row: (row.stop_filing_deadline, row.employee.id))


def layoff_cuts(
    employer_id: int, on: datetime.date, *, states: Sequence[str]
) -> list[tuple[int, datetime.date]]:
    """(employee id, effective date) of the employer's economic-layoff dissolves in ``states``
    that can share an art. 41 period with ``on``."""
    return list(
        Filing.objects.filter(
            employer_id=employer_id,
            kind=Kind.DISSOLVE,
            reason=Filing.Reason.ECONOMIC_LAYOFF,
            state__in=states,
            effective_date__range=(on - LAYOFF_REACH, on + LAYOFF_REACH),
        ).values_list("employee_id", "effective_date")
    )


def workforce(employer_id: int, on: datetime.date) -> int:
    """The employer's workforce for art. 41: employed now, or separated within the window (so
    a layoff already confirmed does not shrink the base it is measured against)."""
    since = on - LAYOFF_REACH
    return (
        Employee.objects.filter(employer_id=employer_id)
        .filter(~Q(registration_state=S.STOPPED) | Q(separation_date__gte=since))
        .count()
    )


def batch_counts(batch_id: int) -> dict:
    """Rows per outcome and the batch's filings per state: two grouped queries."""
    rows = dict(
        BatchRow.objects.filter(batch_id=batch_id)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("outcome", "n")
    )
    states = dict(
        Filing.objects.filter(batch_row__batch_id=batch_id)
        .values("state")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("state", "n")
    )
    return {
        "rows": {outcome: rows.get(outcome, 0) for outcome in BatchRow.Outcome.values},
        "filings": {state: states.get(state, 0) for state in F.values},
    }


@dataclass(frozen=True)
class Deadline:
    """One thing HR must act on, with the day it is due (days_left < 0: overdue)."""

    kind: str  # registration | stop | contract | unconfirmed
    employer_id: int
    employee_id: int
    employee_name: str
    due_date: datetime.date
    days_left: int
    filing_id: int | None = None


def _deadline(kind, employee, due, today, filing_id=None, employer_id=None) -> Deadline:
    employer_id = employer_id or employee.employer_id
    days = (due - today).days
    return Deadline(kind, employer_id, employee.id, employee.name, due, days, filing_id)


def _registrations(employees, filings, today, horizon, now):
    """Social Insurance Law art. 58: registered within 30 days of hire."""
    for e in employees.filter(
        registration_state=S.UNREGISTERED, registration_deadline__lte=horizon
    ).only("id", "employer_id", "name", "registration_deadline"):
        yield _deadline("registration", e, e.registration_deadline, today)


def _stops(employees, filings, today, horizon, now):
    """Separated, still registered: file before the agency's cut-off or pay another month."""
    for e in (
        employees.filter(registration_state=S.REGISTERED, separation_date__lte=horizon)
        .select_related("employer__region")
        .only("id", "employer_id", "name", "separation_date", "employer__region__cutoff_day")
    ):
        due = stop_filing_deadline(e.separation_date, e.employer.region.cutoff_day)
        if due <= horizon:
            yield _deadline("stop", e, due, today)


def _contracts(employees, filings, today, horizon, now):
    """Contracts ending with neither a renewal nor a dissolve open."""
    open_decision = Filing.objects.filter(
        employee=OuterRef("pk"), kind__in=[Kind.RENEW, Kind.DISSOLVE], state__in=OPEN_STATES
    )
    for e in (
        employees.filter(registration_state=S.REGISTERED, separation_date__isnull=True)
        .filter(contract_end_date__range=(today, horizon))
        .filter(~Exists(open_decision))
        .only("id", "employer_id", "name", "contract_end_date")
    ):
        yield _deadline("contract", e, e.contract_end_date, today)


def _unconfirmed(employees, filings, today, horizon, now):
    """Filings the agency has sat on for UNCONFIRMED_AFTER."""
    from filings.reminders import UNCONFIRMED_AFTER

    waiting = (
        filings.filter(state=F.SUBMITTED, submitted_at__lt=now - UNCONFIRMED_AFTER)
        .select_related("employee")
        .only("id", "employer_id", "submitted_at", "employee__id", "employee__name")
    )
    for filing in waiting:
        due = timezone.localdate(filing.submitted_at + UNCONFIRMED_AFTER)
        yield _deadline("unconfirmed", filing.employee, due, today, filing.id, filing.employer_id)


DEADLINE_SOURCES = {
    "registration": _registrations,
    "stop": _stops,
    "contract": _contracts,
    "unconfirmed": _unconfirmed,
}
DEADLINE_KINDS = tuple(DEADLINE_SOURCES)


def deadlines(
    user,
    *,
    within: int,
    today: datetime.date,
    now: datetime.datetime,
    employer_id: int | None = None,
    kinds=DEADLINE_KINDS,
) -> list[Deadline]:
    """What needs action across the caller's employers (or one of them), due within ``within``
    days or overdue, soonest first."""
    horizon = today + datetime.timedelta(days=within)
    employees = access.employees_for(user)
    filings = Filing.objects.filter(employer__in=access.employers_for(user))
    if employer_id is not None:
        employees = employees.filter(employer_id=employer_id)
        filings = filings.filter(employer_id=employer_id)
    found = [
        deadline
        for kind in kinds
        for deadline in DEADLINE_SOURCES[kind](employees, filings, today, horizon, now)
    ]
    return sorted(found, key=lambda d: (d.due_date, d.kind, d.employee_id))
