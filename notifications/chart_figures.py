"""The figures behind the landing page's charts, month by month for many employers at once: each
is one grouped query for all the employers given (a filtered count per month, or a TruncMonth
group), never a query per employee or per month. Months are their first days, oldest first;
each function answers {(employer id, month): figure}, a month without any left out."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from contributions.selectors import candidates
from employees.models import Employee, EmployeeEvent
from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.states import FilingState
from law.payments import next_month

Figures = dict[tuple[int, datetime.date], int]


def _by_employer(rows, months: Sequence[datetime.date]) -> Figures:
    """Rows of {"employer_id", "m0", "m1", ...}, a filtered count a month, by (employer, month)."""
    return {
        (row["employer_id"], month): row[f"m{i}"]
        for row in rows
        for i, month in enumerate(months)
        if row[f"m{i}"]
    }


def _grouped(employees: QuerySet[Employee], day: str, months) -> Figures:
    """Employees counted in the month of the date ``day`` names, within the months."""
    window = {f"{day}__gte": months[0], f"{day}__lt": next_month(months[-1])}
    return _by_month(employees.filter(**window), day, months)


def _by_month(employees: QuerySet[Employee], day: str, months) -> Figures:
    """Grouped by employer and the month of ``day``; the months outside ``months`` left out.
    Count("*"), not of the key: the employer and the date can then come from an index alone."""
    rows = (
        employees.order_by()
        .annotate(month=TruncMonth(day))
        .values("employer_id", "month")
        .annotate(n=Count("*"))
    )
    shown = set(months)
    found = ((row["employer_id"], row["month"], row["n"]) for row in rows)
    return {(employer, month): n for employer, month, n in found if month in shown}


def insured(employees: QuerySet[Employee], months) -> Figures:
    """The insured of each month, as contributions.selectors.candidates answers it (the one
    "who is insured in month M"): one query, each month a filtered count over its set."""
    counts = {
        f"m{i}": Count("pk", filter=Q(pk__in=candidates(month, employees).values("pk")))
        for i, month in enumerate(months)
    }
    return _by_employer(employees.order_by().values("employer_id").annotate(**counts), months)


def joiners(employees: QuerySet[Employee], months) -> Figures:
    """Hires, in the month of their hire date (the first day of work)."""
    return _grouped(employees, "hire_date", months)


def leavers(employees: QuerySet[Employee], months) -> Figures:
    """Separations, in the month the employment ended: the effective date of the dissolve the
    agency confirmed, else the separation date HR recorded (still with the agency, or not yet
    filed). Confirming a dissolve records its date as the separation date
    (filings.services.filing_confirm), so everyone who left has one; the confirmed date wins
    should the two ever differ."""
    confirmed = Filing.objects.filter(
        employee=OuterRef("pk"), kind=Filing.Kind.DISSOLVE, state=FilingState.CONFIRMED
    ).order_by("-id")
    left = employees.filter(separation_date__isnull=False).annotate(
        left_on=Coalesce(Subquery(confirmed.values("effective_date")[:1]), "separation_date")
    )
    # Every separation, whenever: a confirmed date may lie in the months and the separation
    # date not. Windowed in Python rather than in SQL, which would look the dissolve up once
    # more per row (its subquery written again in the WHERE); the rows come from
    # employee_left_idx alone, one dissolve lookup each.
    return _by_month(left, "left_on", months)


def _moment(day: datetime.date) -> datetime.datetime:
    """The start of the day in Asia/Shanghai (the installation's time zone): the end of the
    day before, when its deadline has run out (law.deadlines: a last day ends at 24:00)."""
    start = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(start, timezone.get_default_timezone())


def _end_of(month, today, now) -> tuple[datetime.date, datetime.datetime]:
    """The day from which a deadline counts as passed at the month's end, and that moment;
    the current month's end is not there yet: today, and now."""
    end = next_month(month)
    return (today, now) if end > today else (end, _moment(end))


# The periods each employment spent unregistered, [since, until), from its state events in
# order: one from each move into unregistered to the next move; one before the first move, if
# it left unregistered; one without end for an employment never moved and unregistered now.
# Only employments whose deadline has passed by today are looked at; a period ended before the
# first month's end counts in none. Portable SQL (PostgreSQL and SQLite alike).
_OVERDUE_SQL = """
    WITH moves AS (
        SELECT ev.employee_id, ev.at, ev.from_state, ev.to_state,
               LEAD(ev.at) OVER (PARTITION BY ev.employee_id ORDER BY ev.at, ev.id) AS next_at,
               ROW_NUMBER() OVER (PARTITION BY ev.employee_id ORDER BY ev.at, ev.id) AS n
        FROM {events} ev JOIN {employees} e ON e.id = ev.employee_id
        WHERE ev.action = %s AND e.employer_id IN ({ids}) AND e.registration_deadline < %s
    ),
    unregistered (employee_id, since, until) AS (
        SELECT employee_id, at, next_at FROM moves WHERE to_state = %s
        UNION ALL
        SELECT employee_id, NULL, at FROM moves WHERE n = 1 AND from_state = %s
        UNION ALL
        SELECT e.id, NULL, NULL FROM {employees} e
        WHERE e.employer_id IN ({ids}) AND e.registration_deadline < %s
          AND e.registration_state = %s
          AND NOT EXISTS (SELECT 1 FROM {events} ev WHERE ev.employee_id = e.id AND ev.action = %s)
    )
    SELECT e.employer_id, {counts}
    FROM unregistered u JOIN {employees} e ON e.id = u.employee_id
    WHERE u.until IS NULL OR u.until >= %s
    GROUP BY e.employer_id"""
# Overdue at a month's end: the deadline passed by then, and unregistered at that moment.
_OVERDUE_AT = """SUM(CASE WHEN e.registration_deadline < %s AND (u.since IS NULL OR u.since < %s)
    AND (u.until IS NULL OR u.until >= %s) THEN 1 ELSE 0 END)"""


def overdue(
    employer_ids: Sequence[int], months, today: datetime.date, now: datetime.datetime
) -> Figures:
    """The registrations overdue at each month's end (the current month: now), as
    Employee.objects.overdue counts them today: the deadline has passed and the employment is
    still unregistered. The state at a moment is read from the employee's state events, the
    registration workflow's complete record: filing a register (submitting it) moves the
    employment out of unregistered, a rejection or a withdrawal back into it, each move with
    its time. The filings alone cannot tell: a resubmission overwrites submitted_at, and a
    rejected filing says nothing of the weeks it was with the agency."""
    if not employer_ids:
        return {}
    ops = connection.ops
    ends = [_end_of(month, today, now) for month in months]
    sql = _OVERDUE_SQL.format(
        events=EmployeeEvent._meta.db_table,
        employees=Employee._meta.db_table,
        ids=", ".join(["%s"] * len(employer_ids)),
        counts=", ".join(_OVERDUE_AT for _end in ends),
    )
    moved, day = EmployeeEvent.Action.STATE_CHANGED, ops.adapt_datefield_value(today)
    counts = []
    for end, moment in ends:
        at = ops.adapt_datetimefield_value(moment)
        counts += [ops.adapt_datefield_value(end), at, at]
    params = [moved, *employer_ids, day, S.UNREGISTERED, S.UNREGISTERED]
    params += [*employer_ids, day, S.UNREGISTERED, moved, *counts]
    params.append(ops.adapt_datetimefield_value(ends[0][1]))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        (row[0], month): row[1 + i] for row in rows for i, month in enumerate(months) if row[1 + i]
    }
