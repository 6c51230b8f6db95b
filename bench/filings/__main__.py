"""Run the batch benchmark: python -m bench.filings --size 10000 (exit 1 on any failure)."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from bench.employees import setup
from bench.filings import baseline, checks, data, orm, report

SMALL = 1_000  # the second size (--small): its query counts must equal the main size's
# The in-memory broker: no server, and no worker anywhere can pick the messages up (the
# filesystem broker's folder under var/ is the development worker's, whose database is not
# this one). The publish itself, serialising the event ids, is the same as on any broker.
BROKER = "memory://localhost/"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.filings")
    parser.add_argument("--size", type=int, default=10_000, help="employees in the batch")
    parser.add_argument(
        "--extra", type=int, default=None, help="registered employees in no batch (2 x size)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each way at --size, fresh employees each"
    )
    parser.add_argument(
        "--small",
        type=int,
        default=SMALL,
        help=f"the second batch size, whose query counts must equal --size's (default {SMALL:,})",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the bench database first"
    )
    parser.add_argument(
        "--dsn-base",
        default=setup.DEFAULT_DSN_BASE,
        help=f"server URL without a database name (default {setup.DEFAULT_DSN_BASE})",
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.repeat < 1 or args.small < 1:
        parser.error("--size, --small and --repeat must be at least 1")
    args.extra = 2 * args.size if args.extra is None else args.extra
    args.dsn_base = args.dsn_base.rstrip("/")
    return args


def prepare(raw, args, rng: random.Random):
    """The employer, its clerk and its employees, split into the runs' groups."""
    from django.utils import timezone

    data.forget_previous_runs(raw)
    employer = data.create_employer(rng)
    clerk_id = data.create_clerk(employer.pk)
    sizes = {"orm-small": args.small}
    for number in range(args.repeat):
        sizes |= {f"orm-{number}": args.size, f"raw-{number}": args.size}
    sizes["extra"] = args.extra
    total = sum(sizes.values())
    today = timezone.localdate()
    start = time.perf_counter()
    rows = data.registered_rows(
        seed=args.seed, count=total, employer_id=employer.pk, today=today, now=timezone.now()
    )
    ids = data.load_employees(raw, rows, employer.pk)
    hired = min(r.hire_date for r in rows), max(r.hire_date for r in rows)
    print(
        f"employer #{employer.pk} {employer.name}, region {employer.region_id}: {len(ids):,} "
        f"registered employees hired {hired[0]} to {hired[1]}, built and loaded (COPY) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    others = raw.execute(
        "SELECT count(*) FROM employees_employee WHERE employer_id <> %s", [employer.pk]
    ).fetchone()[0]
    print(f"other employees in the database, left as they are: {others:,}")
    return clerk_id, employer.pk, data.split(rng, ids, sizes), today


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    os.environ["CELERY_BROKER_URL"] = BROKER  # before Django reads its settings
    dsn = f"{args.dsn_base}/{setup.BENCH_DB}"
    setup.ensure_database(args.dsn_base, fresh=args.fresh)
    setup.setup_django(dsn)  # also migrate (verbosity 0): the filings tables are the newest
    from filings.services.batches import BATCH_MAX_EMPLOYEES

    if args.size > BATCH_MAX_EMPLOYEES:
        sys.exit(f"--size: a batch takes at most {BATCH_MAX_EMPLOYEES:,} employees")
    raw = setup.raw_connection(dsn, client_binding=False)
    rng = random.Random(args.seed)
    clerk_id, employer_id, groups, today = prepare(raw, args, rng)
    common = {"clerk_id": clerk_id, "employer_id": employer_id, "effective_date": today}
    print(f"broker: {BROKER} (kombu's in-process transport; the enqueue is timed, no worker)")
    checks.drain_messages()

    print(
        f"runs: the ORM at {args.small:,} first (it also warms the process, as a serving worker is "
        f"warm), then the ORM and raw SQL in turn at {args.size:,}, {args.repeat} times"
    )
    order = [(orm, "orm-small")]
    for number in range(args.repeat):
        order += [(orm, f"orm-{number}"), (baseline, f"raw-{number}")]
    runs, failures = [], []
    for way, group in order:
        run = way.run(raw, employee_ids=groups[group], **common)
        found, wrong = checks.check_rows(raw, run)
        failures += wrong + checks.check_enqueued(run)
        written = checks.rows_written(found)
        report.print_run(run, written, listing=group in ("orm-small", "orm-0", "raw-0"))
        runs.append((run, written))
        if group == "orm-small":
            # A live installation's filings tables have statistics (autovacuum analyses them).
            # Analysed while empty, after the cleanup of earlier runs, PostgreSQL would plan
            # the foreign-key checks of every insert as scans of an empty table, and keep
            # those plans for the whole session: measured at 20 to 100 s instead of 5.
            for table in data.FILINGS_TABLES:
                raw.execute(f"ANALYZE {table}")
    small, small_rows = runs[0]
    orm_runs = [run for run, _ in runs[1::2]]
    raw_runs = [run for run, _ in runs[2::2]]

    print(
        f"\nA dissolve batch, reason {orm.REASON}, effective {today}; at {args.size:,} the median "
        f"of {args.repeat} runs of each way; ratio = ORM / raw SQL:"
    )
    rows = report.table([(orm_runs, raw_runs, runs[1][1]), ([small], [], small_rows)])
    report.print_table(rows)
    report.print_each(orm_runs, raw_runs)
    lines = [report.same_counts_line(small, orm_runs), report.target_line(orm_runs)]
    checked = f"{len(runs)} batches checked in the database and on the broker"
    lines.append((f"correctness: {checked}: {report.verdict(not failures)}", not failures))
    for line, _ in lines:
        print(line)
    for failure in failures:
        print(f"  mismatch: {failure}")
    raw.close()
    print(f"whole run: {time.perf_counter() - started:.0f} s")
    return 0 if all(passed for _, passed in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
