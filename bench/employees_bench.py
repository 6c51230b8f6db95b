"""Benchmark of the employee table at scale: loading, deadlines, the "what HR must act on" lists.

    cd /work/main && .venv/bin/python -m bench.employees_bench --employees 100000 --employers 200

Runs against its own PostgreSQL database (``hrsocsec_bench``), never the development one. See
bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import json
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import psycopg
from psycopg import sql as pgsql

BENCH_DB = "hrsocsec_bench"
DEFAULT_DSN_BASE = "postgres://postgres@127.0.0.1:5432"
RESULTS_DIR = Path(__file__).resolve().parent / "results"

HISTORY_DAYS = 3650  # hire dates over the last ten years
RECENCY_DAYS = 1200  # hire density falls by e every 1200 days back: recent hires are denser
ANNUAL_ATTRITION = 0.12  # share of employments that end each year
BIRTH_FIRST = datetime.date(1960, 1, 1)
BIRTH_LAST = datetime.date(2004, 12, 31)
MIN_HIRE_AGE_YEARS = 18
BENCH_USER_EMPLOYERS = 5
PAGE_SIZE = 100
DUE_WITHIN_DAYS = 7
WARMUPS = 3
RUNS = 21

# County-level division codes, as found in the first six digits of real resident ID numbers.
# Several were created after 1960: each person gets one in use in their birth year (the rule
# employees.idnumbers checks through python-stdnum).
ID_PREFIXES = (
    "110105",  # Beijing, Chaoyang
    "110108",  # Beijing, Haidian
    "310101",  # Shanghai, Huangpu
    "310104",  # Shanghai, Xuhui
    "310115",  # Shanghai, Pudong (from 1992)
    "440305",  # Shenzhen, Nanshan (from 1983)
    "440106",  # Guangzhou, Tianhe (from 1985)
    "440104",  # Guangzhou, Yuexiu
    "330106",  # Hangzhou, Xihu
    "320102",  # Nanjing, Xuanwu
    "510107",  # Chengdu, Wuhou (from 1990)
    "420106",  # Wuhan, Wuchang
    "610113",  # Xi'an, Yanta
    "120101",  # Tianjin, Heping
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素"
    "云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉"
    "娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰"
    "爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思"
)
COMPANY_WORDS = ("华信", "远航", "博达", "新源", "恒泰", "中科", "嘉禾", "星辰", "瑞丰", "天成")
COMPANY_KINDS = ("科技", "贸易", "物流", "餐饮", "制造", "咨询", "医药", "建筑", "电子", "文化")
# The alphabet of unified social credit codes: digits and capitals without I, O, Z, S, V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class EmployeeRow(NamedTuple):
    """One employee, as generated: everything but the deadline, which each loader computes."""

    employer_id: int
    name: str
    id_number: str
    birth_date: datetime.date
    sex: str
    email: str
    language: str
    hire_date: datetime.date
    contract_end_date: datetime.date | None
    separation_date: datetime.date | None
    monthly_wage: Decimal
    registration_state: str


COPY_COLUMNS = (
    *EmployeeRow._fields,
    "registration_deadline",
    "deadline_warning",
    "created_at",
    "updated_at",
)


@dataclass
class Figure:
    figure: str
    value: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None
    raw: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Database and Django set-up
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=5000, help="bulk_create batch size")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD"
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument(
        "--dsn-base",
        default=DEFAULT_DSN_BASE,
        help=f"server URL without a database name (default {DEFAULT_DSN_BASE})",
    )
    args = parser.parse_args(argv)
    if args.employers < BENCH_USER_EMPLOYERS:
        parser.error(f"--employers must be at least {BENCH_USER_EMPLOYERS}")
    args.dsn_base = args.dsn_base.rstrip("/")
    args.today = args.today or datetime.date.today()
    return args


def ensure_database(dsn_base: str, *, fresh: bool) -> None:
    """Create the bench database (dropping it first with --fresh), from the maintenance db."""
    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        name = pgsql.Identifier(BENCH_DB)
        if fresh:
            conn.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(pgsql.SQL("CREATE DATABASE {}").format(name))
            print(f"created database {BENCH_DB}")


def setup_django(dsn: str) -> None:
    os.environ["DATABASE_URL"] = dsn
    os.environ["DEBUG"] = "1"  # only so settings accept the local secret key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsocsec.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # Production runs with DEBUG off: without this every query would also be formatted and
    # logged by the debug cursor, which is not what is being measured.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)


def raw_connection(dsn: str) -> psycopg.Connection:
    """A plain psycopg connection, binding parameters client-side as Django's cursor does."""
    return psycopg.connect(dsn, autocommit=True, cursor_factory=psycopg.ClientCursor)


