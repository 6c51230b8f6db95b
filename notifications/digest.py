"""The HR digest's items: what is due (notifications.due), each reported once per stage: 7, 3
and 1 days before its deadline, on the day, and once a week after (a contract from 30 days
ahead; a filing waiting on the agency, once a week). At sending, an item no longer due is left
out, by asking notifications.due again."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F

from employees.models import Employee, EmployeeEvent
from filings.models import Filing
from notifications.due import Due, items_due

REMINDER_DAYS = 7
# Contracts ending this soon need a decision: renew or dissolve.
CONTRACT_DAYS = 30
# How far ahead each kind is reported; a filing waiting on the agency is due already.
WITHIN = {
    "registration": REMINDER_DAYS,
    "stop": REMINDER_DAYS,
    "contract": CONTRACT_DAYS,
    "transfer": REMINDER_DAYS,
    "unconfirmed": 0,
}


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


def _stage(item: Due, today: datetime.date) -> str | None:
    if item.kind == "unconfirmed":
        return f"waiting:{_week(today)}"
    return stage(item.due_date, today, first=WITHIN[item.kind])


def _payload(item: Due, stage_: str) -> dict:
    """The ledger keeps ids and dates only; the name is read again when the digest is sent."""
    payload = {
        "kind": item.kind,
        "item": item.item,
        "stage": stage_,
        "employee": item.employee_id,
        "deadline": item.due_date.isoformat(),
    }
    if item.filing_id:
        payload["filing"] = item.filing_id
    return payload


# A deadline a holiday arrangement moved is reported once, in a digest within this long.
MOVED_WITHIN = datetime.timedelta(days=7)
MOVED = "moved"


def _moved(now: datetime.datetime) -> list[tuple[int, dict]]:
    """Registration deadlines that a holiday arrangement moved lately, of employments still
    unregistered: (employer, item) with the day before and after."""
    events = (
        EmployeeEvent.objects.filter(
            action=EmployeeEvent.Action.DEADLINE_RECOMPUTED,
            at__gte=now - MOVED_WITHIN,
            deadline_from__isnull=False,
            employee__in=Employee.objects.unfiled(),
        )
        .exclude(deadline_from=F("deadline_to"))  # the same day, only no longer provisional
        .values_list("id", "employee_id", "employee__employer_id", "deadline_from", "deadline_to")
    )
    return [
        (
            employer_id,
            {
                "kind": MOVED,
                "item": f"{MOVED}:{event_id}",
                "stage": MOVED,
                "employee": employee_id,
                "deadline": after.isoformat(),
                "from": before.isoformat(),
            },
        )
        for event_id, employee_id, employer_id, before, after in events
    ]


def collect(today: datetime.date, now: datetime.datetime) -> dict[int, list[dict]]:
    """Every employer's items of the day, with their stage, across the installation, and the
    deadlines a holiday arrangement moved since."""
    by_employer: dict[int, list[dict]] = defaultdict(list)
    everything = items_due(
        Employee.objects.all(), Filing.objects.all(), today=today, now=now, within=WITHIN
    )
    for item in everything:
        if stage_ := _stage(item, today):
            by_employer[item.employer_id].append(_payload(item, stage_))
    for employer_id, item in _moved(now):
        by_employer[employer_id].append(item)
    return by_employer


def still_due(items: list[dict], today: datetime.date, now: datetime.datetime) -> list[dict]:
    """At sending: the items still due (what was filed or decided since is left out), each
    with the employee's name; a moved deadline while the employment is still unregistered."""
    employees = Employee.objects.filter(id__in={item["employee"] for item in items})
    filings = Filing.objects.filter(id__in=[item["filing"] for item in items if "filing" in item])
    # Reported items stay due however near they came since: ask as far ahead as any kind.
    ahead = max(WITHIN.values())
    live = {
        d.item: d.employee_name
        for d in items_due(employees, filings, today=today, now=now, within=ahead)
    }
    moved = [item["employee"] for item in items if item["kind"] == MOVED]
    unfiled = dict(employees.unfiled().filter(id__in=moved).values_list("id", "name"))
    kept = []
    for item in items:
        if item["kind"] == MOVED and item["employee"] in unfiled:
            kept.append({**item, "name": unfiled[item["employee"]]})
        elif item["item"] in live:
            kept.append({**item, "name": live[item["item"]]})
    return kept
