"""Run the employee benchmark: python -m bench.employees --employees 1000000 --employers 200."""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import random
from pathlib import Path

from bench.employees import data, figures, queries, report, setup, tenants


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.employees")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=5000, help="bulk_create batch size")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD"
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=report.RESULTS_DIR,
        help="where employees-<N>.json is written (default bench/results/)",
    )
    parser.add_argument(
        "--dsn-base",
        default=setup.DEFAULT_DSN_BASE,
        help=f"server URL without a database name (default {setup.DEFAULT_DSN_BASE})",
    )
    args = parser.parse_args(argv)
    if args.employers < tenants.BENCH_USER_EMPLOYERS:
        parser.error(f"--employers must be at least {tenants.BENCH_USER_EMPLOYERS}")
    args.dsn_base = args.dsn_base.rstrip("/")
    args.today = args.today or datetime.date.today()
    return args


def create_tenants(rng: random.Random, args):
    """Employers, their managers, the clerk of five employers and the clerk of all."""
    employer_ids = tenants.create_employers(rng, args.employers)
    weights = tenants.employer_weights(rng, employer_ids)
    tenants.create_managers(employer_ids)
    clerk, chosen = tenants.create_bench_clerk(employer_ids, weights)
    return employer_ids, weights, clerk, chosen, tenants.create_firm_clerk(employer_ids)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    dsn = f"{args.dsn_base}/{setup.BENCH_DB}"
    setup.ensure_database(args.dsn_base, fresh=args.fresh)
    setup.setup_django(dsn)
    from django.utils import timezone

    raws = {
        "server-binding": setup.raw_connection(dsn, client_binding=False),
        "client": setup.raw_connection(dsn, client_binding=True),
    }
    raw = raws["client"]
    setup.reset_tables(raw)
    rng = random.Random(args.seed)
    employer_ids, weights, clerk, chosen, firm_clerk = create_tenants(rng, args)
    # One seed for the rows, apart from the tenants': the generator can be run twice, the same.
    make_rows = functools.partial(
        data.employee_rows,
        seed=args.seed + 1,
        count=args.employees,
        employer_ids=employer_ids,
        weights=weights,
        today=args.today,
        now=timezone.now(),
    )

    print(f"building {args.employees:,} employees over {args.employers} employers in memory ...")
    generate_s, rows = figures.timed(lambda: list(make_rows()))
    data.check_sample(rows, rng, args.today)
    print(f"  built in {generate_s:.1f} s (for the baseline, B and A'; the sample checks out)")

    print("A. generate employees")
    baseline = figures.baseline_copy(raw, rows)
    orm_figure = figures.figure_orm_sample(raw, rows, args.batch_size)
    results = [figures.figure_generate(raw, make_rows, len(rows), baseline, generate_s)]
    results.append(orm_figure)
    raw.execute("VACUUM (ANALYZE) employees_employee")
    raw.execute("ANALYZE")
    summary = report.describe_data(raw, chosen, args.today)
    print(f"  data: {json.dumps(summary, default=str)}")

    print("B. compute deadlines")
    results.append(figures.figure_deadlines(rows))
    del rows

    print("C/D. selectors for a clerk of all employers (every employee), then of 5 employers")
    scopes = [(f"all {args.employers} employers", firm_clerk), ("5 employers", clerk)]
    selector_results, details = queries.figure_selectors(scopes, args.today, raws)
    results += selector_results

    print(f"\nResults for {args.employees:,} employees, {args.employers} employers:")
    report.print_table(results)
    for key, found in details.items():
        letter = "C" if key.startswith("overdue") else "D"
        print(f"time split ({key}): " + queries.split_line(letter, found["split"]))
    path = report.write_json(args, results, summary, details, raw)
    print(f"written to {path}")
    for conn in raws.values():
        conn.close()


if __name__ == "__main__":
    main()
