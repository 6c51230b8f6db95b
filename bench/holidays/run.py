"""The figure of bench.holidays: entering next year's holiday arrangement recomputes the
deadlines of every employment still unregistered whose period reaches that year; those that
move to another day are rewritten, with an event each (the rest stand, no longer provisional).
The product's way (holiday_year_save, then the worker's task body, deadlines_recompute_year: per
hire date the rows locked, the events, one UPDATE) against a raw-SQL UPDATE of the same rows to
the same deadlines, in the same run, on the same rows set back between the two.

The product recomputes the whole installation: the unregistered hires other benchmarks left in
the period (bench.employees' and bench.notifications' recent ones) are recomputed with the
benchmark's own, so the baseline and the checks take the same rows, and those rows are set back
at the end as they were before the run."""

from __future__ import annotations

import datetime
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.employees import data as employee_data
from bench.employees import load, owned

YEAR = 2027
MARK = "(bench.holidays)"
HIRED_FROM, HIRED_TO = datetime.date(2026, 12, 2), datetime.date(2027, 11, 30)
FILE = Path(__file__).resolve().parents[2] / "tests" / "employees" / "data" / "holidays-2027.json"
NOTICE = "国办发明电〔2026〕(bench)号"
TARGET_SECONDS = 60.0
# The rows deadlines_recompute_year reads (Employee.objects.unfiled() hired in the period that
# reaches the year), whoever's they are; %(first)s and %(last)s: law.deadlines.hires_reaching.
IN_PERIOD = "e.registration_state = 'unregistered' AND e.hire_date BETWEEN %(first)s AND %(last)s"


@dataclass
class Figures:
    employees: int
    others: int  # other benchmarks' unregistered hires in the period, recomputed too
    expected: int  # the rows whose day moves, by law.deadlines
    moved: int
    events: int
    product_seconds: float
    raw_seconds: float
    wrong: int

    @property
    def ratio(self) -> float:
        return self.product_seconds / self.raw_seconds if self.raw_seconds else float("inf")


def forget(raw: psycopg.Connection) -> None:
    """The previous run's employer, employees and events, and its year: the database as the
    other benchmarks expect it, whatever ran before."""
    owned.delete_employers(raw, owned.marked_employers(raw, f"%{MARK}"))
    with raw.transaction():
        raw.execute(
            "DELETE FROM employees_holidayday WHERE year_id = %s AND year_id IN "
            "(SELECT year FROM employees_holidayyear WHERE notice_number = %s)",
            [YEAR, NOTICE],
        )
        raw.execute(
            "DELETE FROM employees_holidayyear WHERE year = %s AND notice_number = %s",
            [YEAR, NOTICE],
        )
    entered = raw.execute(
        "SELECT notice_number FROM employees_holidayyear WHERE year = %s", [YEAR]
    ).fetchone()
    if entered is not None:
        # The run would replace it, and its clean-up delete it.
        raise SystemExit(f"{YEAR} already has an arrangement ({entered[0]!r}): not ours to replace")


def employer() -> int:
    from employees.models import Employer

    return Employer.objects.create(
        name=f"节假日基准测试有限公司 {MARK}",
        credit_code=employee_data_credit_code(),
        region_id="310000",
    ).pk


def employee_data_credit_code() -> str:
    from stdnum.cn import uscc

    body = f"91310000MA{random.Random(YEAR).randrange(10**7):07d}"
    return body + uscc.calc_check_digit(body + "0")


def rows(count: int, employer_id: int, seed: int):
    """Unregistered hires spread over the year ahead, counted before its arrangement."""
    from django.utils import timezone

    from employees.holidays import current_calendar
    from law.deadlines import registration_deadline

    calendar, deadlines = current_calendar(), {}
    rng = random.Random(seed)
    span = (HIRED_TO - HIRED_FROM).days
    base = employee_data.employee_rows(
        seed=seed,
        count=count,
        employer_ids=[employer_id],
        weights=[1.0],
        today=HIRED_FROM,
        now=timezone.now(),
    )
    for row in base:
        hire = HIRED_FROM + datetime.timedelta(days=rng.randint(0, span))
        if hire not in deadlines:
            deadlines[hire] = registration_deadline(hire, calendar)
        deadline = deadlines[hire]
        yield row._replace(
            hire_date=hire,
            contract_end_date=None,
            separation_date=None,
            registration_state="unregistered",
            registration_deadline=deadline.date,
            deadline_uncovered_year=deadline.uncovered_year,
        )


