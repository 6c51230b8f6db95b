"""The order of the run: the sink, figure A, the workers, figure B and its checks, the smtplib
baseline, the notice day's sweep once more, and (optionally) a profile of the sends."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import psycopg

from bench.employees.figures import Figure
from bench.notifications import autovacuum, baseline, checks, cpu, daily, monthly, report
from bench.notifications.daily import TARGET_STATEMENTS_RATIO, TARGET_STATEMENTS_S
from bench.notifications.sink import Sink
from bench.notifications.workers import Workers, environment

# The targets, as ratios to the baselines of the same run (on 2 cores the sink shares
# the machine, so an absolute figure would measure the machine).
TARGET_END_TO_END = 1.3  # at most this many times the replayed sweep plus smtplib's sends
TARGET_RATIO = 0.8  # the sends at least this share of smtplib's rate on one connection


def redis_run_id(broker: str) -> str:
    import redis

    return redis.Redis.from_url(broker).info("server")["run_id"]


def ledger_updates(raw) -> tuple[int, int]:
    """The ledger's updates so far and how many were HOT (statistics as flushed so far)."""
    raw.execute("SELECT pg_stat_clear_snapshot()")
    return raw.execute(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
        "WHERE relname = 'filings_notification'"
    ).fetchone()


def hot_figure(raw, before: tuple[int, int]) -> Figure:
    """After the workers stopped (their backends flush their statistics as they exit)."""
    time.sleep(1)
    updated, hot = (after - was for after, was in zip(ledger_updates(raw), before, strict=True))
    share = hot / updated if updated else 0.0
    print(f"  ledger updates during B: {updated:,}, of them HOT {hot:,} ({100 * share:.1f} %)")
    return Figure(
        figure="B ledger updates that were HOT",
        value=f"{100 * share:.1f} % of {updated:,}",
        baseline="",
        ratio=None,
        target="none (informational; it was 0 %)",
        passed=None,
    )


def figure_b(raw, found, args, sink: Sink, workers: Workers) -> tuple[list[Figure], bool]:
    pids = [process.pid for process in workers.processes]
    start_meter = functools.partial(cpu.meter, pids, sink.process.pid)
    redis_before = redis_run_id(args.broker)
    run = monthly.figure_run(raw, args.notice_day, sink, args.timeout, start_meter)
    received = sink.settled() - run.sink_before
    report.print_monthly(run, received)
    lines, wrong = checks.check_monthly(raw, run, found, args.month, received)
    if redis_run_id(args.broker) != redis_before:
        wrong.append("Redis restarted during the sends (its queued messages are lost)")
    print("  checks:")
    print("\n".join(lines))
    if not run.finished:
        wrong.append(f"the sends did not finish: {run.stopped}")
    sample = raw.execute(
        "SELECT min(id) FROM filings_notification WHERE kind = 'payment_notice' AND period = %s",
        [args.month.strftime("%Y-%m")],
    ).fetchone()[0]
    print(f"B baseline: {run.sent:,} pre-rendered messages, smtplib, one connection")
    floor = baseline.run(sink, run.sent, sample)
    rate, floor_rate = run.sent / run.send_s, floor["messages"] / floor["seconds"]
    print(
        f"  {floor['messages']:,} messages of {floor['bytes']:,} bytes in {floor['seconds']:.2f} s"
        f" ({floor_rate:,.0f}/s); the sink received {floor['received']:,}"
    )
    if floor["received"] != floor["messages"]:
        wrong.append(f"baseline: the sink received {floor['received']:,}")
    replayed, inserts = monthly.replay_sweep(raw, run, args.month)
    statements_s = run.split.seconds["statements_compute"]
    floor_total = replayed + floor["seconds"]
    print(
        f"  the sweep's {len(run.statements):,} statements replayed on raw psycopg: "
        f"{replayed:.2f} s; with smtplib's sends {floor_total:.2f} s"
    )
    figures = [
        Figure(
            figure=f"B monthly notices, {found.insured:,} insured, end to end",
            value=f"{run.total_s:.1f} s",
            baseline=f"raw sweep + smtplib {floor_total:.1f} s",
            ratio=run.total_s / floor_total,
            target=f"ours/baseline <= {TARGET_END_TO_END}",
            passed=run.finished and run.total_s / floor_total <= TARGET_END_TO_END,
        ),
        Figure(
            figure=f"B statements for {found.insured:,} insured (statements_compute)",
            value=f"{statements_s:.1f} s",
            baseline=f"its INSERT ... SELECTs {inserts:.1f} s",
            ratio=statements_s / inserts if inserts else None,
            target=f"<= {TARGET_STATEMENTS_S:.0f} s, ratio <= {TARGET_STATEMENTS_RATIO}",
            passed=statements_s <= TARGET_STATEMENTS_S
            and statements_s <= TARGET_STATEMENTS_RATIO * inserts,
        ),
        Figure(
            figure=f"B sends, {workers.concurrency} worker processes ({args.pool})",
            value=f"{rate:,.0f} msg/s",
            baseline=f"smtplib 1 conn {floor_rate:,.0f} msg/s",
            ratio=rate / floor_rate,
            target=f"ours/baseline >= {TARGET_RATIO}",
            passed=run.finished and rate / floor_rate >= TARGET_RATIO,
        ),
    ]
    for failure in wrong:
        print(f"  mismatch: {failure}")
    return figures, not wrong


