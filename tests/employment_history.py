"""One employment's whole history, made through the services on the days it happened: hired,
registered (filed, confirmed), separated (filed, confirmed: stopped), told by a separation
notice. For the timeline's tests (employees.timeline and each app's provider)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from employees.models import Employee
from employees.services import employee_hire
from filings.models import Filing
from filings.services import employee_separate, filing_confirm, filing_create_draft, filing_submit
from notifications.delivery import notifications_send
from notifications.models import Notification
from notifications.sweep import separation_notices
from tests.factories import make_id_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
WAGE = Decimal("23456.78")  # a figure that must never appear on the timeline
# The timeline's entries of full_history, in the order the page shows them.
IN_ORDER = [
    "hired",
    "register_submitted",
    "register_confirmed",
    "separation_recorded",
    "dissolve_submitted",
    "dissolve_confirmed",
    "separation_notice_sent",
]


@dataclass
class History:
    employee: Employee
    register: Filing
    dissolve: Filing
    days: dict[str, datetime.date]  # the day of each step, by name


def on(day: datetime.date):
    """The clock at 10:00 Asia/Shanghai on that day, standing still, for one step."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(10), SHANGHAI), tick=False
    )


def full_history(employer, clerk, manager, *, today=None, name="Wu Fang") -> History:
    """Up to yesterday, counted back from ``today`` (the real day by default), so that what is
    still due (the certificate and the transfer, LCL art. 50) is ahead of the real clock."""
    today = today or timezone.localdate()
    days = {
        "hired": today - datetime.timedelta(days=200),
        "register_filed": today - datetime.timedelta(days=199),
        "registered": today - datetime.timedelta(days=190),
        "separation_filed": today - datetime.timedelta(days=5),
        "stopped": today - datetime.timedelta(days=2),
        "notice_sent": today - datetime.timedelta(days=1),
        "leaves": today + datetime.timedelta(days=10),
    }
    with on(days["hired"]):
        person = employee_hire(
            actor=clerk,
            employer=employer,
            name=name,
            id_number=make_id_number(),
            hire_date=days["hired"],
            monthly_wage=WAGE,
            email="wu.fang@example.com",
            language="en",
        )
    with on(days["register_filed"]):
        register = filing_create_draft(actor=clerk, employee=person, kind="register")
        filing_submit(actor=clerk, filing_id=register.id)
    with on(days["registered"]):
        filing_confirm(actor=manager, filing_id=register.id, agency_reference="SH-2026-0042")
    person.refresh_from_db()
    with on(days["separation_filed"]):
        dissolve = employee_separate(
            actor=clerk,
            employee=person,
            separation_date=days["leaves"],
            reason="mutual_agreement",
        )
        filing_submit(actor=clerk, filing_id=dissolve.id)
    with on(days["stopped"]):
        filing_confirm(actor=manager, filing_id=dissolve.id, agency_reference="SH-2026-0107")
    with on(days["notice_sent"]):
        separation_notices(timezone.now())
        notifications_send(
            list(Notification.objects.filter(employee=person).values_list("id", flat=True))
        )
    person.refresh_from_db()
    register.refresh_from_db()
    dissolve.refresh_from_db()
    return History(person, register, dissolve, days)