def reset_tables(conn: psycopg.Connection) -> None:
    conn.execute(
        "TRUNCATE employees_employeeevent, employees_employee, employees_membership, "
        "employees_employer, auth_user RESTART IDENTITY CASCADE"
    )


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def credit_code(rng: random.Random, region_code: str) -> str:
    """A valid unified social credit code: '91' (enterprise), region, organisation code, check."""
    from stdnum.cn import uscc

    body = "91" + region_code + "".join(rng.choices(USCC_ALPHABET, k=9))
    return body + uscc.calc_check_digit(body)


def create_employers(rng: random.Random, count: int) -> list[int]:
    from django.db.models import Q

    from employees.models import Employer, Region

    # Cities and the four municipalities (province-level, but one agency each).
    regions = list(
        Region.objects.filter(
            Q(level__in=[Region.Level.PREFECTURE, Region.Level.COUNTY_DIRECT])
            | Q(code__in=["110000", "120000", "310000", "500000"])
        ).values_list("code", flat=True)
    )
    employers = []
    for number in range(count):
        region = rng.choice(regions)
        name = f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}有限公司{number:04d}"
        employers.append(
            Employer(
                name=name,
                credit_code=credit_code(rng, region),
                region_id=region,
                hr_emails=[f"hr{number}@example.cn"],
            )
        )
    return [employer.pk for employer in Employer.objects.bulk_create(employers)]


def employer_weights(rng: random.Random, employer_ids: list[int]) -> list[float]:
    """Employer sizes are skewed: log-normal, a few large ones and many small ones."""
    return [rng.lognormvariate(0, 1.0) for _ in employer_ids]


def create_users(employer_ids: list[int], weights: list[float]):
    """One manager per employer, and the bench user: clerk at five employers of varied size."""
    from django.contrib.auth import get_user_model

    from employees.models import Membership

    user_model = get_user_model()
    managers = []
    for employer_id in employer_ids:
        manager = user_model(username=f"manager{employer_id}")
        manager.set_unusable_password()
        managers.append(manager)
    managers = user_model.objects.bulk_create(managers)
    Membership.objects.bulk_create(
        Membership(user=manager, employer_id=employer_id, role=Membership.Role.MANAGER)
        for manager, employer_id in zip(managers, employer_ids, strict=True)
    )
    bench_user = user_model(username="bench-clerk")
    bench_user.set_unusable_password()
    bench_user.save()
    by_size = [eid for _, eid in sorted(zip(weights, employer_ids, strict=True), reverse=True)]
    # The largest employer and four spread over the rest of the size ranking.
    step = len(by_size) // BENCH_USER_EMPLOYERS
    chosen = [by_size[i * step] for i in range(BENCH_USER_EMPLOYERS)]
    Membership.objects.bulk_create(
        Membership(user=bench_user, employer_id=eid, role=Membership.Role.CLERK) for eid in chosen
    )
    return bench_user, chosen


def hire_day_table(today: datetime.date) -> tuple[list[datetime.date], list[float]]:
    """Every day of the last ten years, with cumulative weights for sampling a hire date.

    Recent days weigh more (exponential growth); weekends and holidays weigh a tenth.
    """
    import chinese_calendar

    days, cumulative, total = [], [], 0.0
    for age in range(HISTORY_DAYS):
        day = today - datetime.timedelta(days=age)
        weight = math.exp(-age / RECENCY_DAYS)
        if not chinese_calendar.is_workday(day):
            weight *= 0.1
        total += weight
        days.append(day)
        cumulative.append(total)
    return days, cumulative


