"""A chunk of a month's statements in one INSERT ... SELECT on PostgreSQL: law.money's rules
(the base between floor and ceiling, each line's rounding, the fixed amounts) written in SQL
over the insured set and the rules' lines, so a hundred thousand statements are a few hundred
milliseconds of the database, not a Python loop. law.money stays the reference: a test
computes a generated population both ways and compares every line of every statement.

The rounding modes in SQL, for the non-negative amounts there are (round() rounds half away
from zero, so half up; ceil() is ROUND_UP): the amount rounded to its step, then written with
two decimals, as law.money.rounded does."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from contributions.models import ContributionLine, MonthlyStatement
from law.money import Rounding

ROUNDED = {
    Rounding.HALF_UP_FEN: "round({x}, 2)",
    Rounding.HALF_UP_JIAO: "round(round({x}, 1), 2)",
    Rounding.UP_JIAO: "round(ceil({x} * 10) / 10, 2)",
    Rounding.HALF_UP_YUAN: "round(round({x}, 0), 2)",
}
assert set(ROUNDED) == set(Rounding), "every rounding mode of law.money has its SQL"


def _rounded(amount: str) -> str:
    cases = " ".join(
        f"WHEN '{mode.value}' THEN {sql.format(x=amount)}" for mode, sql in ROUNDED.items()
    )
    return f"CASE l.rounding {cases} END"


# Each statement's lines as JSON text, parsed once into jsonb: a fifth less time than building
# each line with jsonb_build_object, which was most of the INSERT's (the amounts as text are
# digits and a point; the two codes go through to_json, which escapes as JSON must).
_LINE_TEXT = (
    """'{{"line": ' || to_json(l.line)::text"""
    """ || ', "base": "' || a.base::text"""
    """ || '", "employer_rate": "' || l.employer_rate::text"""
    """ || '", "employee_rate": "' || l.employee_rate::text"""
    """ || '", "employer_amount": "' || a.employer_amount::text"""
    """ || '", "employee_amount": "' || a.employee_amount::text"""
    """ || '", "rounding": ' || to_json(l.rounding)::text || '}}'"""
)
_LINES = f"('[' || string_agg({_LINE_TEXT}, ', ' ORDER BY l.id) || ']')::jsonb"

_STATEMENT = MonthlyStatement._meta.db_table
_LINE = ContributionLine._meta.db_table
INSERT_SQL = f"""
INSERT INTO {_STATEMENT} (employee_id, employer_id, month, rule_id, wage, lines,
    employee_total, employer_total, created_at)
SELECT e.id, e.employer_id, %s, r.rule_id, e.monthly_wage,
    {_LINES},
    sum(a.employee_amount), sum(a.employer_amount), %s
FROM ({{employees}}) AS e (id, employer_id, monthly_wage)
JOIN (VALUES {{rules}}) AS r (employer_id, rule_id) ON r.employer_id = e.employer_id
JOIN {_LINE} l ON l.rule_id = r.rule_id
CROSS JOIN LATERAL (SELECT LEAST(GREATEST(e.monthly_wage, l.base_floor), l.base_ceiling) AS base)
    AS b
CROSS JOIN LATERAL (SELECT b.base,
    {_rounded("b.base * l.employer_rate")} + l.employer_fixed AS employer_amount,
    {_rounded("b.base * l.employee_rate")} + l.employee_fixed AS employee_amount) AS a
GROUP BY e.id, e.employer_id, r.rule_id, e.monthly_wage
ON CONFLICT DO NOTHING
"""  # noqa: S608 -- table names from the models; values are parameters


def statements_insert(month: datetime.date, employees: QuerySet, rules: dict[int, int]) -> int:
    """Insert the statement of ``month`` for each employee of the queryset whose employer is in
    ``rules`` (employer id -> rule id); the number inserted. A statement already there (a
    concurrent run) is kept: the unique constraint leaves one."""
    if not rules:
        return 0
    sql, params = employees.values_list("id", "employer_id", "monthly_wage").query.sql_with_params()
    values = ", ".join(["(%s::bigint, %s::bigint)"] * len(rules))
    statement = INSERT_SQL.format(employees=sql, rules=values)
    ops = connection.ops
    arguments = [
        ops.adapt_datefield_value(month),
        ops.adapt_datetimefield_value(timezone.now()),
        *params,
        *(v for pair in rules.items() for v in pair),
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, arguments)
        return cursor.rowcount
