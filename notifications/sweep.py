"""What is due, derived from the database alone, written to the ledger with conflicts ignored:
beat only ticks, so a second beat, a replayed tick or a rerun sweep adds nothing twice. The
sends are enqueued after the commit, by ledger id."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from contributions.models import MonthlyStatement
from contributions.selectors import statements_owed
from contributions.services import statements_compute
from employees.models import Employee, Employer
from filings.models import Filing
from filings.states import FilingState
from law.payments import month_of
from notifications import digest
from notifications.delivery import claim_expires
from notifications.models import Notification, ReminderStage

Kind = Notification.Kind
# Ids per statement computation and per ledger insert: short transactions, bounded memory.
SWEEP_CHUNK = 2000
# Separations confirmed this recently still get their notice (a sweep that was down catches up).
SEPARATION_NOTICE_WITHIN = datetime.timedelta(days=30)


@dataclass
class Swept:
    inserted: dict[str, int] = field(default_factory=dict)
    enqueued: list[int] = field(default_factory=list)


def hr_digests(today: datetime.date) -> int:
    """One message per employer and HR contact per day, with the stages not yet reported
    (notifications.digest)."""
    made = 0
    by_employer = digest.collect(today, timezone.now())
    # Every tick after the day's first finds these done: skipped before any lock or query.
    sent_today = set(
        Notification.objects.filter(kind=Kind.HR_DIGEST, period=today.isoformat()).values_list(
            "subject_key", flat=True
        )
    )
    for employer_id, items in by_employer.items():
        if f"employer:{employer_id}" in sent_today:
            continue
        with transaction.atomic():
            employer = Employer.objects.select_for_update().get(id=employer_id)
            if not employer.hr_emails:
                continue
            reported = set(
                ReminderStage.objects.filter(item__in=[i["item"] for i in items]).values_list(
                    "item", "stage"
                )
            )
            new = [i for i in items if (i["item"], i["stage"]) not in reported]
            if not new:
                continue
            key = {"subject_key": f"employer:{employer_id}", "period": today.isoformat()}
            if Notification.objects.filter(kind=Kind.HR_DIGEST, **key).exists():
                continue  # today's digest is out; what appeared since goes tomorrow
            rows = Notification.objects.bulk_create(
                Notification(
                    kind=Kind.HR_DIGEST,
                    recipient=email,
                    employer=employer,
                    language=settings.LANGUAGE_CODE,
                    payload={"items": new},
                    **key,
                )
                for email in sorted(set(employer.hr_emails))
            )
            ReminderStage.objects.bulk_create(
                ReminderStage(
                    employer=employer, item=i["item"], stage=i["stage"], notification=rows[0]
                )
                for i in new
            )
            made += len(rows)
    return made


# One statement for the month's notices (a hundred thousand rows): built from the statements in
# the database rather than through Python, and the ledger's unique key keeps one per employee.
_NOTIFICATION = Notification._meta.db_table
_STATEMENT = MonthlyStatement._meta.db_table
_EMPLOYEE = Employee._meta.db_table
NOTICES_SQL = f"""
INSERT INTO {_NOTIFICATION} (kind, recipient, subject_key, period, employer_id,
    employee_id, language, payload, status, attempts, last_error, created_at)
SELECT %(kind)s, e.email, 'employee:' || e.id, %(period)s, s.employer_id, e.id, e.language,
    {{payload}}, %(pending)s, 0, '', %(now)s
FROM {_STATEMENT} s
JOIN {_EMPLOYEE} e ON e.id = s.employee_id
WHERE s.month = %(month)s AND e.email <> ''
    AND NOT EXISTS (
        SELECT 1 FROM {_NOTIFICATION} n
        WHERE n.employee_id = s.employee_id AND n.kind = %(kind)s AND n.period = %(period)s
    )
ON CONFLICT DO NOTHING
"""  # noqa: S608 -- the table names come from the models, never from input


def payment_notices(today: datetime.date) -> int:
    """From the configured day of each month: last month's statements, and a notice for every
    insured employee with an address (SI Law art. 60), once each."""
    if today.day < settings.PAYMENT_NOTICE_DAY:
        return 0
    month = month_of(month_of(today) - datetime.timedelta(days=1))
    ids = list(statements_owed(month))
    for start in range(0, len(ids), SWEEP_CHUNK):
        statements_compute(month, ids[start : start + SWEEP_CHUNK])
    ops = connection.ops
    params = {
        "kind": Kind.PAYMENT_NOTICE,
        "period": month.strftime("%Y-%m"),
        "pending": Notification.Status.PENDING,
        "now": ops.adapt_datetimefield_value(timezone.now()),
        "month": ops.adapt_datefield_value(month),
    }
    payload = "json_object('statement_id', s.id)"  # SQLite, the embedded default
    if connection.vendor == "postgresql":
        payload = "jsonb_build_object('statement_id', s.id)"
    with connection.cursor() as cursor:
        cursor.execute(NOTICES_SQL.format(payload=payload), params)
        return cursor.rowcount


def separation_notices(now: datetime.datetime) -> int:
    confirmed = (
        Filing.objects.filter(
            kind=Filing.Kind.DISSOLVE,
            state=FilingState.CONFIRMED,
            decided_at__gte=now - SEPARATION_NOTICE_WITHIN,
        )
        .exclude(employee__email="")
        .values_list("id", "employee_id", "employer_id", "employee__email", "employee__language")
    )
    rows = [
        Notification(
            kind=Kind.SEPARATION_NOTICE,
            recipient=email,
            subject_key=f"filing:{filing_id}",
            period="",
            employer_id=employer_id,
            employee_id=employee_id,
            language=language,
            payload={"filing_id": filing_id},
        )
        for filing_id, employee_id, employer_id, email, language in confirmed
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def to_send(now: datetime.datetime, since: datetime.datetime) -> list[int]:
    """Rows this sweep inserted, rows pending so long their message was lost, and claims a
    lost worker left behind."""
    reenqueue_after = datetime.timedelta(seconds=settings.NOTIFICATION_REENQUEUE_SECONDS)
    return list(
        Notification.objects.filter(
            Q(status=Notification.Status.PENDING, created_at__gte=since)
            | Q(status=Notification.Status.PENDING, created_at__lt=now - reenqueue_after)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - claim_expires())
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def sweep(today: datetime.date | None = None) -> Swept:
    started = timezone.now()
    today = today or timezone.localdate()
    result = Swept()
    result.inserted = {
        Kind.HR_DIGEST: hr_digests(today),
        Kind.PAYMENT_NOTICE: payment_notices(today),
        Kind.SEPARATION_NOTICE: separation_notices(started),
    }
    result.enqueued = to_send(timezone.now(), started)
    return result