def registration_state(rng: random.Random, age: int) -> str:
    """Most recent hires are unfiled; a few older ones were forgotten (overdue); old ones stop."""
    if age <= 10:
        unfiled = 0.9
    elif age <= 30:
        unfiled = 0.6
    elif age <= 60:
        unfiled = 0.1
    else:
        unfiled = 0.002
    if rng.random() < unfiled:
        return "unregistered"
    if age <= 45:
        return "registration_pending" if rng.random() < 0.4 else "registered"
    if age > 60:
        if rng.random() < 0.003:
            return "stop_pending"
        if rng.random() < 1 - (1 - ANNUAL_ATTRITION) ** (age / 365):
            return "stopped"
    return "registered"


def prefixes_in_use(year: int) -> list[str]:
    """The ID_PREFIXES python-stdnum knows as assigned in that year."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    in_use = []
    for prefix in ID_PREFIXES:
        body = f"{prefix}{year}0101000"
        try:
            ric.get_birth_place(body + ric.calc_check_digit(body + "0"))
        except ValidationError:
            continue
        in_use.append(prefix)
    return in_use


class IdNumbers:
    """Valid resident ID numbers, unique across the whole data set (a counter per region+day)."""

    def __init__(self, rng: random.Random):
        from stdnum.cn import ric

        self._rng = rng
        self._check = ric.calc_check_digit
        span = (BIRTH_LAST - BIRTH_FIRST).days + 1
        self.birth_dates = [BIRTH_FIRST + datetime.timedelta(days=d) for d in range(span)]
        self._birth_text = [day.strftime("%Y%m%d") for day in self.birth_dates]
        self._prefixes_in = {
            year: prefixes_in_use(year) for year in range(BIRTH_FIRST.year, BIRTH_LAST.year + 1)
        }
        self._next_sequence: Counter = Counter()

    def latest_birth_index(self, hire_date: datetime.date) -> int:
        """The index of the last birth date that makes the employee 18 on hire_date."""
        try:
            limit = hire_date.replace(year=hire_date.year - MIN_HIRE_AGE_YEARS)
        except ValueError:  # 29 February
            limit = hire_date.replace(year=hire_date.year - MIN_HIRE_AGE_YEARS, day=28)
        return min(len(self.birth_dates) - 1, (limit - BIRTH_FIRST).days)

    def make(self, latest_birth_index: int) -> tuple[str, datetime.date, str]:
        """(ID number, birth date, sex); the 17th digit is odd for men."""
        birth = self._rng.randint(0, latest_birth_index)
        prefix = self._rng.choice(self._prefixes_in[self.birth_dates[birth].year])
        key = (prefix, birth)
        sequence = self._next_sequence[key]
        self._next_sequence[key] += 1
        if sequence >= 1000:
            raise RuntimeError("more than 1000 people share a region and birth date")
        # Shuffle the order inside the day a little, so men and women alternate irregularly.
        body = f"{prefix}{self._birth_text[birth]}{(sequence * 7 + birth) % 1000:03d}"
        number = body + self._check(body + "0")
        sex = "male" if int(body[16]) % 2 else "female"
        return number, self.birth_dates[birth], sex


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN_CHARS, k=rng.choice((1, 2, 2))))


def monthly_wage(rng: random.Random) -> Decimal:
    """Log-normal around 8,000 yuan, never under a typical minimum wage."""
    return Decimal(f"{max(2420.0, rng.lognormvariate(9.0, 0.45)):.2f}")


def contract_end(rng: random.Random, hire: datetime.date) -> datetime.date | None:
    if rng.random() < 0.15:
        return None  # open-ended contract
    return hire + datetime.timedelta(days=365 * rng.choice((1, 3, 3, 5)) - 1)


def separation(
    rng: random.Random, state: str, hire: datetime.date, today: datetime.date
) -> datetime.date | None:
    if state == "stopped":
        return hire + datetime.timedelta(days=rng.randint(30, (today - hire).days - 30))
    if state == "stop_pending":
        return today - datetime.timedelta(days=rng.randint(0, 29))
    return None


def generate_rows(
    rng: random.Random,
    count: int,
    employer_ids: list[int],
    weights: list[float],
    today: datetime.date,
) -> list[EmployeeRow]:
    days, cumulative = hire_day_table(today)
    ids = IdNumbers(rng)
    latest_birth = {day: ids.latest_birth_index(day) for day in days}
    employers = rng.choices(employer_ids, weights=weights, k=count)
    rows = []
    for number, employer_id in enumerate(employers):
        age = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        hire = days[age]
        state = registration_state(rng, age)
        id_number, birth, sex = ids.make(latest_birth[hire])
        rows.append(
            EmployeeRow(
                employer_id=employer_id,
                name=random_name(rng),
                id_number=id_number,
                birth_date=birth,
                sex=sex,
                email=f"e{number:07d}@mail.example.cn" if rng.random() < 0.6 else "",
                language="en" if rng.random() < 0.03 else "zh-hans",
                hire_date=hire,
                contract_end_date=contract_end(rng, hire),
                separation_date=separation(rng, state, hire, today),
                monthly_wage=monthly_wage(rng),
                registration_state=state,
            )
        )
    return rows


def check_sample(rows: list[EmployeeRow], rng: random.Random, today: datetime.date) -> None:
    """Run a sample through the application's own validators: the data must be acceptable."""
    from employees.idnumbers import parse_id_number, validate_working_age

    for row in rng.sample(rows, min(2000, len(rows))):
        parsed = parse_id_number(row.id_number, today=today)
        assert parsed.birth_date == row.birth_date, row
        assert parsed.sex == row.sex, row
        validate_working_age(row.birth_date, row.hire_date)


