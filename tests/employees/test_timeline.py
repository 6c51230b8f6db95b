import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format

from employees import timeline
from employees.services import (
    deadlines_recompute,
    employee_hire,
    employee_transfer_done,
    employee_update,
)
from employees.timeline import Deadline, Entry, Upcoming, employee_entries, timeline_of
from filings.timeline import filing_entries
from notifications.timeline import timeline_entries
from tests.employment_history import on
from tests.factories import EmployeeFactory, make_id_number

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
WAGE = Decimal("31415.92")


@pytest.fixture
def providers(monkeypatch):
    """An empty registry for the test; the apps' own is put back after it."""
    fresh = []
    monkeypatch.setattr(timeline, "PROVIDERS", fresh)
    return fresh


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


def test_the_apps_register_their_providers_from_ready_in_the_chains_order():
    assert [employee_entries, filing_entries, timeline_entries] == timeline.PROVIDERS


def test_a_provider_registered_twice_is_asked_once(providers):
    def one(employee, user):
        return [Entry(at(2), "one", "one")]

    timeline.register(one)
    timeline.register(one)
    assert providers == [one]


def test_entries_come_oldest_first_and_a_tie_keeps_the_providers_order(providers):
    """A day (the hire date) sorts at its start; same moments stay in registration order."""
    timeline.register(lambda e, u: [Entry(at(5), "late", "a"), Entry(at(2), "tie first", "b")])
    timeline.register(
        lambda e, u: [Entry(at(2), "tie second", "c"), Entry(at(2).date(), "day", "d")]
    )
    found = timeline_of(None, None, today=datetime.date(2026, 3, 1)).entries
    assert [entry.label for entry in found] == ["day", "tie first", "tie second", "late"]
    assert found[0].day == datetime.date(2026, 3, 2)


def test_an_entrys_day_is_the_day_in_shanghai():
    """23:30 UTC is the next morning in Shanghai."""
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    assert Entry(late, "x", "x").day == datetime.date(2026, 3, 2)


def test_deadlines_come_soonest_first_after_the_entries(providers):
    timeline.register(
        lambda e, u: [
            Deadline(datetime.date(2026, 3, 20), "later", "b"),
            Entry(at(1), "done", "a"),
            Deadline(datetime.date(2026, 3, 8), "sooner", "a"),
        ]
    )
    found = timeline_of(None, None, today=datetime.date(2026, 3, 10))
    assert [entry.label for entry in found.entries] == ["done"]
    assert [(u.deadline.label, u.days_left, u.overdue) for u in found.deadlines] == [
        ("sooner", -2, True),
        ("later", 10, False),
    ]


@pytest.mark.parametrize(
    ("days_left", "words"),
    [
        (-4, "4 days overdue"),
        (-1, "1 day overdue"),
        (0, "due today"),
        (1, "1 day left"),
        (3, "3 days left"),
    ],
)
def test_the_days_left_are_said_in_words(days_left, words):
    deadline = Deadline(datetime.date(2026, 10, 26), "registration due", "registration")
    assert Upcoming(deadline, days_left).left == words


def hire(employer, clerk, day=datetime.date(2026, 3, 2)):
    with on(day):
        return employee_hire(
            actor=clerk,
            employer=employer,
            name="Zhao Lei",
            id_number=make_id_number(),
            hire_date=day,
            monthly_wage=WAGE,
        )


def test_the_hire_is_on_the_hire_date_by_whom_recorded_it(employer, clerk):
    person = hire(employer, clerk)
    with on(datetime.date(2026, 3, 5)):
        employee_update(actor=clerk, employee=person, position="Driver")  # not on the timeline
    (entry,) = employee_entries(person, clerk)
    assert (entry.kind, entry.at, entry.label) == ("hired", datetime.date(2026, 3, 2), "hired")
    assert entry.actor == clerk.username


def test_an_employment_without_its_hire_event_still_starts_with_the_hire(employer, clerk):
    """Rows made before events were written: the hire date, no actor."""
    person = EmployeeFactory(employer=employer)
    assert [(e.kind, e.at, e.actor) for e in employee_entries(person, clerk)] == [
        ("hired", person.hire_date, "")
    ]


def test_the_separation_and_the_transfer_are_told_with_their_dates(employer, clerk):
    person = hire(employer, clerk)
    with on(datetime.date(2026, 6, 1)):
        person = employee_update(
            actor=clerk, employee=person, separation_date=datetime.date(2026, 6, 30)
        )
    with on(datetime.date(2026, 7, 3)):
        employee_transfer_done(
            actor=clerk,
            employee_id=person.id,
            note="file sent to the talent centre",
            on=datetime.date(2026, 7, 2),
        )
    person.refresh_from_db()
    found = [(e.kind, e.day, e.detail) for e in employee_entries(person, clerk)]
    assert found == [
        ("hired", datetime.date(2026, 3, 2), ""),
        ("separation_recorded", datetime.date(2026, 6, 1), "separation date June 30, 2026"),
        (
            "transfer_done",
            datetime.date(2026, 7, 3),
            "done on July 2, 2026 · file sent to the talent centre",
        ),
    ]


def test_a_separation_date_recorded_twice_tells_the_date_once_on_the_last(employer, clerk):
    """The events keep field names only: the date now belongs to the latest."""
    person = hire(employer, clerk)
    for day, leaves in [(5, datetime.date(2026, 6, 30)), (6, datetime.date(2026, 7, 31))]:
        with on(datetime.date(2026, 6, day)):
            person = employee_update(actor=clerk, employee=person, separation_date=leaves)
    details = [e.detail for e in employee_entries(person, clerk) if e.kind == "separation_recorded"]
    assert details == ["", "separation date July 31, 2026"]


def test_a_deadline_moved_by_a_holiday_arrangement_says_from_and_to(employer, clerk):
    person = EmployeeFactory(employer=employer, registration_deadline=datetime.date(2026, 4, 30))
    assert deadlines_recompute([person.id]) == 1
    person.refresh_from_db()
    (moved,) = [e for e in employee_entries(person, clerk) if e.kind == "deadline_moved"]
    assert moved.detail == f"from April 30, 2026 to {date_format(person.registration_deadline)}"
    assert moved.actor == ""


def test_employee_entries_take_one_query_and_hold_no_wage_nor_id_number(
    employer, clerk, django_assert_num_queries
):
    short = hire(employer, clerk)
    long = hire(employer, clerk)
    for month in (6, 7, 8):
        with on(datetime.date(2026, month, 1)):
            long = employee_update(
                actor=clerk, employee=long, separation_date=datetime.date(2026, month, 28)
            )
    with django_assert_num_queries(1):
        list(employee_entries(short, clerk))
    with django_assert_num_queries(1):
        found = list(employee_entries(long, clerk))
    assert len(found) == 4
    text = " ".join(f"{e.label} {e.detail} {e.actor}" for e in found)
    assert "31415" not in text
    assert "31,415" not in text
    assert long.id_number not in text
