"""The deadline calendar in Chromium: October 2026 with National Day on its days and a
registration due on the 26th, a click through to that employee, in English and in Chinese, at
1366 px with nothing cut off."""

import datetime

import pytest

from employees.models import Membership
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import log_in
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DUE_ON = datetime.date(2026, 10, 26)
CALENDAR = "/admin/calendar/?month=2026-10"


@pytest.fixture
def due_in_october():
    employer = EmployerFactory(name="Harbour Logistics Ltd")
    member(Membership.Role.CLERK, employer, username="he")
    person = EmployeeFactory(employer=employer, name="Qian Li", registration_deadline=DUE_ON)
    EmployeeFactory(employer=EmployerFactory(), name="Not Theirs", registration_deadline=DUE_ON)
    return person


def fits_the_window(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_holiday_and_the_due_registration_on_their_days(page, due_in_october):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "he")
    page.goto(CALENDAR)
    national_day = page.locator("td[data-date='2026-10-01']")
    assert "holiday" in national_day.get_attribute("class").split()
    assert "National Day" in national_day.inner_text()
    assert "make-up" in page.locator("td[data-date='2026-10-10']").get_attribute("class").split()
    due = page.locator(f"td[data-date='{DUE_ON}'] li[data-kind='registration']")
    assert " ".join(due.inner_text().split()) == "registrations 1"  # not the other employer's
    assert fits_the_window(page)
    snap(page, "calendar")

    due.locator("a").click()
    page.wait_for_url(f"**/admin/employees/employee/?due=registration:{DUE_ON}**")
    names = page.locator("#result_list tbody tr th a").all_inner_texts()
    assert names == [due_in_october.name]


def test_the_calendar_in_chinese(browser, live_server, due_in_october):
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 1366, "height": 900},
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "he")
        page.goto(CALENDAR)
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        assert "国庆节" in page.locator("td[data-date='2026-10-01']").inner_text()
        due = page.locator(f"td[data-date='{DUE_ON}'] li[data-kind='registration'] strong")
        assert due.inner_text() == "1"
        assert "星期一" in page.locator(".calendar-grid thead th").first.inner_text()
        assert fits_the_window(page)
        snap(page, "calendar-zh-hans")
    finally:
        context.close()