# --------------------------------------------------------------------------------------------
# Figure A: generate employees (ORM bulk_create vs. COPY)
# --------------------------------------------------------------------------------------------


def load_with_orm(rows: list[EmployeeRow], batch_size: int) -> None:
    from employees.models import Employee
    from filings.deadlines import registration_deadline

    registration_deadline.cache_clear()
    for start in range(0, len(rows), batch_size):
        batch = []
        for row in itertools.islice(rows, start, start + batch_size):
            deadline = registration_deadline(row.hire_date)
            batch.append(
                Employee(
                    **row._asdict(),
                    registration_deadline=deadline.date,
                    deadline_warning=deadline.warning,
                )
            )
        Employee.objects.bulk_create(batch)


def column_types(conn: psycopg.Connection, table: str, columns: tuple[str, ...]) -> list[int]:
    """The type oids of the columns, which binary COPY needs."""
    oids = dict(
        conn.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attnum > 0 AND NOT attisdropped",
            [table],
        ).fetchall()
    )
    return [oids[column] for column in columns]


def load_with_copy(conn: psycopg.Connection, rows: list[EmployeeRow]) -> None:
    """The fastest way in: binary COPY, one transaction, same deadlines, same timestamps."""
    from django.utils import timezone

    from filings.deadlines import registration_deadline

    registration_deadline.cache_clear()
    now = timezone.now()
    statement = pgsql.SQL("COPY employees_employee ({}) FROM STDIN (FORMAT BINARY)").format(
        pgsql.SQL(", ").join(map(pgsql.Identifier, COPY_COLUMNS))
    )
    types = column_types(conn, "employees_employee", COPY_COLUMNS)
    with conn.transaction(), conn.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(types)
        for row in rows:
            deadline = registration_deadline(row.hire_date)
            copy.write_row((*row, deadline.date, deadline.warning, now, now))


