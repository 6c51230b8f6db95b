"""After a year's holiday arrangement is entered, HR's next digest lists each registration
deadline it moved, the day before and after, once; an employment filed since drops out."""

import datetime

import pytest

from employees.models import Employee
from employees.services.holidays import deadlines_recompute_year
from notifications.mail import render
from notifications.models import Notification
from notifications.sweep import sweep
from tests.employees.services.test_holiday_year_save import save
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def loaded(employer, frozen_today):
    """Two deadlines the 2027 file moves, one it only makes certain; loaded on 12-03."""
    frozen_today(D(2026, 12, 3))
    people = {
        "spring": EmployeeFactory(employer=employer, hire_date=D(2027, 1, 6), name="春节前入职"),
        "make_up": EmployeeFactory(employer=employer, hire_date=D(2027, 3, 26), name="调休"),
        "same": EmployeeFactory(employer=employer, hire_date=D(2026, 12, 2), name="元旦"),
    }
    save()
    deadlines_recompute_year(2027)
    return people


def moved_items(notification):
    return {i["employee"]: i for i in notification.payload["items"] if i["kind"] == "moved"}


def test_the_next_digest_lists_the_moved_deadlines_old_to_new(loaded, frozen_today):
    frozen_today(D(2026, 12, 4))
    assert sweep(D(2026, 12, 4)).inserted["hr_digest"] == 1
    digest = Notification.objects.get(kind="hr_digest")
    items = moved_items(digest)
    assert set(items) == {loaded["spring"].id, loaded["make_up"].id}  # not the same-day one
    assert (items[loaded["spring"].id]["from"], items[loaded["spring"].id]["deadline"]) == (
        "2027-02-09",
        "2027-02-12",
    )
    digest.language = "en"
    text = render(digest).text
    # Under its duty's heading, said once; each with a link to the employee's page.
    heading = "registration deadline moved by the holiday arrangement entered\n"
    assert text.count("registration deadline moved by the holiday arrangement") == 1
    assert f"{heading}- 春节前入职: deadline Feb. 9, 2027 → Feb. 12, 2027 (moved)" in text
    assert f"/admin/employees/employee/{loaded['spring'].id}/change/" in text
    assert "April 26, 2027 → April 25, 2027" in text

    frozen_today(D(2026, 12, 5))
    sweep(D(2026, 12, 5))  # the next day's digest does not repeat them
    later = Notification.objects.filter(kind="hr_digest", period="2026-12-05").first()
    assert later is None or not moved_items(later)


def test_a_moved_deadline_filed_before_the_digest_goes_out_is_left_out(loaded, frozen_today):
    frozen_today(D(2026, 12, 4))
    sweep(D(2026, 12, 4))
    digest = Notification.objects.get(kind="hr_digest")
    Employee.objects.filter(id=loaded["spring"].id).update(
        registration_state="registration_pending"
    )
    digest.language = "en"
    text = render(digest).text
    assert "春节前入职" not in text
    assert "April 26, 2027 → April 25, 2027" in text
