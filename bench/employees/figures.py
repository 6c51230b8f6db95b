"""Timing helpers and the load figures: A (generate employees), A' (ORM sample), B (deadlines)."""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import psycopg

from bench.employees import load
from bench.employees.data import EmployeeRow

WARMUPS = 3
RUNS = 21
TARGET_ROWS_PER_S = 1_000_000 / 120  # 1M rows in at most 120 s
ORM_SAMPLE = 50_000  # enough rows for a steady rate, few enough to keep the run short


@dataclass
class Figure:
    figure: str
    value: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None  # None: informational, no pass/fail
    raw: dict = field(default_factory=dict)


def timed(fn: Callable, *args):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def median_ms(fn: Callable, runs: int = RUNS, warmups: int = WARMUPS) -> float:
    """Median of ``runs`` calls after ``warmups`` unmeasured ones (caches, plans, connections
    warm)."""
    for _ in range(warmups):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def rate(rows: int, seconds: float) -> str:
    return f"{seconds:.2f} s ({rows / seconds:,.0f} rows/s)"


def load_timed(raw: psycopg.Connection, loader: Callable, *args) -> float:
    """Seconds to run loader(*args) into the emptied table (emptying not timed)."""
    load.empty_employees(raw)
    seconds, _ = timed(loader, *args)
    return seconds


# --------------------------------------------------------------------------------------------
# A: generate employees
# --------------------------------------------------------------------------------------------


def baseline_copy(raw: psycopg.Connection, rows: list[EmployeeRow]) -> dict:
    """The floor of figure A: raw COPY of the rows already built, so only the load is timed."""
    seconds = load_timed(raw, load.copy_raw, raw, rows)
    digest = load.table_digest(raw)
    assert digest[0] == len(rows), digest
    print(f"  raw COPY of pre-built rows:    {rate(len(rows), seconds)}")
    return {"seconds": seconds, "digest": digest}


def figure_orm_sample(raw: psycopg.Connection, rows: list[EmployeeRow], batch: int) -> Figure:
    """A': the ORM's rate on a sample, with the raw COPY of that same sample for scale."""
    sample = rows[: min(len(rows), ORM_SAMPLE)]  # rows are random: the first ones are a sample
    n = len(sample)
    copy_s = load_timed(raw, load.copy_raw, raw, sample)
    orm_s = load_timed(raw, load.bulk_create, sample, batch)
    assert load.count_employees(raw) == n  # figure A empties the table again before its load
    print(f"  bulk_create, {n:,} rows:     {rate(n, orm_s)}  (raw COPY {rate(n, copy_s)})")
    return Figure(
        figure=f"A' ORM bulk_create (sample of min(N, {ORM_SAMPLE:,}) rows)",
        value=rate(n, orm_s),
        baseline=f"raw COPY same rows {rate(n, copy_s)}",
        ratio=orm_s / copy_s,
        target="none (informational)",
        passed=None,
        raw={"rows": n, "orm_seconds": orm_s, "copy_seconds": copy_s, "batch_size": batch},
    )


def figure_generate(
    raw: psycopg.Connection,
    make_rows: Callable[[], Iterator[EmployeeRow]],
    n: int,
    baseline: dict,
    generate_only_s: float,
) -> Figure:
    """A: the generator streamed through Django's COPY, generation and load timed together."""
    seconds = load_timed(raw, load.copy_django, make_rows())
    digest = load.table_digest(raw)
    # The same rows as the baseline loaded, to the hash: the comparison is like for like.
    assert digest == baseline["digest"], (digest, baseline["digest"])
    print(f"  generate + COPY (Django conn): {rate(n, seconds)}")
    print(f"  (generation alone, into a list: {generate_only_s:.2f} s)")
    copy_s = baseline["seconds"]
    return Figure(
        figure="A generate employees (generator + COPY via Django)",
        value=rate(n, seconds),
        baseline=f"raw COPY pre-built {rate(n, copy_s)}",
        ratio=seconds / copy_s,
        target=f">= {TARGET_ROWS_PER_S:,.0f} rows/s (1M in <= 120 s)",
        passed=n / seconds >= TARGET_ROWS_PER_S,
        raw={
            "rows": n,
            "seconds": seconds,
            "copy_seconds": copy_s,
            "generate_only_seconds": generate_only_s,
        },
    )


# --------------------------------------------------------------------------------------------
# B: compute deadlines
# --------------------------------------------------------------------------------------------


def deadlines_loop(hire_dates: list[datetime.date]) -> None:
    from employees.holidays import current_calendar
    from law.deadlines import registration_deadline

    calendar = current_calendar()
    for hire in hire_dates:
        registration_deadline(hire, calendar)


def plain_loop(hire_dates: list[datetime.date]) -> None:
    period = datetime.timedelta(days=30)
    for hire in hire_dates:
        hire + period


def figure_deadlines(rows: list[EmployeeRow]) -> Figure:
    hire_dates = [row.hire_date for row in rows]
    n = len(hire_dates)
    ours, _ = timed(deadlines_loop, hire_dates)
    plain, _ = timed(plain_loop, hire_dates)
    print(f"  registration_deadline: {n / ours:>12,.0f}/s   hire + 30 days: {n / plain:>12,.0f}/s")
    return Figure(
        figure="B compute deadlines",
        value=f"{n / ours:,.0f}/s",
        baseline=f"hire+30d {n / plain:,.0f}/s",
        ratio=ours / plain,
        target=">= 200,000/s",
        passed=n / ours >= 200_000,
        raw={"calls": n, "seconds": ours, "plain_seconds": plain},
    )
