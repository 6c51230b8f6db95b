"""The floor: the same rows written by hand on a plain psycopg connection, in as few set-based
statements as PostgreSQL allows, one transaction for the create and one for the submit.

It assumes what the data guarantees (every employee registered, no open dissolve) only as far
as the statements' WHERE clauses check it, and fails when a count comes out short. It does not
look up the clerk's role (one indexed lookup in the services).
"""

from __future__ import annotations

import contextlib
import datetime
import time

import psycopg

from bench.filings.orm import REASON
from bench.filings.timing import Call, Run, head, settle

LOCK_EMPLOYEES = """
SELECT id FROM employees_employee
WHERE employer_id = %(employer)s AND id = ANY(%(ids)s::bigint[])
ORDER BY id FOR UPDATE"""
INSERT_BATCH = """
INSERT INTO filings_batch (employer_id, kind, reason, reason_text, effective_date, note,
    created_by_id, created_at)
VALUES (%(employer)s, 'dissolve', %(reason)s, '', %(date)s, '', %(actor)s, %(now)s)
RETURNING id"""
# Filings for the employees a dissolve allows (registered, hired by the date, no open dissolve),
# their creation events and the batch's rows, from the filings' RETURNING.
INSERT_FILINGS = """
WITH f AS (
    INSERT INTO filings_filing (employer_id, employee_id, kind, reason, reason_text,
        effective_date, state, agency_reference, rejection_reason, created_by_id,
        created_at, updated_at)
    SELECT e.employer_id, e.id, 'dissolve', %(reason)s, '', %(date)s, 'draft', '', '',
        %(actor)s, %(now)s, %(now)s
    FROM employees_employee e
    WHERE e.id = ANY(%(ids)s::bigint[]) AND e.registration_state = 'registered'
        AND e.hire_date <= %(date)s
        AND NOT EXISTS (SELECT FROM filings_filing o WHERE o.employee_id = e.id
            AND o.kind = 'dissolve' AND o.state IN ('draft', 'submitted', 'rejected'))
    ORDER BY e.id
    RETURNING id, employee_id
), events AS (
    INSERT INTO filings_filingevent (filing_id, from_state, to_state, actor_id, note,
        changed_fields, at)
    SELECT id, '', 'draft', %(actor)s, %(note)s, '[]', %(now)s FROM f
)
INSERT INTO filings_batchrow (batch_id, employee_id, outcome, filing_id, errors)
SELECT %(batch)s, employee_id, 'created', id, '{}' FROM f"""
# HR's message of the move, one ledger row per HR contact, in the move's transaction (as
# notifications.services.filings_moved_notify writes it).
TELL_HR = """
INSERT INTO filings_notification (kind, recipient, subject_key, period, employer_id, language,
    payload, status, attempts, last_error, created_at)
SELECT 'filings_moved', email, 'filing-event:' || %(first_event)s, '', e.id, %(language)s,
    jsonb_build_object('event_ids', %(told_events)s::jsonb, 'count', %(n_events)s),
    'pending', 0, '', %(now)s
FROM employees_employer e, jsonb_array_elements_text(e.hr_emails) AS email
WHERE e.id = %(employer)s
ORDER BY email
RETURNING id
"""
LOCK_BATCH = "SELECT id FROM filings_batch WHERE id = %(batch)s FOR UPDATE"
LOCK_DRAFTS = """
SELECT f.id, f.employee_id
FROM filings_filing f
JOIN filings_batchrow r ON r.filing_id = f.id
JOIN employees_employee e ON e.id = f.employee_id
WHERE r.batch_id = %(batch)s AND f.state = 'draft' AND e.registration_state = 'registered'
ORDER BY f.id FOR UPDATE OF f, e"""
MOVE_EMPLOYEES = """
WITH moved AS (
    UPDATE employees_employee SET registration_state = 'stop_pending', updated_at = %(now)s
    WHERE id = ANY(%(employees)s::bigint[]) AND registration_state = 'registered'
    RETURNING id
)
INSERT INTO employees_employeeevent (employee_id, action, from_state, to_state,
    changed_fields, note, at, actor_id)
SELECT id, 'state_changed', 'registered', 'stop_pending', '[]', %(note)s, %(now)s, %(actor)s
FROM moved"""
SUBMIT_FILINGS = """
WITH submitted AS (
    UPDATE filings_filing SET state = 'submitted', submitted_at = %(now)s, updated_at = %(now)s,
        last_paid_month = %(last_paid)s
    WHERE id = ANY(%(filings)s::bigint[])
    RETURNING id
), events AS (
    INSERT INTO filings_filingevent (filing_id, from_state, to_state, actor_id, note,
        changed_fields, at)
    SELECT id, 'draft', 'submitted', %(actor)s, %(note)s, '[]', %(now)s FROM submitted
    RETURNING id
), batch AS (
    UPDATE filings_batch SET submitted_at = %(now)s WHERE id = %(batch)s
)
SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM events"""


