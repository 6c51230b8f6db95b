"""Reads for contributions: the rule that applies to an employer in a month, and the one "who is
insured in month M", from the filings (a confirmed register gives the first month; a dissolve,
once filed, the last, fixed under the region's cut-off on the day it was filed): statements,
notices and any list of insured people go through candidates, and so the sweep's cheap
question "who still lacks a statement"."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from employees.models import Employee, Employer, Region
from employees.workflow import INSURED_STATES
from filings.models import Filing
from filings.states import FilingState
from law.money import LineRule
from law.payments import first_contribution_month, next_month


def _region_chains(employers) -> dict[int, list[str]]:
    """Each employer's region and the regions above it, nearest first: one query per level
    (three at most), not one per employer and level."""
    parents: dict[str, str | None] = {
        employer.region_id: employer.region.parent_id
        for employer in employers
        if Employer.region.is_cached(employer)  # read with the employer (select_related)
    }
    wanted = {employer.region_id for employer in employers} | {p for p in parents.values() if p}
    while missing := wanted - parents.keys():
        for code, parent in Region.objects.filter(code__in=missing).values_list(
            "code", "parent_id"
        ):
            parents[code] = parent
            if parent:
                wanted.add(parent)
        wanted -= missing - parents.keys()  # a code that is not a region: its chain ends
    chains = {}
    for employer in employers:
        chain, code = [], employer.region_id
        while code is not None and code in parents:
            chain.append(code)
            code = parents[code]
        chains[employer.id] = chain
    return chains


def _first(rules, regions: list[str], month: datetime.date) -> ContributionRule | None:
    """The employer's own rule for its region, else the installation's; the region's, else
    its parent's (a city without rules of its own follows its province)."""
    valid = [
        r
        for r in rules
        if r.valid_from <= month and (r.valid_until is None or r.valid_until >= month)
    ]
    valid.sort(key=lambda r: (r.employer_id is None, regions.index(r.region_id)))
    return valid[0] if valid else None


def rule_for(employer: Employer, month: datetime.date) -> ContributionRule | None:
    """The rule that applies to the employer in ``month`` (see _first)."""
    return rules_for({employer: {month}}).get((employer.id, month))


def rules_for(wanted: dict[Employer, set]) -> dict[tuple[int, datetime.date], ContributionRule]:
    """rule_for of each employer and month wanted, by (employer id, month), in two queries
    whatever the number of employers and months; a month without a rule is left out."""
    wanted = {employer: months for employer, months in wanted.items() if months}
    if not wanted:
        return {}
    regions = _region_chains(wanted)
    every = {m for months in wanted.values() for m in months}
    rules = list(
        ContributionRule.objects.filter(region_id__in={r for rs in regions.values() for r in rs})
        .filter(Q(employer__in=list(wanted)) | Q(employer__isnull=True))
        .filter(valid_from__lte=max(every))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=min(every)))
        .prefetch_related(Prefetch("lines", queryset=ContributionLine.objects.order_by("id")))
    )
    found = {}
    for employer, months in wanted.items():
        chain = regions[employer.id]  # the rules fetched are of every employer's regions
        own = [r for r in rules if r.employer_id in (None, employer.id) and r.region_id in chain]
        for month in months:
            if rule := _first(own, chain, month):
                found[employer.id, month] = rule
    return found


def line_rules(rule: ContributionRule) -> list[LineRule]:
    return [
        LineRule(
            line=line.line,
            employer_rate=line.employer_rate,
            employee_rate=line.employee_rate,
            base_floor=line.base_floor,
            base_ceiling=line.base_ceiling,
            employer_fixed=line.employer_fixed,
            employee_fixed=line.employee_fixed,
            rounding=line.rounding,
        )
        for line in rule.lines.all()
    ]


@dataclass(frozen=True)
class Insured:
    employee: Employee
    first_month: datetime.date
    last_month: datetime.date | None


# A dissolve with the agency or confirmed ends the months owed at its last_paid_month; one
# rejected or withdrawn ends nothing.
STOPPING_STATES = (FilingState.SUBMITTED, FilingState.CONFIRMED)


def _register(month: datetime.date | None = None):
    registers = Filing.objects.filter(
        employee=OuterRef("pk"), kind=Filing.Kind.REGISTER, state=FilingState.CONFIRMED
    )
    return registers if month is None else registers.filter(effective_date__lt=next_month(month))


def _stop():
    return Filing.objects.filter(
        employee=OuterRef("pk"), kind=Filing.Kind.DISSOLVE, state__in=STOPPING_STATES
    )


def candidates(month: datetime.date, employees=None) -> QuerySet[Employee]:
    """Who is insured in ``month``, in SQL alone: the agency confirmed a registration taking
    effect by the month's end, and no dissolve filed or confirmed ends the months owed before
    it. A dissolve still with the agency holds the months after its last one: if the agency
    rejects it, the sweep catches them up (months_owed)."""
    employees = Employee.objects.all() if employees is None else employees
    return (
        employees.filter(registration_state__in=INSURED_STATES)
        .filter(Exists(_register(month)))
        .exclude(Exists(_stop().filter(last_paid_month__lt=month)))
    )


def statements_owed(month: datetime.date) -> QuerySet:
    """Ids of the candidates of ``month`` without a statement of it yet: on the notice day
    everyone insured, after it only the newly confirmed (and those still without a rule), so
    each later tick of the sweep costs one anti-join, not a month's work."""
    stated = MonthlyStatement.objects.filter(employee=OuterRef("pk"), month=month)
    return candidates(month).exclude(Exists(stated)).order_by("id").values_list("id", flat=True)


def _with_months(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    return employees.annotate(
        registered_from=Subquery(_register().order_by("-id").values("effective_date")[:1]),
        paid_until=Subquery(_stop().order_by("-id").values("last_paid_month")[:1]),
    )


def insured_in(month: datetime.date, employees=None) -> list[Insured]:
    """Employees whose contributions are due for ``month``, with their first and last months."""
    rows = _with_months(candidates(month, employees)).select_related("employer__region")
    rows = rows.order_by("id")
    return [
        Insured(employee, first_contribution_month(employee.registered_from), employee.paid_until)
        for employee in rows
    ]


def months_owed(employee_ids, through: datetime.date) -> dict[datetime.date, list[int]]:
    """Every month up to ``through`` that these employees are owed a statement of and have none:
    the months a late registration reaches back to, and those a rejected dissolve released."""
    stated = set(
        MonthlyStatement.objects.filter(
            employee_id__in=employee_ids, month__lte=through
        ).values_list("employee_id", "month")
    )
    rows = _with_months(
        Employee.objects.filter(id__in=employee_ids, registration_state__in=INSURED_STATES)
    ).values_list("id", "registered_from", "paid_until")
    owed = defaultdict(list)
    for employee_id, registered_from, paid_until in rows:
        if registered_from is None:
            continue
        month = first_contribution_month(registered_from)
        last = min(paid_until or through, through)
        while month <= last:
            if (employee_id, month) not in stated:
                owed[month].append(employee_id)
            month = next_month(month)
    return dict(sorted(owed.items()))
