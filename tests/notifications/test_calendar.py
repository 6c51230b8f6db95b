"""notifications.deadline_calendar and the admin's deadline calendar (/admin/calendar/): a month of
what is due per day and kind, the official holidays on their days, each count linking to the
employees it counts."""

import datetime
import html as markup
import re

import pytest
from django.utils import timezone

from employees.holidays import current_calendar
from employees.models import Membership
from employees.workflow import RegistrationState as S
from notifications.deadline_calendar import deadline_month, month_from, parse_due_key
from notifications.due import scope
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 10, 15)  # 2026 has its arrangement (chinesecalendar's seed)
CHANGELIST = "/admin/employees/employee/"


def on(day):
    return datetime.date(2026, 10, day)


@pytest.fixture
def october(employer):
    """Two registrations due on the 26th, one on the 20th, one overdue since the 9th; a stop
    (Shanghai: no cut-off day, so the month's last day); a contract ending on the 28th."""
    due = {
        "later": EmployeeFactory.create_batch(2, employer=employer, registration_deadline=on(26)),
        "soon": [EmployeeFactory(employer=employer, registration_deadline=on(20))],
        "overdue": [EmployeeFactory(employer=employer, registration_deadline=on(9))],
        "stop": [
            EmployeeFactory(
                employer=employer, registration_state=S.REGISTERED, separation_date=on(5)
            )
        ],
        "contract": [
            EmployeeFactory(
                employer=employer, registration_state=S.REGISTERED, contract_end_date=on(28)
            )
        ],
    }
    EmployeeFactory(employer=employer, registration_deadline=datetime.date(2026, 11, 3))
    return due


@pytest.fixture
def elsewhere():
    """Another employer's registration due the same day, and its name: never shown."""
    other = EmployerFactory(name="Somebody Else Ltd")
    return EmployeeFactory(employer=other, registration_deadline=on(26))


def cell(html, day: datetime.date) -> str:
    found = re.search(rf'<td data-date="{day.isoformat()}"[^>]*>(.*?)</td>', html, re.S)
    assert found, f"no cell for {day}"
    return found.group(0)


def texts(fragment: str) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def grid(user, first: datetime.date, today: datetime.date):
    employees, filings = scope(user)
    return deadline_month(
        employees, filings, first, today=today, now=timezone.now(), calendar=current_calendar()
    )


def calendar_page(client, user, query="?month=2026-10"):
    client.force_login(user)
    return client.get(f"/admin/calendar/{query}")


def test_the_grid_is_the_months_weeks_monday_first(frozen_today, clerk):
    frozen_today(TODAY)
    month = grid(clerk, on(1), TODAY)
    assert all(len(week) == 7 for week in month.weeks)
    assert [week[0].date.weekday() for week in month.weeks] == [0] * len(month.weeks)
    assert month.weeks[0][0].date == datetime.date(2026, 9, 28)  # the 1st is a Thursday
    in_month = [day.date for week in month.weeks for day in week if day.in_month]
    assert in_month == [on(n) for n in range(1, 32)]
    assert (month.previous, month.next) == (datetime.date(2026, 9, 1), datetime.date(2026, 11, 1))


def test_counts_per_day_and_kind_with_their_urgency(
    frozen_today, october, elsewhere, clerk, django_assert_max_num_queries
):
    frozen_today(TODAY)
    current_calendar()  # loaded once per process
    with django_assert_max_num_queries(8):  # a query per kind, the calendar's version twice
        month = grid(clerk, on(1), TODAY)
    found = {
        (day.date, count.kind): (count.count, count.urgency)
        for week in month.weeks
        for day in week
        for count in day.counts
    }
    assert found == {
        (on(9), "registration"): (1, "overdue"),
        (on(20), "registration"): (1, "soon"),
        (on(26), "registration"): (2, "later"),  # not the other employer's third
        (on(28), "contract"): (1, "later"),
        (on(31), "stop"): (1, "later"),
    }
    assert month.total == 6  # November's registration is not October's


def test_the_transfer_duty_is_on_its_15th_day(frozen_today, employer, clerk):
    frozen_today(datetime.date(2026, 12, 10))
    EmployeeFactory(
        employer=employer,
        registration_state=S.REGISTERED,
        separation_date=datetime.date(2026, 12, 1),
        transfer_done_on=None,
    )
    month = grid(clerk, datetime.date(2026, 12, 1), datetime.date(2026, 12, 10))
    (day,) = [
        d for week in month.weeks for d in week if d.counts and d.counts[0].kind == "transfer"
    ]
    assert (day.date, day.counts[0].count, day.counts[0].urgency) == (
        datetime.date(2026, 12, 16),
        1,
        "soon",
    )