def empty_employees(conn: psycopg.Connection) -> None:
    conn.execute("TRUNCATE employees_employee RESTART IDENTITY CASCADE")
    conn.execute("CHECKPOINT")  # both loads start without the other's dirty pages to flush


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def count_employees(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM employees_employee").fetchone()[0]


def figure_generate(conn: psycopg.Connection, rows: list[EmployeeRow], batch: int) -> Figure:
    n = len(rows)
    empty_employees(conn)
    copy_s = timed(load_with_copy, conn, rows)
    assert count_employees(conn) == n
    print(f"  COPY:        {copy_s:8.2f} s  {n / copy_s:>10,.0f} rows/s")
    empty_employees(conn)
    orm_s = timed(load_with_orm, rows, batch)
    assert count_employees(conn) == n
    print(f"  bulk_create: {orm_s:8.2f} s  {n / orm_s:>10,.0f} rows/s")
    target_rate = 1_000_000 / 120
    return Figure(
        figure="A generate employees (ORM bulk_create)",
        value=f"{orm_s:.2f} s ({n / orm_s:,.0f} rows/s)",
        baseline=f"COPY {copy_s:.2f} s ({n / copy_s:,.0f} rows/s)",
        ratio=orm_s / copy_s,
        target=f">= {target_rate:,.0f} rows/s (1M in <= 120 s)",
        passed=n / orm_s >= target_rate,
        raw={"orm_seconds": orm_s, "copy_seconds": copy_s, "rows": n},
    )


# --------------------------------------------------------------------------------------------
# Figure B: compute deadlines
# --------------------------------------------------------------------------------------------


def deadlines_loop(hire_dates: list[datetime.date]) -> None:
    from filings.deadlines import registration_deadline

    registration_deadline.cache_clear()
    for hire in hire_dates:
        registration_deadline(hire)


def plain_loop(hire_dates: list[datetime.date]) -> None:
    period = datetime.timedelta(days=30)
    for hire in hire_dates:
        hire + period


def figure_deadlines(rows: list[EmployeeRow]) -> Figure:
    hire_dates = [row.hire_date for row in rows]
    n = len(hire_dates)
    ours = timed(deadlines_loop, hire_dates)
    plain = timed(plain_loop, hire_dates)
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


# --------------------------------------------------------------------------------------------
# Figures C/D: the selectors, Django vs. the same SQL on a raw connection
# --------------------------------------------------------------------------------------------


def median_ms(fn) -> float:
    for _ in range(WARMUPS):
        fn()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def captured_sql(fn) -> tuple[str, tuple]:
    """The SQL and parameters Django sends when fn() runs (one query expected)."""
    from django.db import connection

    seen = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        fn()
    assert len(seen) == 1, seen
    return seen[0]


def raw_runner(conn: psycopg.Connection, sql: str, params):
    def run():
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def explain(conn: psycopg.Connection, sql: str, params) -> list[str]:
    with conn.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [line for (line,) in cursor.fetchall()]


def selector_figures(label: str, make_qs, raw: psycopg.Connection) -> tuple[list[Figure], dict]:
    """Two figures for one selector (first page, count) and its plans."""
    page_sql, page_params = make_qs()[:PAGE_SIZE].query.get_compiler(using="default").as_sql()
    # The compiler's output is what Django really sends.
    sent_sql, sent_params = captured_sql(lambda: list(make_qs()[:PAGE_SIZE]))
    assert (sent_sql, tuple(sent_params)) == (page_sql, tuple(page_params))
    # count() compiles a different query (COUNT(*), no ORDER BY): take it as sent.
    count_sql, count_params = captured_sql(lambda: make_qs().count())
    total = make_qs().count()
    cases = (
        ("first page", page_sql, page_params, lambda: list(make_qs()[:PAGE_SIZE])),
        ("count", count_sql, count_params, lambda: make_qs().count()),
    )
    figures, plans = [], {}
    for case, sql, params, django_fn in cases:
        django_ms = median_ms(django_fn)
        raw_ms = median_ms(raw_runner(raw, sql, params))
        plan = explain(raw, sql, params)
        plans[case] = {"sql": sql, "plan": plan}
        print_plan(f"{label}, {case}", plan)
        ratio = django_ms / raw_ms
        figures.append(
            Figure(
                figure=f"{label} {case}",
                value=f"{django_ms:.2f} ms",
                baseline=f"raw {raw_ms:.2f} ms",
                ratio=ratio,
                target="<= 100 ms, ratio <= 1.5",
                passed=django_ms <= 100 and ratio <= 1.5,
                raw={"django_ms": django_ms, "raw_ms": raw_ms, "rows_matching": total},
            )
        )
    return figures, plans


def print_plan(title: str, plan: list[str]) -> None:
    index_lines = [line.strip() for line in plan if "employee_reg_due_idx" in line]
    print(f"  EXPLAIN (ANALYZE, BUFFERS) {title}:")
    for line in plan[:3]:
        print(f"    {line}")
    used = f"yes ({index_lines[0]})" if index_lines else "NO"
    print(f"    -> employee_reg_due_idx used: {used}")


def figure_selectors(user, today: datetime.date, raw: psycopg.Connection):
    from employees import selectors

    overdue = lambda: selectors.registrations_overdue(user, today=today)  # noqa: E731
    due = lambda: selectors.registrations_due_within(  # noqa: E731
        user, days=DUE_WITHIN_DAYS, today=today
    )
    figures_c, plans_c = selector_figures("C registrations_overdue", overdue, raw)
    figures_d, plans_d = selector_figures(
        f"D registrations_due_within({DUE_WITHIN_DAYS}d)", due, raw
    )
    return figures_c + figures_d, {"overdue": plans_c, "due_within": plans_d}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def describe_data(conn: psycopg.Connection, chosen: list[int], today: datetime.date) -> dict:
    states = dict(
        conn.execute(
            "SELECT registration_state, count(*) FROM employees_employee GROUP BY 1 ORDER BY 1"
        ).fetchall()
    )
    visible = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE registration_state = 'unregistered') "
        "FROM employees_employee WHERE employer_id = ANY(%s)",
        [chosen],
    ).fetchone()
    overdue = conn.execute(
        "SELECT count(*) FROM employees_employee "
        "WHERE registration_state = 'unregistered' AND registration_deadline < %s",
        [today],
    ).fetchone()[0]
    return {
        "states": states,
        "overdue_all_employers": overdue,
        "bench_user_employers": chosen,
        "bench_user_employees": visible[0],
        "bench_user_unregistered": visible[1],
    }