def expected_deadlines(days: list[dict]) -> dict[datetime.date, datetime.date]:
    """Each hire date's deadline once the year is entered (law.deadlines, in Python), over the
    whole period deadlines_recompute_year reads."""
    from employees.holidays import current_calendar
    from law.deadlines import hires_reaching, registration_deadline
    from law.holidays import Arrangement, Calendar, arrangement_from_days

    current = current_calendar()
    arranged: dict[int, Arrangement] = dict(current.arrangements)
    arranged[YEAR] = arrangement_from_days(YEAR, days)
    calendar = Calendar(arranged)
    first, last = hires_reaching(YEAR)
    hires = [first + datetime.timedelta(days=d) for d in range((last - first).days + 1)]
    return {hire: registration_deadline(hire, calendar).date for hire in hires}


def period() -> dict[str, datetime.date]:
    from law.deadlines import hires_reaching

    first, last = hires_reaching(YEAR)
    return {"first": first, "last": last}


def snapshot(raw: psycopg.Connection) -> int:
    """The rows the recompute reads (the benchmark's and other benchmarks'), as they are; their
    number."""
    raw.execute("DROP TABLE IF EXISTS bench_holidays_before")
    raw.execute(
        "CREATE UNLOGGED TABLE bench_holidays_before AS SELECT e.id, e.registration_deadline, "
        f"e.deadline_uncovered_year, e.updated_at FROM employees_employee e WHERE {IN_PERIOD}",
        period(),
    )
    return raw.execute("SELECT count(*) FROM bench_holidays_before").fetchone()[0]


def last_event(raw: psycopg.Connection) -> int:
    return raw.execute("SELECT coalesce(max(id), 0) FROM employees_employeeevent").fetchone()[0]


def restore(raw: psycopg.Connection, events_after: int) -> None:
    """The rows as before the load (the provisional deadlines), and no events of the load."""
    if raw.execute("SELECT to_regclass('bench_holidays_before')").fetchone()[0] is None:
        return  # no snapshot taken, nothing changed
    with raw.transaction():
        raw.execute(
            "UPDATE employees_employee e SET registration_deadline = b.registration_deadline, "
            "deadline_uncovered_year = b.deadline_uncovered_year, updated_at = b.updated_at "
            "FROM bench_holidays_before b WHERE e.id = b.id"
        )
        raw.execute(
            "DELETE FROM employees_employeeevent WHERE action = 'deadline_recomputed' AND id > %s",
            [events_after],
        )
    raw.execute("VACUUM (ANALYZE) employees_employee")


def _new(new: dict) -> dict:
    hires = list(new)
    return {**period(), "hires": hires, "deadlines": [new[h] for h in hires]}


def raw_update(raw: psycopg.Connection, new: dict) -> int:
    """The floor: one UPDATE of the same rows to the same deadlines, joined on the hire date."""
    with raw.transaction():
        cursor = raw.execute(
            "UPDATE employees_employee e SET registration_deadline = v.deadline, "
            "deadline_uncovered_year = NULL, updated_at = now() "
            "FROM unnest(%(hires)s::date[], %(deadlines)s::date[]) AS v(hire, deadline) "
            f"WHERE e.hire_date = v.hire AND {IN_PERIOD} AND e.registration_deadline <> v.deadline",
            _new(new),
        )
        return cursor.rowcount


def _counted(raw: psycopg.Connection, new: dict, where: str) -> int:
    return raw.execute(
        "SELECT count(*) FROM employees_employee e "
        "JOIN unnest(%(hires)s::date[], %(deadlines)s::date[]) AS v(hire, deadline) "
        f"ON e.hire_date = v.hire WHERE {IN_PERIOD} AND ({where})",
        _new(new),
    ).fetchone()[0]


