"""The employer's contributions by month and insurance line, for the landing page's cost chart:
the employer's share of the monthly statements, summed in the database. A statement is a
snapshot that is only ever added (never changed), so an employer's sums over the months stand
for as long as its statements of those months are the same ones: their number and greatest id
tell, from the statements' index in a cheap query, and the sums are kept in the cache under
them. The sums, over the JSON lines of every statement (a year of a 2,000-people employer is
some 24,000 statements, 140,000 lines), are worked out again only after a statement came."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from contributions.models import MonthlyStatement

FEN = Decimal("0.01")
KEPT_SECONDS = 24 * 3600  # a key no longer asked for goes; a changed set has a new key

# Each statement's lines are a JSON list of {"line", "employer_amount", ...} (amounts as strings):
# summed in fen, by employer, month and line.
_LINES_SQL = {
    "postgresql": """
        SELECT s.employer_id, s.month, l.value ->> 'line',
               SUM((l.value ->> 'employer_amount')::numeric * 100)
        FROM {table} s CROSS JOIN LATERAL jsonb_array_elements(s.lines) AS l(value)
        WHERE s.employer_id IN ({ids}) AND s.month >= %s AND s.month <= %s
        GROUP BY 1, 2, 3""",
    "sqlite": """
        SELECT s.employer_id, s.month, json_extract(l.value, '$.line'),
               SUM(ROUND(json_extract(l.value, '$.employer_amount') * 100))
        FROM {table} s, json_each(s.lines) AS l
        WHERE s.employer_id IN ({ids}) AND s.month >= %s AND s.month <= %s
        GROUP BY 1, 2, 3""",
}
Costs = dict[tuple[int, datetime.date, str], Decimal]


def employer_costs(employer_ids: Sequence[int], months: Sequence[datetime.date]) -> Costs:
    """By (employer id, month, line): the employer's share as the statements computed it then,
    so the sums are what was due. Two queries at most, whatever the employers."""
    if not employer_ids:
        return {}
    stated = MonthlyStatement.objects.filter(
        employer_id__in=employer_ids, month__gte=months[0], month__lte=months[-1]
    )
    marks = stated.order_by().values("employer_id").annotate(n=Count("id"), last=Max("id"))
    span = f"{months[0]:%Y-%m}:{months[-1]:%Y-%m}"
    keys = {
        row["employer_id"]: f"charts:costs:{row['employer_id']}:{span}:{row['n']}:{row['last']}"
        for row in marks
    }
    kept = cache.get_many(list(keys.values()))
    missing = [employer_id for employer_id, key in keys.items() if key not in kept]
    summed = _summed(missing, months)
    fresh = {keys[employer_id]: summed.get(employer_id, {}) for employer_id in missing}
    cache.set_many(fresh, KEPT_SECONDS)
    kept |= fresh
    return {
        (employer_id, month, line): amount
        for employer_id, key in keys.items()
        for (month, line), amount in kept[key].items()
    }


def _summed(employer_ids, months) -> dict[int, dict[tuple[datetime.date, str], Decimal]]:
    if not employer_ids:
        return {}
    sql = _LINES_SQL[connection.vendor].format(
        table=MonthlyStatement._meta.db_table, ids=", ".join(["%s"] * len(employer_ids))
    )
    ops = connection.ops
    params = [*employer_ids, ops.adapt_datefield_value(months[0])]
    params.append(ops.adapt_datefield_value(months[-1]))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    summed = {}
    for employer_id, month, line, fen in rows:
        amount = (Decimal(str(fen)) / 100).quantize(FEN)
        summed.setdefault(employer_id, {})[_date(month), line] = amount
    return summed


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
