"""The employee's page in Chromium, in English and in Chinese: the timeline of a whole
employment leads, in order, styled as a list with the days on the left; the record is folded
below it."""

import pytest
from django.utils.formats import date_format

from employees.models import Membership
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import log_in
from tests.employment_history import IN_ORDER, full_history
from tests.factories import EmployerFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# The day of each entry: the separation is recorded as the dissolve is filed.
STEPS = [
    "hired",
    "register_filed",
    "registered",
    "separation_filed",
    "separation_filed",
    "stopped",
    "notice_sent",
]


@pytest.fixture
def history(smtp_server):
    employer = EmployerFactory(name="Timeline Trading Ltd")
    clerk = member(Membership.Role.CLERK, employer, username="mei")
    manager = member(Membership.Role.MANAGER, employer)
    return full_history(employer, clerk, manager, name="Wu Fang")


def read_timeline(page):
    entries = page.locator("#timeline .timeline-entries").first.locator("li.timeline-entry")
    kinds = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
    days = entries.locator("time").all_inner_texts()
    return kinds, days


def test_the_employee_page_leads_with_the_timeline_in_english(page, history):
    log_in(page, "mei")
    page.goto(f"/admin/employees/employee/{history.employee.id}/change/")
    kinds, days = read_timeline(page)
    assert kinds == IN_ORDER
    assert days == [date_format(history.days[step]) for step in STEPS]  # "May 19, 2026"
    labels = page.locator("#timeline .timeline-label").all_inner_texts()
    assert labels[:3] == [
        "Hired",
        "Registration filed",
        "Registered: confirmed by the agency",
    ]
    deadline = page.locator("#timeline .timeline-deadlines li").first
    assert deadline.get_attribute("data-kind") == "transfer"
    assert "days left" in deadline.inner_text()
    # Above the form's fields, styled by its own sheet: the day in a column on the left.
    timeline_box = page.locator("#timeline").bounding_box()
    assert timeline_box["y"] < page.locator("fieldset").first.bounding_box()["y"]
    first = page.locator("#timeline li.timeline-entry").first
    assert first.evaluate("e => getComputedStyle(e).display") == "grid"
    day_box, what_box = first.locator("time").bounding_box(), first.locator(".timeline-what")
    assert day_box["x"] < what_box.bounding_box()["x"]
    # The record below, folded.
    assert page.locator("details").count() >= 3
    assert page.locator("details[open]").count() == 0
    snap(page, "employee-timeline-en")


def test_the_employee_page_leads_with_the_timeline_in_chinese(browser, live_server, history):
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "mei")
        page.goto(f"/admin/employees/employee/{history.employee.id}/change/")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        kinds, days = read_timeline(page)
        assert kinds == IN_ORDER
        hired = history.days["hired"]
        assert days[0] == f"{hired.year}年{hired.month}月{hired.day}日"  # as the admin writes it
        assert page.locator("#timeline .timeline-label").first.inner_text() == "入职"
        snap(page, "employee-timeline-zh-hans")
    finally:
        context.close()