def test_the_page_shows_each_count_on_its_day_with_its_label(
    frozen_today, october, elsewhere, clerk, client
):
    frozen_today(TODAY)
    page = calendar_page(client, clerk)
    html = page.content.decode()
    assert page.status_code == 200
    assert "registrations 2" in texts(cell(html, on(26)))
    assert 'class="due due-later"' in cell(html, on(26))
    assert 'class="due due-soon"' in cell(html, on(20))
    assert 'class="due due-overdue"' in cell(html, on(9))
    assert "contracts ending 1" in texts(cell(html, on(28)))
    assert "stops 1" in texts(cell(html, on(31)))
    assert "due-" not in cell(html, on(27))
    assert "Somebody Else Ltd" not in html
    assert "notifications/calendar.css" in html


def test_a_count_links_to_the_list_of_exactly_those_employees(
    frozen_today, october, elsewhere, clerk, client
):
    frozen_today(TODAY)
    html = calendar_page(client, clerk).content.decode()
    link = re.search(r'href="([^"]+)"', cell(html, on(26)).split('data-kind="registration"')[1])
    url = link.group(1).replace("&amp;", "&")
    assert url == f"{CHANGELIST}?due=registration:2026-10-26"
    listed = client.get(url)
    assert listed.status_code == 200
    shown = {row.id for row in listed.context["cl"].result_list}
    assert shown == {person.id for person in october["later"]}  # never the other employer's
    overdue = client.get(f"{CHANGELIST}?due=registration:2026-10-09")
    assert {row.id for row in overdue.context["cl"].result_list} == {october["overdue"][0].id}
    stop = client.get(f"{CHANGELIST}?due=stop:2026-10-31")
    assert {row.id for row in stop.context["cl"].result_list} == {october["stop"][0].id}


@pytest.mark.parametrize(
    "value", ["registration:2026-10-32", "nonsense", "unconfirmed:2026-10-26", "stop:2026-10-26"]
)
def test_a_due_value_that_is_no_calendar_day_lists_nobody(
    frozen_today, october, clerk, client, value
):
    frozen_today(TODAY)
    client.force_login(clerk)
    listed = client.get(CHANGELIST, {"due": value})
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 0


def test_one_employer_chosen_narrows_the_counts_and_the_links(
    frozen_today, october, employer, clerk, client
):
    frozen_today(TODAY)
    second = EmployerFactory(name="Second Site Ltd")
    Membership.objects.create(user=clerk, employer=second, role=Membership.Role.CLERK)
    EmployeeFactory(employer=second, registration_deadline=on(26))
    both = calendar_page(client, clerk).content.decode()
    assert "registrations 3" in texts(cell(both, on(26)))
    assert "Second Site Ltd" in both  # in the selector: one of theirs
    one = calendar_page(client, clerk, f"?month=2026-10&employer={second.id}").content.decode()
    assert "registrations 1" in texts(cell(one, on(26)))
    assert f"employer__id__exact={second.id}" in cell(one, on(26))
    assert f"?month=2026-11&amp;employer={second.id}" in one  # the next month keeps the choice


def test_the_selector_lists_only_the_users_employers(frozen_today, elsewhere, clerk, client):
    frozen_today(TODAY)
    html = calendar_page(client, clerk).content.decode()
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(clerk.memberships.get().employer_id)]


def test_another_employers_id_is_not_found(frozen_today, elsewhere, clerk, client):
    frozen_today(TODAY)
    assert calendar_page(client, clerk, f"?employer={elsewhere.employer_id}").status_code == 404
    assert calendar_page(client, clerk, "?employer=abc").status_code == 404


@pytest.mark.parametrize(
    "month",
    ["2026-13", "2026-00", "October", "２０２６-10", "9999-12", "1989-12", "0000-01", "0001-01"],
)
def test_a_bad_month_is_refused_with_a_message(frozen_today, clerk, client, month):
    frozen_today(TODAY)
    page = calendar_page(client, clerk, f"?month={month}")
    assert page.status_code == 400
    assert "is not a month the calendar shows: write it as YYYY-MM" in page.content.decode()


def test_without_a_month_it_is_the_current_one(frozen_today, october, clerk, client):
    frozen_today(TODAY)
    html = calendar_page(client, clerk, "").content.decode()
    assert 'data-month="2026-10"' in html
    assert 'class="day today"' in cell(html, TODAY)  # a Thursday