def to_move(raw: psycopg.Connection, new: dict) -> int:
    """The rows whose day law.deadlines moves once the year is entered."""
    return _counted(raw, new, "e.registration_deadline <> v.deadline")


def check(raw: psycopg.Connection, new: dict) -> int:
    """Rows whose deadline is not the one law.deadlines gives, or still provisional: counted
    without a year that has no arrangement."""
    return _counted(
        raw,
        new,
        "e.registration_deadline <> v.deadline OR (e.deadline_uncovered_year IS NOT NULL "
        "AND e.deadline_uncovered_year NOT IN (SELECT year FROM employees_holidayyear))",
    )


def events_since(raw: psycopg.Connection, events_after: int) -> int:
    return raw.execute(
        "SELECT count(*) FROM employees_employeeevent WHERE action = 'deadline_recomputed' "
        "AND id > %s",
        [events_after],
    ).fetchone()[0]


def run(raw: psycopg.Connection, *, employees: int, seed: int = 20261203, say=print) -> Figures:
    """Load ``employees`` provisional hires, enter the year (the product's way, timed), set the
    rows back, UPDATE them raw (timed), check both, and leave the database as it was."""
    from employees.services.holidays import deadlines_recompute_year, holiday_year_save

    forget(raw)
    employer_id = employer()
    start = time.perf_counter()
    load.copy_raw(raw, rows(employees, employer_id, seed))
    raw.execute("VACUUM (ANALYZE) employees_employee")
    say(
        f"{employees:,} unregistered hires {HIRED_FROM} to {HIRED_TO} loaded in "
        f"{time.perf_counter() - start:.1f} s, deadlines provisional for want of {YEAR}"
    )
    events_after = last_event(raw)
    try:
        others = snapshot(raw) - employees
        if others:
            say(f"{others:,} unregistered hires of other benchmarks in the period, recomputed too")
        days = json.loads(FILE.read_text(encoding="utf-8"))["days"]
        new = expected_deadlines(days)
        expected = to_move(raw, new)
        start = time.perf_counter()
        holiday_year_save(actor=None, year=YEAR, days=days, notice_number=NOTICE)
        moved = deadlines_recompute_year(YEAR)
        product = time.perf_counter() - start
        events = events_since(raw, events_after)
        wrong = check(raw, new)
        restore(raw, events_after)
        start = time.perf_counter()
        raw_moved = raw_update(raw, new)
        baseline = time.perf_counter() - start
        wrong += check(raw, new) + abs(raw_moved - moved)
    finally:
        # The other benchmarks' rows as they were (the baseline rewrote them), then ours gone.
        restore(raw, events_after)
        raw.execute("DROP TABLE IF EXISTS bench_holidays_before")
        forget(raw)
    return Figures(employees, others, expected, moved, events, product, baseline, wrong)


def report(figures: Figures, say=print) -> tuple[bool, bool]:
    """Print the figures; (every check holds, the target is met)."""
    within = figures.product_seconds < TARGET_SECONDS
    right = figures.wrong == 0 and figures.events == figures.moved == figures.expected
    say(f"\n{'':44}{'seconds':>10}{'rows/s':>12}")
    for label, seconds in (
        ("product: save + deadlines_recompute_year", figures.product_seconds),
        ("baseline: raw SQL UPDATE, same rows", figures.raw_seconds),
    ):
        say(f"{label:44}{seconds:10.2f}{figures.moved / seconds if seconds else 0:12,.0f}")
    say(f"ratio product / raw SQL: {figures.ratio:.2f}")
    say(
        f"recomputed {figures.employees + figures.others:,}: {figures.moved:,} moved to another "
        f"day (law.deadlines says {figures.expected:,}), {figures.events:,} events, the rest "
        f"stand, no longer provisional; {figures.wrong} wrong: {'PASS' if right else 'FAIL'}"
    )
    say(f"target: under {TARGET_SECONDS:.0f} s: {'PASS' if within else 'FAIL'}")
    return right, within
