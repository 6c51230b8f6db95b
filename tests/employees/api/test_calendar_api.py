"""GET /api/calendar/{year}/: a year's days and their source; a year without its notice shows
the statutory holidays the deadlines are counted with for now, marked provisional."""

import pytest

from tests.employees.services.test_holiday_year_save import NOTICE, save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_api(api):
    api.force_authenticate(UserFactory())
    return api


def test_a_year_without_its_notice_is_provisional_with_the_statutory_days(user_api):
    data = user_api.get("/api/calendar/2027/").json()
    assert (data["source"], data["provisional"], data["notice_number"]) == ("statutory", True, "")
    days = {d["date"]: d for d in data["days"]}
    assert len(days) == 13
    assert days["2027-02-05"]["name"] == "春节"  # the eve, by the 2024 revision
    assert days["2027-02-05"]["name_display"] == "Spring Festival"
    assert all(d["is_off_day"] for d in data["days"])


def test_a_loaded_year_shows_its_notice_and_every_day(user_api):
    save()
    data = user_api.get("/api/calendar/2027/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert (data["source"], data["provisional"], data["notice_number"]) == ("notice", False, NOTICE)
    assert data["notice_date"] == "2026-11-20"
    assert data["source_display"] == "国务院通知（由运维人员录入）"
    worked = [d["date"] for d in data["days"] if not d["is_off_day"]]
    assert worked == ["2027-02-20", "2027-04-25", "2027-09-26", "2027-10-09"]
    assert data["days"][0]["name_display"] == "元旦"


def test_a_seeded_year_names_the_package(user_api):
    data = user_api.get("/api/calendar/2026/").json()
    assert (data["source"], data["provisional"]) == ("package", False)
    assert {
        "date": "2026-01-04",
        "name": "元旦",
        "name_display": "New Year's Day",
        "is_off_day": False,
    } in data["days"]


@pytest.mark.parametrize("year", ["1989", "2101", "abcd", "20277", "0"])
def test_a_year_outside_the_calendar_is_a_404(user_api, year):
    response = user_api.get(f"/api/calendar/{year}/")
    assert response.status_code == 404


def test_the_calendar_needs_a_login(api):
    assert api.get("/api/calendar/2027/").status_code in (401, 403)
