"""Crafted input an attacker sends is a 4xx in the one error shape, never a 500 (issue 14): a
cursor whose position is not an id, a JSON body nested past the decoder's depth, an admin
filter month with no month after it."""

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employees.models import Membership
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
CURSOR_LISTS = ("/api/employees/", "/api/filings/", "/api/batches/", "/api/notifications/")


@pytest.fixture
def manager_api(api, employer):
    api.force_authenticate(member(Membership.Role.MANAGER, employer))
    return api


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize("raw", ["p=x", "p=1e999", "p=%00", "p=-1", f"p={2**63}", "p=1.5"])
def test_a_crafted_cursor_is_a_400_naming_it(manager_api, url, raw):
    response = manager_api.get(url, {"cursor": cursor(raw)})
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid"
    assert "cursor" in response.json()["fields"]


def test_a_real_cursor_still_walks_the_list(manager_api, employer):
    for _ in range(3):
        EmployeeFactory(employer=employer)
    first = manager_api.get("/api/employees/", {"page_size": 2}).json()
    second = manager_api.get(first["next"]).json()
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1


def test_a_body_nested_100000_deep_is_a_400(manager_api, employer):
    body = "[" * 100_000 + "]" * 100_000
    response = manager_api.post("/api/employees/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["message"]
    ok = json.dumps({"employer": employer.id})  # an ordinary bad body: named fields, as before
    assert (
        manager_api.post("/api/employees/", ok, content_type="application/json").status_code == 400
    )


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "2026-13", "x", "9999-11"])
def test_an_admin_month_filter_out_of_range_shows_nobody(client, clerk, employer, month):
    EmployeeFactory(employer=employer)
    client.force_login(clerk)
    response = client.get("/admin/employees/employee/", {"hired": month})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(position=st.text(max_size=40), url=st.sampled_from(CURSOR_LISTS))
def test_any_cursor_position_is_a_page_or_a_400(manager_api, position, url):
    """Generated: a cursor of any position text, on every cursor-paginated list."""
    response = manager_api.get(url, {"cursor": cursor(f"p={position}")})
    assert response.status_code in (200, 400), (url, position, response.content[:200])


@FUZZ
@given(month=st.text(max_size=12))
def test_any_admin_month_filter_is_a_page(client, clerk, month):
    """Generated: whatever the month filter says, the list answers (nobody, or the month's), or
    a NUL character is refused as every request with one is."""
    client.force_login(clerk)
    response = client.get("/admin/employees/employee/", {"hired": month})
    assert response.status_code == (400 if "\x00" in month else 200)


@FUZZ
@given(depth=st.integers(min_value=1, max_value=200_000))
def test_any_nesting_depth_is_parsed_or_a_400(manager_api, depth):
    body = "[" * depth + "]" * depth
    response = manager_api.post("/api/employees/", body, content_type="application/json")
    assert response.status_code == 400
