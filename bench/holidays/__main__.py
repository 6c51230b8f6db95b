"""Recompute the deadlines a holiday arrangement moves: python -m bench.holidays --employees
1000000 (exit 1 on a wrong row or a missed target). PostgreSQL, in the bench database."""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.employees import setup
from bench.holidays import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.holidays")
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--dsn-base", default=setup.DEFAULT_DSN_BASE)
    parser.add_argument(
        "--no-targets",
        action="store_true",
        help="a missed target does not fail the run, only a failed check does (small runs)",
    )
    args = parser.parse_args(argv)
    if args.employees < 1:
        parser.error("--employees must be at least 1")
    started = time.perf_counter()
    # The in-memory broker (as bench.filings): the save's task is published, no worker runs it;
    # the task's body is what is timed, here.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    dsn = f"{args.dsn_base.rstrip('/')}/{setup.BENCH_DB}"
    setup.ensure_database(args.dsn_base.rstrip("/"), fresh=False)
    setup.setup_django(dsn)
    raw = setup.raw_connection(dsn, client_binding=False)
    figures = run.run(raw, employees=args.employees, seed=args.seed)
    right, within = run.report(figures)
    raw.close()
    print(f"whole run: {time.perf_counter() - started:.0f} s")
    return 0 if right and (within or args.no_targets) else 1


if __name__ == "__main__":
    sys.exit(main())
