"""What is due, derived from the database alone, written to the ledger with conflicts ignored:
beat only ticks, so a second beat, a replayed tick or a rerun sweep adds nothing twice. The
sends are enqueued after the commit, by ledger id: the month's payment notices chunk by chunk
as each commits (so the workers send while the sweep computes the rest), the others at the
end."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contributions.models import MonthlyStatement
from contributions.selectors import months_owed, statements_owed
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
# Separations confirmed this recently still get their notice, and the employees of filings
# decided this recently their earlier months' statements (a sweep that was down catches up).
SEPARATION_NOTICE_WITHIN = CATCH_UP_WITHIN = datetime.timedelta(days=30)


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
WHERE s.month = %(month)s AND e.email <> '' {{employees}}
    AND NOT EXISTS (
        SELECT 1 FROM {_NOTIFICATION} n
        WHERE n.employee_id = s.employee_id AND n.kind = %(kind)s AND n.period = %(period)s
    )
ON CONFLICT DO NOTHING
RETURNING id
"""  # noqa: S608 -- the table names come from the models, never from input


def _statements_through(today: datetime.date) -> datetime.date:
    """The latest month whose statements and notices are due: last month from the notice day
    on, the month before it until then."""
    month = month_of(month_of(today) - datetime.timedelta(days=1))
    if today.day < settings.PAYMENT_NOTICE_DAY:
        month = month_of(month - datetime.timedelta(days=1))
    return month


def _chunks(ids: list[int]):
    for start in range(0, len(ids), SWEEP_CHUNK):
        yield ids[start : start + SWEEP_CHUNK]


def _compute(month: datetime.date, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        statements_compute(month, chunk)


def _month_notices(month: datetime.date, employees: tuple[int, int] | None = None) -> list[int]:
    """The notices of the month's statements that have none yet (of the employees with ids in
    ``employees``, first to last, if given): the new ledger ids."""
    ops = connection.ops
    params = {
        "kind": Kind.PAYMENT_NOTICE,
        "period": month.strftime("%Y-%m"),
        "pending": Notification.Status.PENDING,
        "now": ops.adapt_datetimefield_value(timezone.now()),
        "month": ops.adapt_datefield_value(month),
    }
    within = ""
    if employees is not None:
        within = "AND s.employee_id BETWEEN %(first)s AND %(last)s"
        params["first"], params["last"] = employees
    payload = "json_object('statement_id', s.id)"  # SQLite, the embedded default
    if connection.vendor == "postgresql":
        payload = "jsonb_build_object('statement_id', s.id)"
    with connection.cursor() as cursor:
        cursor.execute(NOTICES_SQL.format(payload=payload, employees=within), params)
        return [notification_id for (notification_id,) in cursor.fetchall()]


def _notices_for(month: datetime.date, employee_ids: list[int]) -> int:
    """The notices of a month caught up for a few employees (NOTICES_SQL's rule, in the ORM)."""
    period = month.strftime("%Y-%m")
    told = Notification.objects.filter(
        kind=Kind.PAYMENT_NOTICE, period=period, employee_id=OuterRef("employee_id")
    )
    statements = (
        MonthlyStatement.objects.filter(month=month, employee_id__in=employee_ids)
        .exclude(employee__email="")
        .exclude(Exists(told))
        .values_list("id", "employee_id", "employer_id", "employee__email", "employee__language")
    )
    rows = Notification.objects.bulk_create(
        [
            Notification(
                kind=Kind.PAYMENT_NOTICE,
                recipient=email,
                subject_key=f"employee:{employee_id}",
                period=period,
                employer_id=employer_id,
                employee_id=employee_id,
                language=language,
                payload={"statement_id": statement_id},
            )
            for statement_id, employee_id, employer_id, email, language in statements
        ],
        ignore_conflicts=True,
    )
    return len(rows)


def payment_notices(today: datetime.date, committed: Callable[[list[int]], None]) -> int:
    """Every month the employer pays gets its statement and a notice for every insured employee
    with an address (SI Law art. 60, art. 74), once each: from the configured day of each month,
    last month's for everyone, a chunk of employees at a time, each chunk's notices handed to
    ``committed`` once its transaction commits; and, for employees whose registration or stop
    was decided recently, every earlier month they are owed and lack (a registration confirmed
    late reaches back to its effective date; a rejected dissolve releases the months it held)."""
    through = _statements_through(today)
    made = 0
    for chunk in _chunks(list(statements_owed(through))):
        with transaction.atomic():
            statements_compute(through, chunk)
            ids = _month_notices(through, (chunk[0], chunk[-1]))
        committed(ids)
        made += len(ids)
    made += len(_month_notices(through))  # statements of earlier runs that still lack theirs
    changed = (
        Filing.objects.filter(
            kind__in=[Filing.Kind.REGISTER, Filing.Kind.DISSOLVE],
            updated_at__gte=timezone.now() - CATCH_UP_WITHIN,
        )
        .values_list("employee_id", flat=True)
        .distinct()
    )
    owed = months_owed(list(changed), through - datetime.timedelta(days=1))
    for month, ids in owed.items():
        _compute(month, ids)
        made += _notices_for(month, ids)
    return made


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
    lost worker left behind: among the rows still to send (Unsent), not the whole ledger."""
    reenqueue_after = datetime.timedelta(seconds=settings.NOTIFICATION_REENQUEUE_SECONDS)
    return list(
        Notification.objects.filter(unsent__isnull=False)
        .filter(
            Q(status=Notification.Status.PENDING, created_at__gte=since)
            | Q(status=Notification.Status.PENDING, created_at__lt=now - reenqueue_after)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - claim_expires())
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def sweep(
    today: datetime.date | None = None, enqueue: Callable[[list[int]], object] | None = None
) -> Swept:
    """What is owed into the ledger; with ``enqueue``, each committed chunk of the month's
    notices is handed to it at once and the rest of what is to send at the end (without it,
    the caller enqueues ``enqueued``)."""
    started = timezone.now()
    today = today or timezone.localdate()
    result = Swept()
    early: list[int] = []

    def committed(ids: list[int]) -> None:
        if enqueue is not None and ids:
            enqueue(ids)
            early.extend(ids)

    result.inserted = {
        Kind.HR_DIGEST: hr_digests(today),
        Kind.PAYMENT_NOTICE: payment_notices(today, committed),
        Kind.SEPARATION_NOTICE: separation_notices(started),
    }
    handed = set(early)
    rest = [i for i in to_send(timezone.now(), started) if i not in handed]
    if enqueue is not None and rest:
        enqueue(rest)
    result.enqueued = early + rest
    return result
