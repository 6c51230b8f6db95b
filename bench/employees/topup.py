"""Employees for the benchmarks that read whatever the database holds (bench.api, bench.admin):
when it holds fewer than they are asked to run at, the shortfall is built here with
bench.employees' generator, at employers of the top-up's own (marked in their names), and stays
for the next run. bench.employees' reset removes them with everything else; no other benchmark
touches them."""

from __future__ import annotations

import random
import time

import psycopg

from bench.employees import data, load, tenants

MARK = "(bench top-up)"
PER_EMPLOYER = 5000  # bench.employees' 1,000,000 over 200 employers
MAX_EMPLOYERS = 200


def top_up(raw: psycopg.Connection, missing: int, *, seed: int = 20261207) -> None:
    """``missing`` more employees (COPY, raw psycopg), then the table analysed."""
    from django.utils import timezone

    rng = random.Random(seed)
    count = min(MAX_EMPLOYERS, max(tenants.BENCH_USER_EMPLOYERS, missing // PER_EMPLOYER))
    print(f"building the {missing:,} employees missing, at {count} employers marked {MARK} ...")
    start = time.perf_counter()
    employer_ids = tenants.create_employers(rng, count, mark=MARK)
    rows = data.employee_rows(
        seed=rng.randrange(2**32),
        count=missing,
        employer_ids=employer_ids,
        weights=tenants.employer_weights(rng, employer_ids),
        today=timezone.localdate(),
        now=timezone.now(),
    )
    load.copy_raw(raw, rows)
    raw.execute("VACUUM (ANALYZE) employees_employee")
    print(f"  built and loaded (COPY) in {time.perf_counter() - start:.1f} s")
