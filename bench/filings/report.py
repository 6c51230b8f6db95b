"""What is printed: each run's statements as they come, then the summary table and verdicts."""

from __future__ import annotations

import statistics

from bench.filings.timing import Call, Run

TARGET_SIZE = 10_000
TARGET_S = 10.0  # the issue: a batch of 10,000 created and submitted in at most 10 s


def print_run(run: Run, written: tuple[int, int], *, listing: bool) -> None:
    """One run's times; with listing, every statement it sent (size, then its start)."""
    print(f"  {run.way}, {run.size:,} employees (batch #{run.batch_id}):")
    calls = (("create", run.create), ("submit", run.submit))
    for (name, call), rows in zip(calls, written, strict=True):
        print(
            f"    {name}: {call.seconds:.3f} s, {len(call.statements)} statements, "
            f"{rows:,} rows written"
        )
        for number, (text, length) in enumerate(call.statements if listing else [], 1):
            size = f"{length / 1024:,.0f} KiB" if length >= 10_240 else f"{length} B"
            print(f"      {number:2}. [{size:>9}] {text}")


def _total(run: Run) -> Call:
    return Call(run.seconds, run.create.statements + run.submit.statements)


PARTS = (
    ("batch_create", lambda run: run.create),
    ("batch_submit", lambda run: run.submit),
    ("create + submit", _total),
)


def _median(runs: list[Run], part) -> Call | None:
    """The median time of that part over the runs (each part on its own), with its statements."""
    if not runs:
        return None
    calls = [part(run) for run in runs]
    return Call(statistics.median(call.seconds for call in calls), calls[0].statements)


def _cells(call: Call | None) -> tuple[str, str]:
    return ("-", "-") if call is None else (f"{call.seconds:.3f} s", str(len(call.statements)))


def table(groups: list[tuple[list[Run], list[Run], tuple[int, int]]]) -> list[tuple[str, ...]]:
    """One row per part and size: ORM, its queries, raw SQL, its statements, ratio, rows."""
    rows = []
    for orm_runs, raw_runs, (create_rows, submit_rows) in groups:
        written = (create_rows, submit_rows, create_rows + submit_rows)
        for (name, part), rows_written in zip(PARTS, written, strict=True):
            mine, base = _median(orm_runs, part), _median(raw_runs, part)
            ratio = "-" if base is None else f"{mine.seconds / base.seconds:.2f}"
            label = f"{name}, {orm_runs[0].size:,}"
            rows.append((label, *_cells(mine), *_cells(base), ratio, f"{rows_written:,}"))
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("figure", "ORM", "queries", "raw SQL", "statements", "ratio", "rows written")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell.rjust(width) for cell, width in zip(row, widths, strict=True)]
        cells[0] = row[0].ljust(widths[0])
        print("  ".join(cells))


def print_each(orm_runs: list[Run], raw_runs: list[Run]) -> None:
    for runs in (orm_runs, raw_runs):
        each = ", ".join(f"{run.seconds:.2f}" for run in runs)
        print(f"create + submit, {runs[0].size:,}, each run, {runs[0].way}: {each} s")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def target_line(orm_runs: list[Run]) -> tuple[str, bool]:
    """The issue's target, stated for 10,000 employees; every run must meet it, the slowest too."""
    if orm_runs[0].size != TARGET_SIZE:
        return f"target: {TARGET_S:.0f} s for {TARGET_SIZE:,} employees: not run at that size", True
    slowest = max(run.seconds for run in orm_runs)
    passed = slowest <= TARGET_S
    return (
        f"target: create + submit of {TARGET_SIZE:,} employees in at most {TARGET_S:.0f} s: "
        f"slowest of {len(orm_runs)} runs {slowest:.2f} s, {verdict(passed)}",
        passed,
    )


def same_counts_line(small: Run, orm_runs: list[Run]) -> tuple[str, bool]:
    """The queries of each call, at the small size and at every run of the main size."""
    parts = []
    for name in ("create", "submit"):
        counts = [len(getattr(run, name).statements) for run in [small, *orm_runs]]
        parts.append((name, counts))
    passed = all(len(set(counts)) == 1 for _, counts in parts)
    listed = "; ".join(f"{name} {', '.join(map(str, counts))}" for name, counts in parts)
    return (
        f"queries at {small.size:,}, then at {orm_runs[0].size:,} ({len(orm_runs)} runs): "
        f"{listed}: {verdict(passed)}",
        passed,
    )
