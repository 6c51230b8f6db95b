"""The benchmark's employer, its clerk and its employees, every one registered, loaded with COPY.

Each run makes an employer of its own, marked in its name, and first removes the rows of the
previous runs' marked employers only: whatever else the database holds (the employees
benchmark's employees) is left as it is.
"""

from __future__ import annotations

import datetime
import itertools
import random

import psycopg

from bench.employees import data as employee_data
from bench.employees import load, owned, tenants

MARK = "(bench.filings)"
CLERK = "bench-filings-clerk"
FILINGS_TABLES = ("filings_batch", "filings_batchrow", "filings_filing", "filings_filingevent")
TOUCHED = ("employees_employee", "employees_employeeevent", *FILINGS_TABLES)


def forget_previous_runs(conn: psycopg.Connection) -> None:
    ids = owned.marked_employers(conn, f"%{MARK}")
    try:
        owned.delete_employers(conn, ids)
    except psycopg.errors.ForeignKeyViolation as exc:
        print(f"kept the previous runs' employers {ids}: {exc.diag.message_primary}")
        return
    if ids:
        print(f"removed the previous runs' employer(s) {ids} and their rows")


def create_employer(rng: random.Random):
    """One employer in a region with its own agency, as bench.employees makes them."""
    from employees.models import Employer

    region = rng.choice(tenants.agency_regions())
    words = rng.choice(tenants.COMPANY_WORDS) + rng.choice(tenants.COMPANY_KINDS)
    return Employer.objects.create(
        name=f"{words}集团有限公司 {MARK}",
        credit_code=tenants.credit_code(rng, region),
        region_id=region,
        hr_emails=["hr@example.cn"],
    )


def create_clerk(employer_id: int) -> int:
    """The user who runs the batches: a clerk of the employer (the role the services ask for)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from employees.models import Membership

    clerk, _ = get_user_model().objects.get_or_create(
        username=CLERK, defaults={"password": make_password(None)}
    )
    Membership.objects.create(user=clerk, employer_id=employer_id, role=Membership.Role.CLERK)
    return clerk.pk


def registered_rows(
    *, seed: int, count: int, employer_id: int, today: datetime.date, now: datetime.datetime
) -> list[employee_data.EmployeeRow]:
    """The employees benchmark's rows (valid ID numbers, realistic hire dates and wages), of
    those it makes registered: a dissolve needs the employee registered."""
    rows = employee_data.employee_rows(
        seed=seed,
        count=count * 3,  # about 70 % come out registered; the generator is lazy
        employer_ids=[employer_id],
        weights=[1.0],
        today=today,
        now=now,
    )
    registered = (row for row in rows if row.registration_state == "registered")
    picked = list(itertools.islice(registered, count))
    if len(picked) < count:
        raise RuntimeError(f"only {len(picked)} registered employees out of {count * 3} rows")
    return picked


def load_employees(raw: psycopg.Connection, rows, employer_id: int) -> list[int]:
    """Binary COPY (bench.employees.load), then the tables analysed and checkpointed."""
    load.copy_raw(raw, rows)
    for table in TOUCHED:
        raw.execute(f"VACUUM (ANALYZE) {table}")
    return [
        employee_id
        for (employee_id,) in raw.execute(
            "SELECT id FROM employees_employee WHERE employer_id = %s ORDER BY id", [employer_id]
        )
    ]


def split(rng: random.Random, ids: list[int], sizes: dict[str, int]) -> dict[str, list[int]]:
    """Disjoint groups of employees picked at random over the employer, as a clerk ticks them."""
    shuffled = ids[:]
    rng.shuffle(shuffled)
    groups, start = {}, 0
    for name, size in sizes.items():
        groups[name] = shuffled[start : start + size]
        start += size
    return groups
