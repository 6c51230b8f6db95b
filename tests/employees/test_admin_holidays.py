"""The holiday calendar in the admin: the operator enters a year from its notice, each bad day
is named on its row and nothing is saved; members read the calendar and change nothing."""

import datetime

import pytest

from employees.models import HolidayDay, HolidayYear
from tests.employees.services.test_holiday_year_save import NOTICE, year_2027
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEARS = "/admin/employees/holidayyear/"


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def form_body(days, **fields):
    body = {
        "year": "2027",
        "notice_number": NOTICE,
        "notice_date": "2026-11-20",
        "notice_url": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, day in enumerate(days):
        body |= {f"days-{index}-date": day["date"], f"days-{index}-name": day["name"]}
        if day["isOffDay"]:
            body[f"days-{index}-is_off_day"] = "on"
    return body


def test_the_operator_enters_a_year_through_the_service(
    client, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{YEARS}add/", form_body(year_2027()["days"]))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    year = HolidayYear.objects.get(year=2027)
    assert (year.source, year.notice_number, year.entered_by) == ("notice", NOTICE, operator)
    assert HolidayDay.objects.filter(year=year).count() == 31
    assert len(callbacks) == 1  # the recomputation, after the commit


def test_a_bad_day_is_named_on_its_row_and_nothing_is_saved(client, operator):
    days = year_2027()["days"]
    days[5] = {**days[5], "date": "2027-03-03", "isOffDay": False}  # a Wednesday "worked"
    response = client.post(f"{YEARS}add/", form_body(days))
    assert response.status_code == 200
    (formset,) = response.context["inline_admin_formsets"]
    assert "weekday" in str(formset.formset.forms[5].non_field_errors())
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_a_missing_statutory_holiday_is_said_above_the_days(client, operator):
    days = [d for d in year_2027()["days"] if d["date"] != "2027-06-09"]
    response = client.post(f"{YEARS}add/", form_body(days))
    assert response.status_code == 200
    assert "2027-06-09 (Dragon Boat Festival)" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_notice_number_is_required(client, operator):
    response = client.post(f"{YEARS}add/", form_body(year_2027()["days"], notice_number=""))
    assert response.status_code == 200
    assert "notice_number" in response.context["adminform"].form.errors
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_a_member_reads_the_calendar_but_cannot_enter_a_year(client, clerk):
    client.force_login(clerk)
    listing = client.get(YEARS)
    assert listing.status_code == 200
    assert "2026" in listing.content.decode()
    assert client.get(f"{YEARS}add/").status_code == 403
    page = client.get(f"{YEARS}2026/change/")
    assert page.status_code == 200
    assert 'name="days-0-date"' not in page.content.decode()  # read only
    response = client.post(f"{YEARS}add/", form_body(year_2027()["days"]))
    assert response.status_code == 403
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert datetime.date(2026, 10, 1) in set(HolidayDay.objects.values_list("date", flat=True))
