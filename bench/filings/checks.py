"""After each run, untimed: what both ways must have left in the database and on the broker."""

from __future__ import annotations

import psycopg

from bench.filings.timing import Run

ROWS = "SELECT {} FROM filings_batchrow r WHERE r.batch_id = %(batch)s"


def _one_event_each(table: str, key: str, from_state: str, to_state: str) -> str:
    """How many of the batch's filings (or employees) have exactly one event of that move."""
    return (
        f"SELECT count(*) FROM (SELECT r.{key} FROM filings_batchrow r JOIN {table} ev "
        f"ON ev.{key} = r.{key} AND ev.from_state = '{from_state}' AND ev.to_state = '{to_state}' "
        f"WHERE r.batch_id = %(batch)s GROUP BY r.{key} HAVING count(*) = 1) t"
    )


# label: (SQL giving one number, rows expected per employee, rows expected in all besides)
CHECKS = {
    "batch": ("SELECT count(*) FROM filings_batch WHERE id = %(batch)s", 0, 1),
    "batch submitted": (
        "SELECT count(*) FROM filings_batch WHERE id = %(batch)s AND submitted_at IS NOT NULL",
        0,
        1,
    ),
    "batch rows": (ROWS.format("count(*)"), 1, 0),
    "batch rows created, with a filing": (
        ROWS.format("count(*)") + " AND r.outcome = 'created' AND r.filing_id IS NOT NULL",
        1,
        0,
    ),
    "filings": (
        "SELECT count(*) FROM filings_filing f JOIN filings_batchrow r ON r.filing_id = f.id "
        "WHERE r.batch_id = %(batch)s",
        1,
        0,
    ),
    "filings submitted": (
        "SELECT count(*) FROM filings_filing f JOIN filings_batchrow r ON r.filing_id = f.id "
        "WHERE r.batch_id = %(batch)s AND f.state = 'submitted' AND f.submitted_at IS NOT NULL",
        1,
        0,
    ),
    "filings with one event -> draft": (
        _one_event_each("filings_filingevent", "filing_id", "", "draft"),
        1,
        0,
    ),
    "filings with one event draft -> submitted": (
        _one_event_each("filings_filingevent", "filing_id", "draft", "submitted"),
        1,
        0,
    ),
    "filing events in all": (
        "SELECT count(*) FROM filings_filingevent ev JOIN filings_batchrow r "
        "ON r.filing_id = ev.filing_id WHERE r.batch_id = %(batch)s",
        2,
        0,
    ),
    "employees stop_pending": (
        "SELECT count(*) FROM employees_employee e JOIN filings_batchrow r "
        "ON r.employee_id = e.id WHERE r.batch_id = %(batch)s "
        "AND e.registration_state = 'stop_pending'",
        1,
        0,
    ),
    "employees with one event registered -> stop_pending": (
        _one_event_each("employees_employeeevent", "employee_id", "registered", "stop_pending"),
        1,
        0,
    ),
    "employee events in all": (
        "SELECT count(*) FROM employees_employeeevent ev JOIN filings_batchrow r "
        "ON r.employee_id = ev.employee_id WHERE r.batch_id = %(batch)s",
        1,
        0,
    ),
}
# What each call wrote, from the counts above (an updated row counts as written).
CREATE_WRITES = ("batch", "filings", "filings with one event -> draft", "batch rows")
SUBMIT_WRITES = (
    "batch submitted",
    "filings submitted",
    "filings with one event draft -> submitted",
    "employees stop_pending",
    "employees with one event registered -> stop_pending",
)


def check_rows(raw: psycopg.Connection, run: Run) -> tuple[dict[str, int], list[str]]:
    """(counts found, mismatches described)."""
    found, wrong = {}, []
    for label, (sql, per_employee, fixed) in CHECKS.items():
        found[label] = raw.execute(sql, {"batch": run.batch_id}).fetchone()[0]
        expected = per_employee * run.size + fixed
        if found[label] != expected:
            where = f"{run.way} {run.size:,}: {label}"
            wrong.append(f"{where}: {found[label]:,}, expected {expected:,}")
    return found, wrong


def rows_written(found: dict[str, int]) -> tuple[int, int]:
    return sum(found[k] for k in CREATE_WRITES), sum(found[k] for k in SUBMIT_WRITES)


def drain_messages() -> list[tuple[str, list]]:
    """(task name, first argument) of every message waiting on the in-memory broker's queue."""
    from django.conf import settings

    from hrsocsec.celery import app

    messages = []
    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue(settings.CELERY_TASK_DEFAULT_QUEUE, no_ack=True)
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            args, _kwargs, _embed = message.payload
            messages.append((message.headers["task"], args[0]))
    return messages


def check_enqueued(run: Run) -> list[str]:
    """One send for the submit, of HR's messages in the ledger, each telling of all its
    events (the first MOVED_MAX_LINES listed, the rest counted)."""
    from notifications.models import Notification
    from notifications.services import MOVED_MAX_LINES

    messages = drain_messages()
    tasks = [task for task, _ids in messages]
    rows = Notification.objects.filter(id__in=[i for _task, ids in messages for i in ids])
    payloads = [row.payload for row in rows]
    expected = {"event_ids": sorted(run.event_ids)[:MOVED_MAX_LINES], "count": run.size}
    sent_once = tasks == ["notifications.tasks.notification_send_task"]
    if sent_once and payloads and all(p == expected for p in payloads):
        return []
    summary = [(task, len(ids)) for task, ids in messages]
    return [f"{run.way} {run.size:,}: messages {summary}, expected one send telling {run.size:,}"]
