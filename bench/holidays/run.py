"""The figure of bench.holidays: entering next year's holiday arrangement recomputes the
deadlines of every employment still unregistered whose period reaches that year; those that
move to another day are rewritten, with an event each (the rest stand, no longer provisional).
The product's way (holiday_year_save, then the worker's task body, deadlines_recompute_year: per
hire date the rows locked, the events, one UPDATE) against a raw-SQL UPDATE of the same rows to
the same deadlines, in the same run, on the same rows set back between the two."""

from __future__ import annotations

import datetime
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.employees import data as employee_data
from bench.employees import load

YEAR = 2027
MARK = "(bench.holidays)"
HIRED_FROM, HIRED_TO = datetime.date(2026, 12, 2), datetime.date(2027, 11, 30)
FILE = Path(__file__).resolve().parents[2] / "tests" / "employees" / "data" / "holidays-2027.json"
NOTICE = "国办发明电〔2026〕(bench)号"
TARGET_SECONDS = 60.0
OWN_ROWS = (
    (
        "employees_employeeevent",
        "employee_id IN (SELECT id FROM employees_employee WHERE employer_id = ANY(%s))",
    ),
    ("employees_employee", "employer_id = ANY(%s)"),
    ("employees_employer", "id = ANY(%s)"),
)


@dataclass
class Figures:
    employees: int
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
    ids = [
        i
        for (i,) in raw.execute(
            "SELECT id FROM employees_employer WHERE name LIKE %s", [f"%{MARK}"]
        )
    ]
    with raw.transaction():
        if ids:
            for table, where in OWN_ROWS:
                raw.execute(f"DELETE FROM {table} WHERE {where}", [ids])
        raw.execute(
            "DELETE FROM employees_holidayday WHERE year_id = %s AND year_id IN "
            "(SELECT year FROM employees_holidayyear WHERE notice_number = %s)",
            [YEAR, NOTICE],
        )
        raw.execute(
            "DELETE FROM employees_holidayyear WHERE year = %s AND notice_number = %s",
            [YEAR, NOTICE],
        )


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
    """Each hire date's deadline once the year is entered (law.deadlines, in Python)."""
    from employees.holidays import current_calendar
    from law.deadlines import registration_deadline
    from law.holidays import Arrangement, Calendar, arrangement_from_days

    current = current_calendar()
    arranged: dict[int, Arrangement] = dict(current.arrangements)
    arranged[YEAR] = arrangement_from_days(YEAR, days)
    calendar = Calendar(arranged)
    span = (HIRED_TO - HIRED_FROM).days
    hires = [HIRED_FROM + datetime.timedelta(days=d) for d in range(span + 1)]
    return {hire: registration_deadline(hire, calendar).date for hire in hires}


def snapshot(raw: psycopg.Connection, employer_id: int) -> None:
    raw.execute("DROP TABLE IF EXISTS bench_holidays_before")
    raw.execute(
        "CREATE UNLOGGED TABLE bench_holidays_before AS SELECT id, registration_deadline, "
        "deadline_uncovered_year FROM employees_employee WHERE employer_id = %s",
        [employer_id],
    )


def restore(raw: psycopg.Connection, employer_id: int) -> None:
    """The rows as before the load (the provisional deadlines), and no events of the load."""
    with raw.transaction():
        raw.execute(
            "UPDATE employees_employee e SET registration_deadline = b.registration_deadline, "
            "deadline_uncovered_year = b.deadline_uncovered_year FROM bench_holidays_before b "
            "WHERE e.id = b.id"
        )
        raw.execute(
            "DELETE FROM employees_employeeevent WHERE action = 'deadline_recomputed' AND "
            "employee_id IN (SELECT id FROM employees_employee WHERE employer_id = %s)",
            [employer_id],
        )
    raw.execute("VACUUM (ANALYZE) employees_employee")


def raw_update(raw: psycopg.Connection, employer_id: int, new: dict) -> int:
    """The floor: one UPDATE of the same rows to the same deadlines, joined on the hire date."""
    hires = list(new)
    with raw.transaction():
        cursor = raw.execute(
            "UPDATE employees_employee e SET registration_deadline = v.deadline, "
            "deadline_uncovered_year = NULL, updated_at = now() "
            "FROM unnest(%s::date[], %s::date[]) AS v(hire, deadline) "
            "WHERE e.hire_date = v.hire AND e.employer_id = %s "
            "AND e.registration_state = 'unregistered' AND e.registration_deadline <> v.deadline",
            [hires, [new[h] for h in hires], employer_id],
        )
        return cursor.rowcount


def _counted(raw: psycopg.Connection, employer_id: int, new: dict, where: str) -> int:
    hires = list(new)
    return raw.execute(
        "SELECT count(*) FROM employees_employee e "
        "JOIN unnest(%s::date[], %s::date[]) AS v(hire, deadline) ON e.hire_date = v.hire "
        f"WHERE e.employer_id = %s AND ({where})",
        [hires, [new[h] for h in hires], employer_id],
    ).fetchone()[0]


def to_move(raw: psycopg.Connection, employer_id: int, new: dict) -> int:
    """The rows whose day law.deadlines moves once the year is entered."""
    return _counted(raw, employer_id, new, "e.registration_deadline <> v.deadline")


def check(raw: psycopg.Connection, employer_id: int, new: dict) -> int:
    """Rows whose deadline is not the one law.deadlines gives, or still provisional: counted
    without a year that has no arrangement."""
    return _counted(
        raw,
        employer_id,
        new,
        "e.registration_deadline <> v.deadline OR (e.deadline_uncovered_year IS NOT NULL "
        "AND e.deadline_uncovered_year NOT IN (SELECT year FROM employees_holidayyear))",
    )


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
    snapshot(raw, employer_id)
    days = json.loads(FILE.read_text(encoding="utf-8"))["days"]
    new = expected_deadlines(days)
    expected = to_move(raw, employer_id, new)
    try:
        start = time.perf_counter()
        holiday_year_save(actor=None, year=YEAR, days=days, notice_number=NOTICE)
        moved = deadlines_recompute_year(YEAR)
        product = time.perf_counter() - start
        events = raw.execute(
            "SELECT count(*) FROM employees_employeeevent WHERE action = 'deadline_recomputed' "
            "AND employee_id IN (SELECT id FROM employees_employee WHERE employer_id = %s)",
            [employer_id],
        ).fetchone()[0]
        wrong = check(raw, employer_id, new)
        restore(raw, employer_id)
        start = time.perf_counter()
        raw_moved = raw_update(raw, employer_id, new)
        baseline = time.perf_counter() - start
        wrong += check(raw, employer_id, new) + abs(raw_moved - moved)
    finally:
        raw.execute("DROP TABLE IF EXISTS bench_holidays_before")
        forget(raw)
    return Figures(employees, expected, moved, events, product, baseline, wrong)


def report(figures: Figures, say=print) -> bool:
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
        f"recomputed {figures.employees:,}: {figures.moved:,} moved to another day (law.deadlines "
        f"says {figures.expected:,}), {figures.events:,} events, the rest stand, no longer "
        f"provisional; {figures.wrong} wrong: {'PASS' if right else 'FAIL'}"
    )
    say(f"target: under {TARGET_SECONDS:.0f} s: {'PASS' if within else 'FAIL'}")
    return right and within