def print_table(figures: list[Figure]) -> None:
    header = ("figure", "value", "baseline", "ratio", "target", "pass/fail")
    rows = [
        (
            f.figure,
            f.value,
            f.baseline,
            "" if f.ratio is None else f"{f.ratio:.2f}",
            f.target,
            "-" if f.passed is None else ("PASS" if f.passed else "FAIL"),
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    print(line)
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print(line)
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(line)


def write_json(args, figures: list[Figure], data: dict, plans: dict, versions: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"employees-{args.employees}.json"
    document = {
        "employees": args.employees,
        "employers": args.employers,
        "today": args.today.isoformat(),
        "seed": args.seed,
        "batch_size": args.batch_size,
        "runs": {"warmups": WARMUPS, "measured": RUNS, "statistic": "median"},
        "versions": versions,
        "data": data,
        "figures": [asdict(f) for f in figures],
        "plans": plans,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def versions(conn: psycopg.Connection) -> dict:
    import django

    return {
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "postgresql": conn.execute("SHOW server_version").fetchone()[0],
    }


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    dsn = f"{args.dsn_base}/{BENCH_DB}"
    ensure_database(args.dsn_base, fresh=args.fresh)
    setup_django(dsn)
    rng = random.Random(args.seed)
    raw = raw_connection(dsn)
    reset_tables(raw)

    print(f"generating {args.employees:,} employees over {args.employers} employers ...")
    started = time.perf_counter()
    employer_ids = create_employers(rng, args.employers)
    weights = employer_weights(rng, employer_ids)
    user, chosen = create_users(employer_ids, weights)
    rows = generate_rows(rng, args.employees, employer_ids, weights, args.today)
    check_sample(rows, rng, args.today)
    print(f"  generated in {time.perf_counter() - started:.1f} s (not part of any figure)")

    print("A. generate employees")
    figures = [figure_generate(raw, rows, args.batch_size)]
    raw.execute("VACUUM (ANALYZE) employees_employee")
    raw.execute("ANALYZE")
    data = describe_data(raw, chosen, args.today)
    print(f"  data: {json.dumps(data, default=str)}")

    print("B. compute deadlines")
    figures.append(figure_deadlines(rows))
    del rows

    print("C/D. selectors for the bench user")
    selector_results, plans = figure_selectors(user, args.today, raw)
    figures += selector_results

    print(f"\nResults for {args.employees:,} employees, {args.employers} employers:")
    print_table(figures)
    path = write_json(args, figures, data, plans, versions(raw))
    print(f"written to {path}")
    raw.close()


if __name__ == "__main__":
    main()
