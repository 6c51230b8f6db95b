"""What HR must hear about, item by item, and whether an item is still due when its message is
sent. An item is reported once per stage: 7, 3 and 1 days before its deadline, on the day, and
once a week after (or, for a filing waiting on the agency, once a week)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef

from employees.models import Employee
from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.states import OPEN_STATES
from filings.states import FilingState as F
from law.payments import stop_filing_deadline

REMINDER_DAYS = 7
# Contracts ending this soon need a decision: renew or dissolve.
CONTRACT_DAYS = 30
# A filing with the agency this long without a decision is worth chasing.
UNCONFIRMED_AFTER = datetime.timedelta(days=10)


def _week(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def stage(deadline: datetime.date, today: datetime.date, *, first: int = REMINDER_DAYS):
    """The stage of a deadline on ``today``: None while it is further than ``first`` days."""
    days = (deadline - today).days
    if days > first:
        return None
    if days > REMINDER_DAYS:
        return f"due{first}"
    if days > 3:
        return "due7"
    if days > 1:
        return "due3"
    if days == 1:
        return "due1"
    if days == 0:
        return "today"
    return f"overdue:{_week(today)}"


def _item(kind: str, key: int, stage_: str, employee_id: int, deadline, **extra) -> dict:
    return {
        "kind": kind,
        "item": f"{kind}:{key}",
        "stage": stage_,
        "employee": employee_id,
        "deadline": deadline.isoformat() if deadline else "",
        **extra,
    }


def registrations(today: datetime.date):
    """Social Insurance Law art. 58: registered within 30 days of hire."""
    rows = (
        Employee.objects.filter(registration_state=S.UNREGISTERED)
        .filter(registration_deadline__lte=today + datetime.timedelta(days=REMINDER_DAYS))
        .values_list("employer_id", "id", "registration_deadline")
    )
    for employer_id, employee_id, deadline in rows:
        yield (
            employer_id,
            _item("registration", employee_id, stage(deadline, today), employee_id, deadline),
        )


def stops(today: datetime.date):
    """Separated but not yet filed: the agency's cut-off of the separation month decides
    whether another month is paid."""
    rows = (
        Employee.objects.filter(registration_state=S.REGISTERED, separation_date__isnull=False)
        .filter(separation_date__lte=today + datetime.timedelta(days=REMINDER_DAYS))
        .values_list("employer_id", "id", "separation_date", "employer__region__cutoff_day")
    )
    for employer_id, employee_id, separated, cutoff_day in rows:
        deadline = stop_filing_deadline(separated, cutoff_day)
        yield employer_id, _item("stop", employee_id, stage(deadline, today), employee_id, deadline)


def contracts(today: datetime.date):
    """Contracts ending within CONTRACT_DAYS with neither a renewal nor a dissolve open."""
    decided = Filing.objects.filter(
        employee=OuterRef("pk"),
        kind__in=[Filing.Kind.RENEW, Filing.Kind.DISSOLVE],
        state__in=OPEN_STATES,
    )
    rows = (
        Employee.objects.filter(registration_state=S.REGISTERED, separation_date__isnull=True)
        .filter(contract_end_date__range=(today, today + datetime.timedelta(days=CONTRACT_DAYS)))
        .filter(~Exists(decided))
        .values_list("employer_id", "id", "contract_end_date")
    )
    for employer_id, employee_id, ends in rows:
        current = stage(ends, today, first=CONTRACT_DAYS)
        yield employer_id, _item("contract", employee_id, current, employee_id, ends)


def unconfirmed(today: datetime.date, now: datetime.datetime):
    rows = Filing.objects.filter(
        state=F.SUBMITTED, submitted_at__lt=now - UNCONFIRMED_AFTER
    ).values_list("employer_id", "id", "employee_id", "submitted_at")
    for employer_id, filing_id, employee_id, submitted_at in rows:
        yield (
            employer_id,
            _item(
                "unconfirmed",
                filing_id,
                f"waiting:{_week(today)}",
                employee_id,
                submitted_at.date(),
                filing=filing_id,
            ),
        )


def collect(today: datetime.date, now: datetime.datetime) -> dict[int, list[dict]]:
    by_employer: dict[int, list[dict]] = defaultdict(list)
    for source in (registrations(today), stops(today), contracts(today), unconfirmed(today, now)):
        for employer_id, item in source:
            if item["stage"]:
                by_employer[employer_id].append(item)
    return by_employer


def still_due(items: list[dict]) -> list[dict]:
    """At sending: the items whose deadline is not yet resolved (stale ones are left out)."""
    employee_ids = {item["employee"] for item in items}
    employees = {
        e.id: e
        for e in Employee.objects.filter(id__in=employee_ids).annotate(
            decided=Exists(
                Filing.objects.filter(
                    employee=OuterRef("pk"),
                    kind__in=[Filing.Kind.RENEW, Filing.Kind.DISSOLVE],
                    state__in=OPEN_STATES,
                )
            )
        )
    }
    waiting = set(
        Filing.objects.filter(
            id__in=[item["filing"] for item in items if item.get("filing")], state=F.SUBMITTED
        ).values_list("id", flat=True)
    )
    due = []
    for item in items:
        employee = employees.get(item["employee"])
        if employee is None:
            continue
        live = {
            "registration": employee.registration_state == S.UNREGISTERED,
            "stop": employee.registration_state == S.REGISTERED,
            "contract": employee.registration_state == S.REGISTERED and not employee.decided,
            "unconfirmed": item.get("filing") in waiting,
        }[item["kind"]]
        if live:
            due.append({**item, "name": employee.name})
    return due
