"""After figure B, from the database and the sink: every insured employee has exactly one
statement for the month and exactly one sent payment notice, nobody else has either, and the
sink received exactly as many messages as ledger rows were sent."""

from __future__ import annotations

from collections import Counter

import psycopg

from bench.notifications.monthly import Monthly

STATEMENTS_SQL = """
SELECT count(*), count(DISTINCT s.employee_id),
    count(*) FILTER (WHERE NOT (s.employer_id = ANY(%(insured)s)))
FROM filings_monthlystatement s WHERE s.month = %(month)s
"""
NOTICES_SQL = """
SELECT count(*), count(DISTINCT n.employee_id),
    count(*) FILTER (WHERE n.status = 'sent'),
    count(*) FILTER (WHERE n.attempts <> 1),
    count(*) FILTER (WHERE NOT (n.employer_id = ANY(%(insured)s)))
FROM filings_notification n WHERE n.kind = 'payment_notice' AND n.period = %(period)s
"""
NO_STATEMENT_SQL = """
SELECT count(*) FROM employees_employee e
WHERE e.employer_id = ANY(%(insured)s) AND NOT EXISTS (
    SELECT FROM filings_monthlystatement s WHERE s.employee_id = e.id AND s.month = %(month)s)
"""
NO_NOTICE_SQL = """
SELECT count(*) FROM employees_employee e
WHERE e.employer_id = ANY(%(insured)s) AND NOT EXISTS (
    SELECT FROM filings_notification n WHERE n.employee_id = e.id AND n.kind = 'payment_notice'
    AND n.period = %(period)s AND n.status = 'sent')
"""


def check_monthly(raw: psycopg.Connection, run: Monthly, data, month, sink_received: int):
    """(lines to print, mismatches)."""
    raw.execute("ANALYZE filings_monthlystatement, filings_notification")  # plans of the checks
    params = {"month": month, "period": month.strftime("%Y-%m"), "insured": data.insured_employers}
    insured = data.insured
    statements, statement_people, others = raw.execute(STATEMENTS_SQL, params).fetchone()
    notices, notice_people, sent, retried, other_notices = raw.execute(
        NOTICES_SQL, params
    ).fetchone()
    no_statement = raw.execute(NO_STATEMENT_SQL, params).fetchone()[0]
    no_notice = raw.execute(NO_NOTICE_SQL, params).fetchone()[0]
    statuses = Counter()
    for (_, status), n in run.outcome.items():
        statuses[status] += n
    facts = [
        ("statements for the month", statements, insured),
        ("employees with a statement", statement_people, insured),
        ("insured employees without a statement", no_statement, 0),
        ("statements of others", others, 0),
        ("payment notices in the ledger", notices, insured),
        ("employees with a payment notice", notice_people, insured),
        ("payment notices sent", sent, insured),
        ("insured employees without a sent notice", no_notice, 0),
        ("payment notices of others", other_notices, 0),
        ("notices not claimed exactly once", retried, 0),
        ("enqueued rows still pending or sending", statuses["pending"] + statuses["sending"], 0),
        ("enqueued rows failed", statuses["failed"], 0),
        ("messages at the sink (= ledger rows sent)", sink_received, run.sent),
    ]
    lines = [f"    {what}: {found:,} (expected {want:,})" for what, found, want in facts]
    wrong = [
        f"{what}: {found:,}, expected {want:,}" for what, found, want in facts if found != want
    ]
    return lines, wrong
