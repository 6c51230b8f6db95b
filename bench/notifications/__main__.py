"""Run the notifications benchmark: python -m bench.notifications (exit 1 on any failure)."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.employees import setup
from bench.notifications import data, report, run

BROKER = "redis://127.0.0.1:6379/5"  # the benchmarks' Redis database


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.notifications")
    parser.add_argument("--insured", type=int, default=100_000, help="insured employees")
    parser.add_argument(
        "--employees", type=int, default=1_000_000, help="employees in the database in all"
    )
    parser.add_argument("--employers", type=int, default=500, help="background employers")
    parser.add_argument(
        "--day",
        type=datetime.date.fromisoformat,
        default=None,
        help="the daily sweep's day, before PAYMENT_NOTICE_DAY (default: the latest such day "
        "that is the day before the notice day); the notices go out on the notice day",
    )
    parser.add_argument("--pool", choices=("prefork", "solo"), default="prefork")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="worker processes (default: the settings')"
    )
    parser.add_argument(
        "--batch", type=int, default=None, help="ledger rows per send task (default: settings)"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for sends")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        help="after B, send this many again in this process, timed by part and profiled (0: not)",
    )
    parser.add_argument("--keep-ledger", action="store_true", help="leave the ledger at the end")
    parser.add_argument(
        "--no-targets",
        action="store_true",
        help="a missed target does not fail the run, only a failed check does (small runs)",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--dsn-base", default=setup.DEFAULT_DSN_BASE)
    parser.add_argument("--broker", default=BROKER)
    args = parser.parse_args(argv)
    if not 0 < args.insured <= args.employees:
        parser.error("--insured must be between 1 and --employees")
    args.dsn_base = args.dsn_base.rstrip("/")
    return args


def settle_days(args) -> None:
    """The daily sweep's day, the notice day after it, and the month the notices are for."""
    from django.conf import settings
    from django.utils import timezone

    from law.payments import month_of

    notice = settings.PAYMENT_NOTICE_DAY
    if notice < 2:
        sys.exit("PAYMENT_NOTICE_DAY is 1: no day of the month comes before it")
    if args.day is None:
        today = timezone.localdate()
        args.day = today.replace(day=notice - 1)
        if args.day > today:
            args.day = month_of(month_of(today) - datetime.timedelta(days=1)).replace(
                day=notice - 1
            )
    if args.day.day >= notice:
        sys.exit(f"--day must come before the notice day ({notice}) of its month")
    args.notice_day = args.day.replace(day=notice)
    args.month = month_of(month_of(args.notice_day) - datetime.timedelta(days=1))


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    queue = f"bench-notifications-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_BROKER_URL"] = args.broker  # before Django reads its settings
    os.environ["CELERY_QUEUE"] = queue
    dsn = f"{args.dsn_base}/{setup.BENCH_DB}"
    setup.ensure_database(args.dsn_base, fresh=args.fresh)
    setup.setup_django(dsn)
    from django.conf import settings

    args.concurrency = args.concurrency or settings.CELERY_WORKER_CONCURRENCY
    args.batch = args.batch or settings.NOTIFICATION_SEND_BATCH
    settings.NOTIFICATION_SEND_BATCH = args.batch  # this process's sweep enqueues the batches
    settle_days(args)
    raw = setup.raw_connection(dsn, client_binding=False)
    folder = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    print(
        f"daily sweep on {args.day}, notices on {args.notice_day} for {args.month:%Y-%m}; "
        f"broker {args.broker}, queue {queue}; logs in {folder}"
    )
    found = data.prepare(raw, args)
    report.print_data(raw, found, args)
    try:
        figures, passed = run.run_figures(raw, found, args, dsn, queue, folder)
    finally:
        run.clean_up(raw, args, queue)
    report.print_results(args, figures)
    print(f"whole run: {time.perf_counter() - started:.0f} s")
    raw.close()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
