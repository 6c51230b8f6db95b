"""Figure B: the notice day's sweep, end to end. sweep(notice day) in this process, enqueueing
one notification_send_task per NOTIFICATION_SEND_BATCH ledger ids as each chunk of notices
commits (as notifications_sweep_task does), the workers sending to the sink meanwhile, until
every enqueued row is done. Every statement the sweep sent is kept, for the baseline to replay
on raw psycopg (replay_sweep).

Times come from the wall clock on both sides: this process notes when the sweep and the
enqueue start, the workers stamp sent_at on each row (timezone.now()), and the last sent_at
ends the run; the ledger is read only at the end, the sink's counter (a file) meanwhile.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import psycopg

from bench.notifications.cpu import Meter
from bench.notifications.daily import STATEMENTS_TABLE, ledger_counts
from bench.notifications.phases import Split, sweep_split
from bench.notifications.sink import Sink

PROGRESS_EVERY = 30.0
# The queue lives in Redis: if it restarts meanwhile (a fault test run by someone else), the
# messages are gone and nothing would ever arrive.
STALLED_AFTER = 120.0
POLL = 0.2
UNFINISHED = ("pending", "sending")


@dataclass
class Monthly:
    ids: list[int]
    split: Split
    added: Counter  # rows the ledger gained, by kind
    started: float  # wall clock, before the sweep
    sweep_s: float
    enqueue_started: float  # wall clock
    enqueue_s: float
    sink_before: int
    meter: Meter
    tasks: int
    statements: list  # (sql, params) of every statement the sweep sent, in order
    finished: bool = False
    stopped: str = ""  # why the wait ended early
    last_sent: float | None = None  # wall clock, the last sent_at of the enqueued rows
    first_sent: float | None = None
    outcome: Counter = field(default_factory=Counter)  # (kind, status) -> rows

    @property
    def sent(self) -> int:
        return sum(n for (_, status), n in self.outcome.items() if status == "sent")

    @property
    def total_s(self) -> float:
        return self.last_sent - self.started

    @property
    def send_s(self) -> float:
        return self.last_sent - self.enqueue_started


def sweep_and_enqueue(raw: psycopg.Connection, notice_day, sink: Sink, start_meter) -> Monthly:
    from django.db import connection

    from notifications.sweep import sweep
    from notifications.tasks import notifications_enqueue

    sink_before, before = sink.messages(), ledger_counts(raw)
    statements, enqueued = [], {"tasks": 0, "at": None, "seconds": 0.0}

    def capture(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    def enqueue(ids):
        start = time.perf_counter()
        if enqueued["at"] is None:
            enqueued["at"] = time.time()
        enqueued["tasks"] += notifications_enqueue(ids)
        enqueued["seconds"] += time.perf_counter() - start

    meter = start_meter()  # the sends overlap the sweep: the CPU is measured over both
    started, start = time.time(), time.perf_counter()
    with sweep_split() as split, connection.execute_wrapper(capture):
        swept = sweep(notice_day, enqueue=enqueue)
    sweep_s = time.perf_counter() - start
    added = ledger_counts(raw)
    added.subtract(before)
    return Monthly(
        list(swept.enqueued),
        split,
        added,
        started,
        sweep_s,
        enqueued["at"] or time.time(),
        enqueued["seconds"],
        sink_before,
        meter,
        enqueued["tasks"],
        statements,
    )


def replay_sweep(raw: psycopg.Connection, run: Monthly, month) -> tuple[float, float]:
    """The end-to-end baseline's first part: every statement the sweep sent, as Django sent it
    (client-side binding, as Django binds), on plain psycopg, on the database as the sweep found
    it: the run's statements and ledger rows deleted in a transaction first (untimed), the
    replay timed, and all of it rolled back. One transaction, where the sweep committed each
    chunk: the baseline is the faster for it. The seconds of all of it, and of the statements'
    INSERT ... SELECTs alone."""
    with raw.transaction(force_rollback=True), psycopg.ClientCursor(raw) as cursor:
        cursor.execute(
            "DELETE FROM notifications_unsent WHERE notification_id = ANY(%s)", [run.ids]
        )
        cursor.execute(
            "DELETE FROM filings_reminderstage WHERE notification_id = ANY(%s)", [run.ids]
        )
        cursor.execute("DELETE FROM filings_notification WHERE id = ANY(%s)", [run.ids])
        cursor.execute(
            "DELETE FROM filings_monthlystatement WHERE month = %s AND created_at >= "
            "to_timestamp(%s)",
            [month, run.started],
        )
        start, inserts = time.perf_counter(), 0.0
        for sql, params, many in run.statements:
            began = time.perf_counter()
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            if sql.lstrip().startswith(f"INSERT INTO {STATEMENTS_TABLE}"):
                inserts += time.perf_counter() - began
        return time.perf_counter() - start, inserts


def unfinished(raw: psycopg.Connection, ids: list[int]) -> int:
    return raw.execute(
        "SELECT count(*) FROM filings_notification WHERE id = ANY(%s) AND status = ANY(%s)",
        [ids, list(UNFINISHED)],
    ).fetchone()[0]


def wait_done(raw: psycopg.Connection, sink: Sink, run: Monthly, timeout: float) -> str:
    """Until no enqueued row is pending or sending; or why not. The sink's count is free to
    read; the ledger is asked only once the sink has had at least the payment notices."""
    owed = run.added["payment_notice"]
    now = time.monotonic()
    deadline, next_progress, last_change, last_got = now + timeout, now + PROGRESS_EVERY, now, -1
    while (now := time.monotonic()) < deadline:
        got = sink.messages() - run.sink_before
        if got >= owed and unfinished(raw, run.ids) == 0:
            run.finished = True
            return ""
        if got != last_got:
            last_got, last_change = got, now
        elif now - last_change > STALLED_AFTER:
            return f"no message for {STALLED_AFTER:.0f} s with {got:,} at the sink"
        if now >= next_progress:
            elapsed = time.time() - run.enqueue_started
            print(f"    {elapsed:5.0f} s after the enqueue: {got:,} messages at the sink")
            next_progress += PROGRESS_EVERY
        time.sleep(POLL)
    return f"not done within --timeout {timeout:.0f} s"


def read_outcome(raw: psycopg.Connection, run: Monthly) -> None:
    for kind, status, rows in raw.execute(
        "SELECT kind, status, count(*) FROM filings_notification WHERE id = ANY(%s) GROUP BY 1, 2",
        [run.ids],
    ):
        run.outcome[(kind, status)] = rows
    first, last = raw.execute(
        "SELECT extract(epoch FROM min(sent_at)), extract(epoch FROM max(sent_at)) "
        "FROM filings_notification WHERE id = ANY(%s)",
        [run.ids],
    ).fetchone()
    run.first_sent = float(first) if first is not None else None
    run.last_sent = float(last) if last is not None else time.time()


def figure_run(raw: psycopg.Connection, notice_day, sink: Sink, timeout: float, start_meter):
    run = sweep_and_enqueue(raw, notice_day, sink, start_meter)
    split = run.split
    added = ", ".join(f"{kind} {n:,}" for kind, n in sorted(run.added.items()))
    print(f"  sweep({notice_day}): {run.sweep_s:.2f} s; added to the ledger {added}")
    print(f"         {split.line()}")
    statements = split.seconds["statements_compute"]
    print(
        f"         statements_compute: {split.calls['statements_compute']} chunks, "
        f"{statements:.2f} s ({dict(split.statements)}): "
        f"{split.calls['statements_compute:made']} chunks that made statements "
        f"{split.seconds['statements_compute:made']:.2f} s, "
        f"{split.calls['statements_compute:none']} where nobody was insured "
        f"{split.seconds['statements_compute:none']:.2f} s"
    )
    print(
        f"         the rest of payment_notices (the id list, the notices' query and insert): "
        f"{split.seconds['payment_notices'] - statements:.2f} s"
    )
    print(
        f"  enqueue: {len(run.ids):,} rows in {run.tasks:,} notification_send_task.delay() "
        f"in {run.enqueue_s:.2f} s, the first {run.enqueue_started - run.started:.2f} s "
        f"after the sweep began"
    )
    run.stopped = wait_done(raw, sink, run, timeout)
    print(f"  from the enqueue on: {run.meter.line(sink.messages() - run.sink_before)}")
    read_outcome(raw, run)
    return run