def test_public_holidays_and_make_up_working_days_are_on_their_days(frozen_today, clerk, client):
    frozen_today(TODAY)
    html = calendar_page(client, clerk).content.decode()
    national_day = cell(html, on(1))
    assert "holiday" in national_day.split(">")[0]
    assert "National Day" in texts(national_day)
    assert "holiday" in cell(html, on(7)).split(">")[0]  # the week off, to the 7th
    assert "holiday" not in cell(html, on(8)).split(">")[0]
    made_up = cell(html, on(10))  # Saturday 10 October 2026 is worked
    assert "make-up" in made_up.split(">")[0]
    assert "make-up working day" in texts(made_up)
    assert "Provisional" not in html


def test_holiday_names_follow_the_language(frozen_today, clerk, client):
    frozen_today(TODAY)
    client.force_login(clerk)
    html = client.get(
        "/admin/calendar/?month=2026-10", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"
    ).content.decode()
    assert "国庆节" in texts(cell(html, on(1)))


def test_a_year_without_its_arrangement_is_marked_provisional(frozen_today, clerk, client):
    frozen_today(TODAY)
    assert not current_calendar().covers(2027)
    html = calendar_page(client, clerk, "?month=2027-01").content.decode()
    assert "arrangement for 2027 has not been entered yet" in html
    assert "New Year's Day" in texts(cell(html, datetime.date(2027, 1, 1)))  # fixed by law


def test_a_provisional_deadline_is_marked_on_its_count(frozen_today, employer, clerk, client):
    """Hired 2026-12-02: the last day 2027-01-01 is New Year's Day, so 2027-01-04 for now."""
    frozen_today(datetime.date(2026, 12, 20))
    EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 12, 2))
    html = calendar_page(client, clerk, "?month=2027-01").content.decode()
    assert "registrations 1 (provisional)" in texts(cell(html, datetime.date(2027, 1, 4)))


def test_the_ends_of_the_calendar_have_no_link_beyond(frozen_today, clerk, client):
    frozen_today(TODAY)
    first = calendar_page(client, clerk, "?month=1990-01").content.decode()
    assert 'class="previous"' not in first
    assert "?month=1990-02" in first
    last = calendar_page(client, clerk, "?month=2100-12").content.decode()
    assert 'class="next"' not in last


def test_the_page_costs_the_same_queries_for_many_employees(
    frozen_today, employer, clerk, client, django_assert_max_num_queries
):
    frozen_today(TODAY)
    client.force_login(clerk)
    EmployeeFactory(employer=employer, registration_deadline=on(20))
    # Most are the sidebar's (a membership check per model admin, on every admin page); the
    # month itself is one query per kind and the holiday calendar's version.
    with django_assert_max_num_queries(60) as few:
        client.get("/admin/calendar/?month=2026-10")
    for n in range(1, 31):
        EmployeeFactory(employer=employer, registration_deadline=on(n))
    with django_assert_max_num_queries(len(few)):
        html = client.get("/admin/calendar/?month=2026-10").content.decode()
    assert "registrations 2" in texts(cell(html, on(20)))


def test_the_landing_page_and_the_app_list_link_to_it(clerk, client):
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert html.count('href="/admin/calendar/"') >= 2  # above the table, and in the app list
    app = client.get("/admin/notifications/").content.decode()
    assert 'href="/admin/calendar/"' in app


def test_a_user_without_employers_is_told_so(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    page = client.get("/admin/calendar/")
    assert page.status_code == 200
    assert "not a member of any employer" in page.content.decode()


def test_the_calendar_needs_a_staff_sign_in(client):
    page = client.get("/admin/calendar/")
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/login/")


def test_a_viewer_sees_counts_not_people(frozen_today, october, employer, client):
    frozen_today(TODAY)
    viewer = member(Membership.Role.VIEWER, employer)
    html = calendar_page(client, viewer).content.decode()
    assert "registrations 2" in texts(cell(html, on(26)))
    assert october["later"][0].name not in html


def test_months_and_due_keys_parse_strictly():
    assert month_from(None, TODAY) == on(1)
    assert month_from("2026-02", TODAY) == datetime.date(2026, 2, 1)
    assert month_from("2026-2", TODAY) is None
    assert parse_due_key("transfer:2026-12-16") == ("transfer", datetime.date(2026, 12, 16))
    assert parse_due_key("transfer:2026-02-30") is None