class Counted:
    """The connection, with the statements sent listed as Django lists its own (BEGIN and
    COMMIT included); the parameters travel apart from the text (server-side binding)."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.statements: list[tuple[str, int]] = []

    def execute(self, sql: str, params: dict) -> psycopg.Cursor:
        self.statements.append(head(sql))
        return self.conn.execute(sql, params)

    @contextlib.contextmanager
    def transaction(self):
        self.statements.append(head("BEGIN"))
        with self.conn.transaction():
            yield
        self.statements.append(head("COMMIT"))


def _expect(what: str, found: int, wanted: int) -> None:
    if found != wanted:
        raise RuntimeError(f"baseline: {what}: {found} rows, expected {wanted}")


def create(raw: psycopg.Connection, p: dict) -> Call:
    db = Counted(raw)
    start = time.perf_counter()
    with db.transaction():
        _expect("employees locked", len(db.execute(LOCK_EMPLOYEES, p).fetchall()), len(p["ids"]))
        p["batch"] = db.execute(INSERT_BATCH, p).fetchone()[0]
        p["note"] = f"batch #{p['batch']}"
        _expect("filings made", db.execute(INSERT_FILINGS, p).rowcount, len(p["ids"]))
    return Call(time.perf_counter() - start, db.statements, p["batch"])


def submit(raw: psycopg.Connection, p: dict) -> Call:
    from django.conf import settings
    from psycopg.types.json import Jsonb

    from notifications.services import MOVED_MAX_LINES
    from notifications.tasks import notification_send_task

    db = Counted(raw)
    start = time.perf_counter()
    with db.transaction():
        db.execute(LOCK_BATCH, p)
        drafts = db.execute(LOCK_DRAFTS, p).fetchall()
        p["filings"] = [filing_id for filing_id, _ in drafts]
        p["employees"] = [employee_id for _, employee_id in drafts]
        _expect("employees moved", db.execute(MOVE_EMPLOYEES, p).rowcount, len(drafts))
        event_ids = db.execute(SUBMIT_FILINGS, p).fetchone()[0]
        _expect("filings submitted", len(event_ids), len(drafts))
        told = {
            "first_event": min(event_ids),
            "told_events": Jsonb(sorted(event_ids)[:MOVED_MAX_LINES]),
            "n_events": len(event_ids),
            "language": settings.LANGUAGE_CODE,
        }
        ledger_ids = [row[0] for row in db.execute(TELL_HR, {**p, **told}).fetchall()]
    # After the commit, as delay_on_commit does it for the services.
    notification_send_task.delay(ledger_ids)
    return Call(time.perf_counter() - start, db.statements, event_ids)


def run(
    raw: psycopg.Connection,
    *,
    clerk_id: int,
    employer_id: int,
    employee_ids: list[int],
    effective_date: datetime.date,
) -> Run:
    from django.utils import timezone

    params = {
        "employer": employer_id,
        "ids": employee_ids,
        "reason": REASON,
        "date": effective_date,
        "actor": clerk_id,
        "now": timezone.now(),
    }
    settle(raw)
    made = create(raw, params)
    params["now"] = timezone.now()
    # The month the dissolves reach, as the product fixes it when filed (one date, one month).
    from employees.models import Employer
    from law.payments import last_contribution_month

    cutoff = Employer.objects.values_list("region__cutoff_day", flat=True).get(id=employer_id)
    filed_on = timezone.localdate(params["now"])
    params["last_paid"] = last_contribution_month(effective_date, filed_on, cutoff)
    settle(raw)
    sent = submit(raw, params)
    return Run("raw SQL", len(employee_ids), made.result, made, sent, sent.result)
