import io

import pytest
from django.core.management import CommandError, call_command

from contributions.models import MonthlyStatement
from employees.models import Employee
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_mailbox_fills_as_days_pass(smtp_server):
    """The demo data, then two simulated days: HR hears of registrations once per stage and
    each insured employee with an address gets last month's notice, once, and one for each
    earlier month owed since the registration (every month paid has its notice)."""
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("notifications_sweep", "--today", "2026-12-05", "--inline", stdout=out)
    assert "payment_notice:" in out.getvalue()
    sent = Notification.objects.filter(status="sent")
    november = sent.filter(kind="payment_notice", period="2026-11").count()
    insured = Employee.objects.filter(registration_state__in=["registered", "stop_pending"])
    assert november == insured.count() > 0
    statements = MonthlyStatement.objects.exclude(employee__email="")
    assert sent.filter(kind="payment_notice").count() == statements.count() > november
    assert sent.filter(kind="hr_digest").count() == 1
    first_round = len(smtp_server.messages)

    call_command("notifications_sweep", "--today", "2026-12-05", "--inline", stdout=out)
    assert len(smtp_server.messages) == first_round  # the same day again: nothing twice


def test_a_bad_day_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("notifications_sweep", "--today", "5/12/2026")