def figure_resweep(raw: psycopg.Connection, args) -> Figure:
    """Every tick after the notice day sweeps again: what it costs when nothing is new."""
    run = daily.sweep_once(raw, args.notice_day)
    split = run.split
    print(
        f"  {run.seconds:.2f} s, {run.line()}; {split.line()}; "
        f"statements_compute {split.calls['statements_compute']} chunks "
        f"{split.seconds['statements_compute']:.2f} s"
    )
    return Figure(
        figure="B' sweep again on the notice day (nothing new)",
        value=f"{run.seconds:.2f} s",
        baseline="",
        ratio=None,
        target="none (informational)",
        passed=None,
    )


def run_figures(raw, found, args, dsn: str, queue: str, folder: Path):
    from hrsocsec.celery import app

    sink = Sink(folder)
    workers = None
    vacuum = autovacuum.StandIn(dsn)
    vacuum.start()
    try:
        print(f"A. daily sweep on {args.day} (before the notice day)")
        figures, _ = daily.figure_daily(raw, args.day, found.total, found.insured)
        env = environment(dsn, args.broker, queue, sink.port) | {
            "NOTIFICATION_SEND_BATCH": str(args.batch)
        }
        workers = Workers(env, args.pool, folder, args.concurrency)
        start = time.perf_counter()
        workers.wait_ready(app)
        print(
            f"workers ({args.pool}) ready in {time.perf_counter() - start:.1f} s; "
            f"SMTP sink on port {sink.port}"
        )
        print(
            f"B. notices for {args.month:%Y-%m} on {args.notice_day}, {args.concurrency} worker "
            f"processes, batches of {args.batch}"
        )
        updates_before = ledger_updates(raw)
        monthly_figures, correct = figure_b(raw, found, args, sink, workers)
        figures += monthly_figures
        print(f"B'. sweep({args.notice_day}) once more")
        figures.append(figure_resweep(raw, args))
        if args.profile:
            from bench.notifications import profile

            profile.run(raw, args, sink)
    finally:
        if workers is not None:
            workers.stop()
        sink.stop()
        print(vacuum.stop())
    if workers is not None and "updates_before" in locals():
        figures.append(hot_figure(raw, updates_before))
    figures.append(report.correctness_figure(correct))
    # --no-targets (the tests' small runs): the checks alone decide the exit status.
    passed = correct if args.no_targets else all(f.passed is not False for f in figures)
    return figures, passed


def clean_up(raw: psycopg.Connection, args, queue: str) -> None:
    """The run's queue in Redis, and the ledger (other benchmarks delete their employers,
    which the ledger's rows would keep)."""
    import redis

    from bench.notifications.data import empty_ledger

    # kombu's binding tables are named after the exchange, which is the queue's name here.
    bindings = (f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    redis.Redis.from_url(args.broker).delete(queue, *bindings)
    if not args.keep_ledger:
        empty_ledger(raw)
