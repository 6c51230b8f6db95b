import datetime

import pytest

from employees.models import HolidayYear
from employees.timeline import Deadline, timeline_of
from law.deadlines import transfer_deadline
from notifications.delivery import notifications_send
from notifications.sweep import sweep
from notifications.timeline import deadline_entries, notice_entries, timeline_entries
from tests.contributions.test_services import insure, own_rule
from tests.employment_history import full_history
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db


def test_the_separation_notice_sent_is_on_the_timeline_with_no_actor(
    employer, clerk, manager, smtp_server
):
    history = full_history(employer, clerk, manager)
    (notice,) = notice_entries(history.employee, clerk)
    assert (notice.kind, notice.label, notice.day) == (
        "separation_notice_sent",
        "separation notice sent",
        history.days["notice_sent"],
    )
    assert notice.actor == ""
    assert "wu.fang" not in notice.detail  # the address stays in the ledger below


def test_a_notice_the_server_refused_is_told_as_not_delivered(
    employer, clerk, manager, smtp_server
):
    smtp_server.refuse_with = ["550 no such mailbox"]
    history = full_history(employer, clerk, manager)
    (notice,) = notice_entries(history.employee, clerk)
    assert (notice.kind, notice.label) == (
        "separation_notice_failed",
        "separation notice not delivered",
    )
    assert "550" not in notice.detail


def test_a_payment_notice_sent_names_its_month(employer, clerk, manager, smtp_server):
    own_rule(manager, employer, valid_from=datetime.date(2026, 9, 1))
    person = EmployeeFactory(
        employer=employer, hire_date=datetime.date(2026, 10, 8), email="li@example.com"
    )
    insure(person, clerk, manager)
    notifications_send(sweep(datetime.date(2026, 11, 5)).enqueued)
    (notice,) = notice_entries(person, clerk)
    assert (notice.kind, notice.label, notice.detail) == (
        "payment_notice_sent",
        "payment notice sent",
        "for October 2026",
    )


def test_another_employees_notices_never_show(employer, clerk, manager, smtp_server):
    """Nor another employer's: the provider reads the employee's own rows only."""
    rival = EmployerFactory(name="Rival Ltd")
    rival_clerk = member(employer=rival)
    rival_manager = member("manager", rival)
    full_history(rival, rival_clerk, rival_manager, name="Rival Person")
    mine = EmployeeFactory(employer=employer)
    assert list(notice_entries(mine, clerk)) == []


def test_the_transfer_after_the_separation_is_due_with_its_days_left(
    employer, clerk, manager, smtp_server
):
    """LCL art. 50: 15 days from the separation, as notifications.due counts it."""
    history = full_history(employer, clerk, manager)
    from employees.holidays import current_calendar

    due = transfer_deadline(history.days["leaves"], current_calendar()).date
    (deadline,) = deadline_entries(history.employee, clerk)
    assert (deadline.kind, deadline.label, deadline.day) == (
        "transfer",
        "certificate and transfer due",
        due,
    )
    assert "Labour Contract Law art. 50" in deadline.detail


def test_an_unregistered_hire_is_due_or_overdue_in_words(employer, clerk, frozen_today):
    today = frozen_today(datetime.date(2026, 3, 30))
    person = EmployeeFactory(employer=employer)  # hired 2026-03-02: due 2026-04-01
    late = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 2))
    (soon,) = timeline_of(person, clerk, today=today).deadlines
    (overdue,) = timeline_of(late, clerk, today=today).deadlines
    assert (soon.deadline.kind, soon.deadline.day, soon.left) == (
        "registration",
        datetime.date(2026, 4, 1),
        "2 days left",
    )
    assert soon.deadline.label == "registration due"
    assert overdue.left == f"{(today - late.registration_deadline).days} days overdue"
    assert overdue.overdue


def test_a_provisional_deadline_carries_its_warning(employer, clerk, frozen_today):
    """Hired 2026-12-02: counted into 2027, whose arrangement is not entered."""
    frozen_today(datetime.date(2026, 12, 3))
    HolidayYear.objects.filter(year=2027).delete()
    person = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 12, 2))
    (deadline,) = deadline_entries(person, clerk)
    assert isinstance(deadline, Deadline)
    assert "2027" in deadline.warning


def test_the_notifications_part_takes_a_fixed_number_of_queries(
    employer, clerk, manager, smtp_server, django_assert_max_num_queries
):
    history = full_history(employer, clerk, manager)
    bare = EmployeeFactory(employer=employer)
    with django_assert_max_num_queries(8) as few:
        list(timeline_entries(bare, clerk))
    with django_assert_max_num_queries(8) as many:
        found = list(timeline_entries(history.employee, clerk))
    assert len(few.captured_queries) == len(many.captured_queries)
    assert [item.kind for item in found] == ["separation_notice_sent", "transfer"]
