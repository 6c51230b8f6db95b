"""Figure A: the daily sweep (notifications.sweep.sweep) on a day before the notice day, twice; and
its reads on raw psycopg, the same SQL as Django sent it, as the baseline."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

from bench.employees.figures import Figure
from bench.notifications.phases import Split, sweep_split

TARGET_S = 10.0
BASELINE_RUNS = 3
STATEMENTS_TABLE = "filings_monthlystatement"
# Statements computed against their own INSERT ... SELECTs (issue 16).
TARGET_STATEMENTS_S, TARGET_STATEMENTS_RATIO = 10.0, 2.0


@dataclass
class SweepRun:
    seconds: float
    reported: dict[str, int]  # Swept.inserted: rows offered to the ledger, conflicts included
    added: Counter  # rows the ledger gained, by kind
    enqueued: int
    split: Split
    started: float = 0.0  # wall clock, before the sweep
    inserts: list = field(default_factory=list)  # the statements' INSERTs, as Django sent them

    def line(self) -> str:
        added = ", ".join(f"{kind} {self.added[kind]:,}" for kind in self.reported)
        reported = ", ".join(f"{n:,}" for n in self.reported.values())
        return f"added to the ledger {added} (the sweep reported {reported})"


def ledger_counts(raw: psycopg.Connection) -> Counter:
    query = "SELECT kind, count(*) FROM filings_notification GROUP BY 1"
    return Counter(dict(raw.execute(query).fetchall()))


def sweep_once(raw: psycopg.Connection, day) -> SweepRun:
    from django.db import connection

    from notifications.sweep import sweep

    raw.execute("CHECKPOINT")  # no run pays for the previous one's dirty pages
    before = ledger_counts(raw)
    inserts = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().startswith(f"INSERT INTO {STATEMENTS_TABLE}"):
            inserts.append((sql, params))
        return execute(sql, params, many, context)

    started = time.time()
    with sweep_split() as split, connection.execute_wrapper(capture):
        start = time.perf_counter()
        swept = sweep(day)
        seconds = time.perf_counter() - start
    added = ledger_counts(raw)
    added.subtract(before)
    inserted = dict(swept.inserted)
    return SweepRun(seconds, inserted, added, len(swept.enqueued), split, started, inserts)


def replay_inserts(raw: psycopg.Connection, run: SweepRun) -> float:
    """The statements' INSERT ... SELECTs of a run on plain psycopg (client-side binding, as
    Django binds), the run's statements deleted first, all of it rolled back: their seconds."""
    with raw.transaction(force_rollback=True), psycopg.ClientCursor(raw) as cursor:
        cursor.execute(
            f"DELETE FROM {STATEMENTS_TABLE} WHERE created_at >= to_timestamp(%s)",
            [run.started],
        )
        start = time.perf_counter()
        for sql, params in run.inserts:
            cursor.execute(sql, params)
        return time.perf_counter() - start


def figure_statements_alone(raw: psycopg.Connection, run: SweepRun, insured: int) -> Figure:
    """statements_compute with nothing else running (the first daily sweep makes the month
    before last's for everyone), against its own INSERT ... SELECTs replayed: what computing
    them costs, where figure B's shares the cores with the sends."""
    seconds = run.split.seconds["statements_compute"]
    computed = run.split.statements["computed"]
    replayed = replay_inserts(raw, run)
    print(
        f"  statements alone (run 1): {computed:,} computed in {seconds:.2f} s; "
        f"their {len(run.inserts)} INSERT ... SELECTs replayed on raw psycopg {replayed:.2f} s"
    )
    return Figure(
        figure=f"A statements for {computed:,} of {insured:,} insured, nothing sending",
        value=f"{seconds:.1f} s",
        baseline=f"its INSERT ... SELECTs {replayed:.1f} s",
        ratio=seconds / replayed if replayed else None,
        target=f"<= {TARGET_STATEMENTS_S:.0f} s, ratio <= {TARGET_STATEMENTS_RATIO}",
        passed=computed > 0
        and seconds <= TARGET_STATEMENTS_S
        and seconds <= TARGET_STATEMENTS_RATIO * replayed,
    )


@contextmanager
def tagged(module, names, tag: list):
    """While module.<name> runs, tag[0] is its name (to tell which part sent a query)."""
    originals = {name: getattr(module, name) for name in names}

    def wrap(name, fn):
        def run(*args, **kwargs):
            tag[0] = name
            try:
                return fn(*args, **kwargs)
            finally:
                tag[0] = ""

        return run

    for name, fn in originals.items():
        setattr(module, name, wrap(name, fn))
    try:
        yield
    finally:
        for name, fn in originals.items():
            setattr(module, name, fn)


def captured_reads(day) -> list[tuple[str, str, tuple]]:
    """The candidate reads of one more (untimed) sweep, as Django sent them: the digest's
    (one query per kind of item due, the holiday calendar's version check, the moved
    deadlines), the separation notices' and the search for rows to send."""
    from django.db import connection

    from notifications import digest, sweep

    tag, seen = [""], []

    def capture(execute, sql, params, many, context):
        if tag[0] and sql.lstrip().upper().startswith("SELECT"):
            seen.append((tag[0], sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with (
        tagged(digest, ["collect"], tag),
        tagged(sweep, ["separation_notices", "to_send"], tag),
        connection.execute_wrapper(capture),
    ):
        sweep.sweep(day)
    parts = [name for name, _, _ in seen]
    # The digest's reads grow with the kinds of item it reports: whatever it sent is replayed.
    collects = parts.count("collect")
    expected = ["collect"] * collects + ["separation_notices", "to_send"]
    assert collects >= 4, parts
    assert parts == expected, parts
    return seen


def raw_reads(raw: psycopg.Connection, reads) -> dict:
    """Each read executed and fetched on plain psycopg; the median of BASELINE_RUNS totals."""
    totals, rows = [], []
    for _ in range(BASELINE_RUNS):
        start, rows = time.perf_counter(), []
        for _name, sql, params in reads:
            with raw.cursor() as cursor:
                cursor.execute(sql, params)
                rows.append(len(cursor.fetchall()))
        totals.append(time.perf_counter() - start)
    return {"seconds": statistics.median(totals), "rows": rows}


def figure_daily(
    raw: psycopg.Connection, day, employees: int, insured: int
) -> tuple[list[Figure], list]:
    runs = []
    for number in (1, 2):
        run = sweep_once(raw, day)
        runs.append(run)
        print(f"  run {number}: {run.seconds:.2f} s; {run.line()}; {run.enqueued:,} to send")
        print(f"         {run.split.line()}")
    baseline = raw_reads(raw, captured_reads(day))
    print(
        f"  raw reads ({len(baseline['rows']) - 2} of the digest, separations, to send): "
        f"{baseline['seconds']:.2f} s, rows {baseline['rows']}"
    )
    figures = [figure_statements_alone(raw, runs[0], insured)]
    for number, run in enumerate(runs, 1):
        what = "inserts" if number == 1 else "nothing new"
        figures.append(
            Figure(
                figure=f"A daily sweep at {employees:,}, run {number} ({what})",
                value=f"{run.seconds:.2f} s, {run.added.total():,} rows",
                baseline=f"raw reads {baseline['seconds']:.2f} s",
                ratio=run.seconds / baseline["seconds"],
                target=f"<= {TARGET_S:.0f} s",
                passed=run.seconds <= TARGET_S,
            )
        )
    return figures, runs
