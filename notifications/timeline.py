"""The notifications' part of the employee's timeline (employees.timeline): each notice sent
to the employee, from the ledger, and what is still due for them, from the one "what is due"
(notifications.due), so the page and the dashboard never disagree."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.models import Employee, deadline_warning_text
from employees.timeline import Deadline, Entry, month_text
from filings.models import Filing
from notifications.due import items_due
from notifications.mail import KIND_LABELS
from notifications.models import Notification

Kind, Status = Notification.Kind, Notification.Status
NOTICES = {
    (Kind.PAYMENT_NOTICE, Status.SENT): gettext_lazy("payment notice sent"),
    (Kind.PAYMENT_NOTICE, Status.FAILED): gettext_lazy("payment notice not delivered"),
    (Kind.SEPARATION_NOTICE, Status.SENT): gettext_lazy("separation notice sent"),
    (Kind.SEPARATION_NOTICE, Status.FAILED): gettext_lazy("separation notice not delivered"),
}
DEADLINES = {
    "registration": gettext_lazy("registration due"),
    "stop": gettext_lazy("stop to file before the cut-off"),
    "contract": gettext_lazy("contract ends"),
    "transfer": gettext_lazy("certificate and transfer due"),
    "unconfirmed": gettext_lazy("the agency's confirmation to chase"),
}
# Every deadline of the employment, however far ahead (a contract may end years from now).
AHEAD_DAYS = 10 * 366


def _period(period: str) -> str:
    """A payment notice's month ("2026-10") as the admin writes a month."""
    try:
        return month_text(datetime.date.fromisoformat(f"{period}-01"))
    except ValueError:
        return period


def notice_entries(employee: Employee, user) -> Iterable[Entry]:
    """One query: the notices sent to the employee, or given up on (the sweep's, no actor).
    The recipient's address and the error are in the ledger below, not here."""
    rows = Notification.objects.filter(
        employee=employee, kind__in=[Kind.PAYMENT_NOTICE, Kind.SEPARATION_NOTICE]
    ).filter(status__in=[Status.SENT, Status.FAILED])
    for row in rows.order_by("id"):
        at = row.sent_at or row.claimed_at or row.created_at
        detail = _("for %(period)s") % {"period": _period(row.period)} if row.period else ""
        yield Entry(at, str(NOTICES[(row.kind, row.status)]), f"{row.kind}_{row.status}", detail)


def deadline_entries(employee: Employee, user) -> Iterable[Deadline]:
    """What notifications.due says this employee still needs, one query per kind."""
    today = timezone.localdate()
    items = items_due(
        Employee.objects.filter(id=employee.id),
        Filing.objects.filter(employee_id=employee.id),
        today=today,
        now=timezone.now(),
        within=AHEAD_DAYS,
    )
    for item in items:
        warning = deadline_warning_text(item.provisional_year)
        yield Deadline(
            item.due_date,
            str(DEADLINES[item.kind]),
            item.kind,
            str(KIND_LABELS[item.kind]),
            warning,
        )


def timeline_entries(employee: Employee, user) -> Iterable[Entry | Deadline]:
    yield from notice_entries(employee, user)
    yield from deadline_entries(employee, user)
