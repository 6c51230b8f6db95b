"""The employee's admin page leads with the employment's timeline, above the form; the record
(the inlines) stays below it, folded."""

import re

import pytest
from django.test import Client
from django.utils.formats import date_format

from employees.models import Membership
from employees.timeline import timeline_of
from filings.services import filing_create_draft
from tests.employment_history import IN_ORDER, WAGE, full_history
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db
# The page's queries, the timeline's own included: measured, with a little room.
PAGE_QUERIES = 60
TIMELINE_QUERIES = 11


def page_of(client, user, employee, **headers):
    client.force_login(user)
    response = client.get(f"/admin/employees/employee/{employee.id}/change/", **headers)
    return response, response.content.decode()


def timeline_html(html: str) -> str:
    return html[html.index('<section id="timeline"') : html.index("</section>")]


@pytest.fixture
def history(employer, clerk, manager, smtp_server):
    return full_history(employer, clerk, manager)


def test_the_page_leads_with_the_timeline_in_order(client, clerk, history):
    response, html = page_of(client, clerk, history.employee)
    assert response.status_code == 200
    assert html.index('id="timeline"') < html.index("fieldset")  # above the form's fields
    part = timeline_html(html)
    kinds = re.findall(r'data-kind="([a-z_]+)"', part)
    assert kinds == [*IN_ORDER, "transfer"]  # the deadline at the end
    assert f'datetime="{history.days["hired"]}"' in part
    assert f">{date_format(history.days['hired'])}</time>" in part  # as the page's other dates
    assert "Registered: confirmed by the agency" in part
    assert "SH-2026-0107" in part
    assert f"by {clerk.username}" in part
    assert "Certificate and transfer due" in part
    assert re.search(r"\d+ days left", part)


def test_the_record_stays_below_folded(client, clerk, history):
    _response, html = page_of(client, clerk, history.employee)
    after = html[html.index("</section>") :]
    assert "<details>" in after  # the inlines, collapsed
    assert "notifications sent to the employee" in after.lower()
    assert f"/admin/filings/filing/{history.register.id}/change/" in after


def test_the_page_takes_as_many_queries_for_a_long_history_as_for_a_new_hire(
    client, clerk, employer, history, hired, django_assert_max_num_queries
):
    """No provider, nor inline, reads row by row."""
    client.force_login(clerk)
    client.get(f"/admin/employees/employee/{hired.id}/change/")  # Django's caches filled
    counts = []
    for person in (hired, history.employee):
        with django_assert_max_num_queries(PAGE_QUERIES) as queries:
            response = client.get(f"/admin/employees/employee/{person.id}/change/")
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_the_timeline_takes_a_fixed_number_of_queries(
    clerk, history, hired, django_assert_num_queries
):
    """One for the employee's events, two for the filings, one for the notices, and what
    notifications.due asks for one employee (a query per kind, the calendar's version)."""
    for person in (hired, history.employee):
        with django_assert_num_queries(TIMELINE_QUERIES):
            timeline_of(person, clerk)


def test_a_viewer_sees_the_timeline_and_no_wage_nor_id_number(employer, history):
    viewer = member(Membership.Role.VIEWER, employer)
    _response, html = page_of(Client(HTTP_ACCEPT_LANGUAGE="en"), viewer, history.employee)
    part = timeline_html(html)
    assert re.findall(r'data-kind="([a-z_]+)"', part)[: len(IN_ORDER)] == IN_ORDER
    assert str(WAGE) not in html
    assert "23,456" not in html
    assert history.employee.id_number not in html


def test_another_employers_clerk_gets_nothing(history):
    stranger = member(Membership.Role.CLERK, EmployerFactory(name="Rival Ltd"))
    response, html = page_of(Client(HTTP_ACCEPT_LANGUAGE="en"), stranger, history.employee)
    assert response.status_code in (302, 404)
    assert 'id="timeline"' not in html
    assert "SH-2026-0042" not in html


def test_the_timeline_shows_only_this_employees_filings(client, clerk, employer, history, hired):
    filing_create_draft(actor=clerk, employee=hired, kind="register")
    _response, html = page_of(client, clerk, hired)
    kinds = re.findall(r'data-kind="([a-z_]+)"', timeline_html(html))
    assert kinds == ["hired", "registration"]  # the draft is not an act; the deadline is


def test_in_chinese_the_dates_are_written_as_the_admin_writes_them(clerk, history):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    _response, html = page_of(client, clerk, history.employee)
    part = timeline_html(html)
    assert "入职" in part  # "hired", translated already
    hired = history.days["hired"]
    assert f">{hired.year}年{hired.month}月{hired.day}日</time>" in part  # as 登记截止日 is
