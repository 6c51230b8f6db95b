"""Figures C/D: the two "what HR must act on" selectors, Django against the same SQL on raw
psycopg, for a clerk of every employer and a clerk of five; plus where Django's time goes
(SQL parity, time split)."""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable

import psycopg

from bench.employees.figures import RUNS, WARMUPS, Figure, median_ms

PAGE_SIZE = 100
DUE_WITHIN_DAYS = 7
# The order HR reads these lists in: soonest deadline first.
DEADLINE_ORDER = ("registration_deadline", "id")
TARGET = "<= 100 ms, ratio <= 1.5"
MAX_RATIO = 1.5
INFORMATIONAL = "none (informational)"


def captured_sql(fn: Callable) -> tuple[str, tuple]:
    """The SQL and parameters Django sends when fn() runs (one query expected)."""
    from django.db import connection

    seen = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, tuple(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        fn()
    assert len(seen) == 1, seen
    return seen[0]


def compiled_page(make_qs: Callable) -> tuple[str, tuple]:
    """The first page's SQL from the query compiler, checked to be exactly what Django sends."""
    sql, params = make_qs()[:PAGE_SIZE].query.get_compiler(using="default").as_sql()
    assert captured_sql(lambda: list(make_qs()[:PAGE_SIZE])) == (sql, tuple(params))
    return sql, tuple(params)


def raw_runner(conn: psycopg.Connection, sql: str, params) -> Callable:
    def run():
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()  # rows as tuples: no model objects

    return run


def django_cursor_runner(sql: str, params) -> Callable:
    """The same SQL through Django's connection cursor: Django's DB layer, no ORM objects."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def raw_best(raws: dict[str, psycopg.Connection], sql: str, params) -> dict:
    """Median on each raw cursor kind; the faster one is the baseline (the fairest floor)."""
    medians = {kind: median_ms(raw_runner(conn, sql, params)) for kind, conn in raws.items()}
    kind = min(medians, key=medians.get)
    return {"kind": kind, "ms": medians[kind], "medians_ms": medians}


def baseline_text(best: dict) -> str:
    return f"raw {best['ms']:.2f} ms ({best['kind']})"


def explain(conn: psycopg.Connection, sql: str, params) -> list[str]:
    with conn.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [line for (line,) in cursor.fetchall()]


def plan_times(plan: list[str]) -> str:
    """The plan's 'Planning Time' and 'Execution Time' lines: how much of a run is planning,
    which a prepared statement (server-side binding) skips and client-side binding repeats."""
    return ", ".join(line.strip() for line in plan if line.strip().endswith(" ms"))


def print_plan(title: str, plan: list[str]) -> None:
    index_lines = [line.strip() for line in plan if "employee_reg_due_idx" in line]
    print(f"  EXPLAIN (ANALYZE, BUFFERS) {title}:")
    for line in plan[:3]:
        print(f"    {line}")
    used = f"yes ({index_lines[0]})" if index_lines else "NO"
    print(f"    -> employee_reg_due_idx used: {used}; {plan_times(plan)}")


def versus_raw(figure: str, ms: float, best: dict, *, informational: bool = False) -> Figure:
    """A figure timed against the raw baseline; the target applies unless informational."""
    ratio = ms / best["ms"]
    return Figure(
        figure=figure,
        value=f"{ms:.2f} ms",
        baseline=baseline_text(best),
        ratio=ratio,
        target=INFORMATIONAL if informational else TARGET,
        passed=None if informational else (ms <= 100 and ratio <= MAX_RATIO),
        raw={"ms": ms, "raw": best},
    )


def page_split(make_qs: Callable) -> dict:
    """Where one first page's time goes, the three timed in turn in each run (drift hits all
    alike): building and compiling the query, executing it and fetching the rows through
    Django's cursor, and the whole list(qs[:100]); model materialisation is the rest."""
    sql, params = compiled_page(make_qs)
    stages = {
        "build_compile_ms": lambda: make_qs()[:PAGE_SIZE].query.get_compiler("default").as_sql(),
        "execute_fetch_ms": django_cursor_runner(sql, params),
        "total_ms": lambda: list(make_qs()[:PAGE_SIZE]),
    }
    samples = {name: [] for name in stages}
    for run in range(WARMUPS + RUNS):
        for name, fn in stages.items():
            start = time.perf_counter()
            fn()
            if run >= WARMUPS:
                samples[name].append((time.perf_counter() - start) * 1000)
    split = {name: statistics.median(values) for name, values in samples.items()}
    split["materialise_ms"] = (
        split["total_ms"] - split["build_compile_ms"] - split["execute_fetch_ms"]
    )
    return split


def split_line(label: str, split: dict) -> str:
    return (
        f"{label} first page {split['total_ms']:.2f} ms = build+compile "
        f"{split['build_compile_ms']:.2f} + execute+fetch (Django cursor) "
        f"{split['execute_fetch_ms']:.2f} + model materialisation {split['materialise_ms']:.2f}"
    )


def selector_figures(label: str, make_qs: Callable, raws: dict) -> tuple[list[Figure], dict]:
    """First page and count() against raw, SQL parity and the split, for one selector."""
    letter = label.split()[0]
    page_sql, page_params = compiled_page(make_qs)
    # count() compiles a different query (COUNT(*), no ORDER BY): take it as sent.
    count_sql, count_params = captured_sql(lambda: make_qs().count())
    cases = (
        ("first page", page_sql, page_params, lambda: list(make_qs()[:PAGE_SIZE])),
        ("count", count_sql, count_params, lambda: make_qs().count()),
    )
    figures, details = [], {"rows_matching": make_qs().count()}
    for case, sql, params, django_fn in cases:
        django_ms = median_ms(django_fn)
        best = raw_best(raws, sql, params)
        plan = explain(raws["client"], sql, params)
        details[case] = {"sql": sql, "plan": plan}
        print_plan(f"{label}, {case}", plan)
        figures.append(versus_raw(f"{label} {case}", django_ms, best))
    page_best = figures[0].raw["raw"]
    cursor_ms = median_ms(django_cursor_runner(page_sql, page_params))
    parity = versus_raw(
        f"{letter} SQL parity: first-page SQL via Django cursor", cursor_ms, page_best
    )
    parity.target = f"ratio <= {MAX_RATIO}"
    parity.passed = parity.ratio <= MAX_RATIO
    figures.append(parity)
    details["split"] = page_split(make_qs)
    print("  " + split_line(letter, details["split"]))
    return figures, details


def figure_selectors(scopes: list[tuple[str, object]], today: datetime.date, raws: dict):
    """C (overdue) and D (due within 7 days), for each scope: (label, user)."""
    from employees import access

    def overdue(user):
        return lambda: access.employees_for(user).overdue(today).order_by(*DEADLINE_ORDER)

    def due(user):
        employees = access.employees_for
        return lambda: employees(user).due_within(DUE_WITHIN_DAYS, today).order_by(*DEADLINE_ORDER)

    cases = (
        ("overdue", "C", "overdue", overdue),
        ("due_within", "D", f"due_within({DUE_WITHIN_DAYS}d)", due),
    )
    figures, details = [], {}
    for scope, user in scopes:
        for key, letter, name, make in cases:
            found, details[f"{key}, {scope}"] = selector_figures(
                f"{letter} {name}, {scope}", make(user), raws
            )
            figures += found
    return figures, details
