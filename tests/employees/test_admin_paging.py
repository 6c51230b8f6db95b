"""The employee list counts its rows up to a limit (employees.admin.paging): beyond it, "more
than", and the pages go that far."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.admin.employees import EmployeeAdmin
from employees.admin.paging import CappedPaginator
from employees.models import Membership
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
LIST = "/admin/employees/employee/"


@pytest.fixture
def small_pages(monkeypatch):
    """Two rows a page, at most four counted."""
    monkeypatch.setattr(EmployeeAdmin, "list_per_page", 2)
    monkeypatch.setattr(CappedPaginator, "at_most", 4)


def page(client, employer, **query):
    client.force_login(member(Membership.Role.CLERK, employer))
    response = client.get(LIST, query)
    assert response.status_code == 200
    return response


def test_more_rows_than_counted_say_more_than(client, employer, small_pages):
    EmployeeFactory.create_batch(5, employer=employer, name="张伟")
    response = page(client, employer)
    cl = response.context["cl"]
    assert (cl.paginator.capped, cl.result_count, cl.paginator.num_pages) == (True, 4, 2)
    html = response.content.decode()
    assert "more than 4 employees" in html
    assert html.count("4 employees") == html.count("more than 4 employees")
    assert response.context["selection_note_all"] == "All of the more than 4 selected"
    assert "Select all of the more than 4 employees" in html


def test_a_search_beyond_the_count_says_more_than_results(client, employer, small_pages):
    EmployeeFactory.create_batch(5, employer=employer, name="张伟")
    html = page(client, employer, q="张伟").content.decode()
    assert "more than 4 results" in html


def test_as_many_rows_as_counted_are_counted_exactly(client, employer, small_pages):
    EmployeeFactory.create_batch(4, employer=employer)
    response = page(client, employer)
    cl = response.context["cl"]
    assert (cl.paginator.capped, cl.result_count) == (False, 4)
    html = response.content.decode()
    assert "4 employees" in html
    assert "more than" not in html


def test_the_last_counted_page_holds_its_rows(client, employer, small_pages):
    """Page 2 of two, rows 3 and 4 of five: full, in the list's order (newest first here)."""
    people = EmployeeFactory.create_batch(5, employer=employer, registration_state="registered")
    response = page(client, employer, p=2)
    shown = [e.id for e in response.context["cl"].result_list]
    assert shown == [people[2].id, people[1].id]


def test_the_count_stops_after_one_row_more_than_it_shows(client, employer, small_pages):
    EmployeeFactory.create_batch(5, employer=employer)
    client.force_login(member(Membership.Role.CLERK, employer))
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    sent = [q["sql"] for q in queries.captured_queries]
    counts = [sql for sql in sent if "COUNT(" in sql.upper() and '"employees_employee"' in sql]
    assert counts
    assert all("LIMIT 5" in sql and "ORDER BY" not in sql for sql in counts)


def test_a_chinese_clerk_reads_more_than_in_chinese(employer, small_pages):
    from django.test import Client

    EmployeeFactory.create_batch(5, employer=employer, name="张伟")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(member(Membership.Role.CLERK, employer))
    html = client.get(LIST).content.decode()
    assert "超过 4 个员工" in html
    assert "选择全部（超过 4 个）员工" in html
    assert "more than" not in html
    assert "超过 4 条结果" in client.get(LIST, {"q": "张伟"}).content.decode()
