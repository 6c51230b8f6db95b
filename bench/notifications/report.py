"""What the run prints: the data, figure B's parts, the table of figures and the verdict."""

from __future__ import annotations

import datetime

import psycopg

from bench.employees.figures import Figure
from bench.employees.report import print_table

SUMMARY_SQL = """
SELECT
    count(*) FILTER (WHERE registration_state = 'unregistered'
        AND registration_deadline < %(day)s),
    count(*) FILTER (WHERE registration_state = 'unregistered'
        AND registration_deadline BETWEEN %(day)s AND %(day)s + 7),
    count(*) FILTER (WHERE registration_state = 'registered' AND separation_date IS NULL
        AND contract_end_date BETWEEN %(day)s AND %(day)s + 30),
    count(*) FILTER (WHERE registration_state = 'registered' AND separation_date IS NOT NULL),
    count(*) FILTER (WHERE email <> '')
FROM employees_employee
"""
FILINGS_SQL = """
SELECT
    count(*) FILTER (WHERE state = 'submitted' AND submitted_at < now() - interval '10 days'),
    count(*) FILTER (WHERE kind = 'dissolve' AND state = 'confirmed'
        AND decided_at >= now() - interval '30 days'),
    count(*) FILTER (WHERE kind = 'register' AND state = 'confirmed')
FROM filings_filing
"""


def print_data(raw: psycopg.Connection, found, args) -> None:
    states = raw.execute(
        "SELECT registration_state, count(*) FROM employees_employee GROUP BY 1 ORDER BY 1"
    ).fetchall()
    overdue, due7, contracts, separated, emails = raw.execute(
        SUMMARY_SQL, {"day": args.day}
    ).fetchone()
    waiting, separations, registered = raw.execute(FILINGS_SQL).fetchone()
    print(
        f"data: {found.total:,} employees ({found.insured:,} insured at "
        f"{len(found.insured_employers)} employers in 310000/110000, {found.background:,} "
        f"background at {len(found.background_employers)} employers, {found.others:,} of other "
        f"benchmarks); {emails:,} with an address"
    )
    print("  states: " + ", ".join(f"{state} {n:,}" for state, n in states))
    print(
        f"  on {args.day}: {overdue:,} registrations overdue, {due7:,} due within 7 days; "
        f"{contracts:,} contracts ending within 30 days; {separated:,} separated, stop not "
        f"filed; {waiting:,} filings waiting on the agency over 10 days; {separations:,} "
        f"dissolves confirmed in the last 30 days; {registered:,} confirmed registrations"
    )


def print_monthly(run, received: int) -> None:
    by_kind = {}
    for (kind, status), n in sorted(run.outcome.items()):
        by_kind.setdefault(kind, []).append(f"{status} {n:,}")
    print("  enqueued rows now: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in by_kind.items()))
    first = run.first_sent - run.enqueue_started if run.first_sent else float("nan")
    print(
        f"  sends: {run.sent:,} messages from the enqueue to the last sent_at in "
        f"{run.send_s:.1f} s ({run.sent / run.send_s:,.0f}/s; the first went out after "
        f"{first:.2f} s); the sink received {received:,}"
    )
    print(
        f"  end to end: {run.total_s:.1f} s = sweep {run.sweep_s:.1f} s + sends "
        f"{run.send_s:.1f} s (the enqueue, {run.enqueue_s:.1f} s, overlaps the sends)"
    )


def correctness_figure(correct: bool) -> Figure:
    return Figure(
        figure="correctness (statements, notices, sink count)",
        value="as expected" if correct else "mismatch",
        baseline="",
        ratio=None,
        target="all checks hold",
        passed=correct,
    )


def print_results(args, figures: list[Figure]) -> None:
    print(
        f"\nResults (ratio: A = time / raw reads' time; B sends = our rate / smtplib's rate), "
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}:"
    )
    print_table(figures)
    for figure in figures:
        if figure.passed is not None:
            print(f"{'PASS' if figure.passed else 'FAIL'}: {figure.figure} ({figure.target})")
