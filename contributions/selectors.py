"""Reads for contributions: the rule that applies to an employer in a month, and the one "who is
insured in month M", from the filings (a confirmed register gives the first month, a confirmed
dissolve the last, under the region's cut-off): statements, notices and any list of insured
people go through insured_in, and the sweep's cheap question "who still lacks a statement"
through the same candidates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from employees.models import Employee, Employer
from employees.workflow import INSURED_STATES
from filings.models import Filing
from filings.states import FilingState
from law.money import LineRule
from law.payments import first_contribution_month, last_contribution_month, next_month


def rule_for(employer: Employer, month: datetime.date) -> ContributionRule | None:
    """The employer's own rule for its region, else the installation's; the region's, else
    its parent's (a city without rules of its own follows its province)."""
    regions, region = [], employer.region
    while region is not None:
        regions.append(region.code)
        region = region.parent
    rules = list(
        ContributionRule.objects.filter(region_id__in=regions, valid_from__lte=month)
        .filter(Q(employer=employer) | Q(employer__isnull=True))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=month))
        .prefetch_related(Prefetch("lines", queryset=ContributionLine.objects.order_by("id")))
    )
    rules.sort(key=lambda r: (r.employer_id is None, regions.index(r.region_id)))
    return rules[0] if rules else None


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
        )
        for line in rule.lines.all()
    ]


@dataclass(frozen=True)
class Insured:
    employee: Employee
    first_month: datetime.date
    last_month: datetime.date | None


def _confirmed(kind: str, field: str):
    return Subquery(
        Filing.objects.filter(employee=OuterRef("pk"), kind=kind, state=FilingState.CONFIRMED)
        .order_by("-id")
        .values(field)[:1]
    )


# A separation this long before a month cannot reach it, whatever the cut-off.
SEPARATION_REACH = datetime.timedelta(days=62)


def candidates(month: datetime.date, employees=None) -> QuerySet[Employee]:
    """Who may be insured in ``month``, in SQL alone: the agency confirmed a registration taking
    effect by the month's end, and no separation long before the month. insured_in decides
    each of them exactly."""
    employees = Employee.objects.all() if employees is None else employees
    registered = Filing.objects.filter(
        employee=OuterRef("pk"),
        kind=Filing.Kind.REGISTER,
        state=FilingState.CONFIRMED,
        effective_date__lt=next_month(month),
    )
    return (
        employees.filter(registration_state__in=INSURED_STATES)
        .filter(Exists(registered))
        .filter(Q(separation_date__isnull=True) | Q(separation_date__gte=month - SEPARATION_REACH))
    )


def statements_owed(month: datetime.date) -> QuerySet:
    """Ids of the candidates of ``month`` without a statement of it yet: on the notice day
    everyone insured, after it only the newly confirmed (and those still without a rule), so
    each later tick of the sweep costs one anti-join, not a month's work."""
    stated = MonthlyStatement.objects.filter(employee=OuterRef("pk"), month=month)
    return candidates(month).exclude(Exists(stated)).order_by("id").values_list("id", flat=True)


def insured_in(month: datetime.date, employees=None) -> list[Insured]:
    """Employees whose contributions are due for ``month``: one query, then each one's last
    month under its region's cut-off in Python."""
    rows = (
        candidates(month, employees)
        .annotate(
            registered_from=_confirmed(Filing.Kind.REGISTER, "effective_date"),
            stopped_on=_confirmed(Filing.Kind.DISSOLVE, "effective_date"),
            stop_filed_at=_confirmed(Filing.Kind.DISSOLVE, "submitted_at"),
        )
        .filter(registered_from__lt=next_month(month))
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=month - SEPARATION_REACH))
        .select_related("employer__region")
        .order_by("id")
    )
    insured = []
    for employee in rows:
        last = None
        if employee.stopped_on:
            filed_on = timezone.localdate(employee.stop_filed_at)
            last = last_contribution_month(
                employee.stopped_on, filed_on, employee.employer.region.cutoff_day
            )
            if last < month:
                continue
        first = first_contribution_month(employee.registered_from)
        insured.append(Insured(employee, first, last))
    return insured
