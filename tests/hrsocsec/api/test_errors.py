"""hrsocsec.api.errors and friends: whatever reaches /api/, the answer is the one JSON shape."""

import re

import pytest

from employees.models import Membership
from tests.factories import EmployerFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(api):
    api.force_authenticate(member(Membership.Role.MANAGER, EmployerFactory()))
    return api


def shape(response) -> dict:
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


def test_an_unknown_api_url_is_a_json_404(manager_api):
    response = manager_api.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert shape(response)["code"] == "not_found"


def test_a_dotted_id_is_a_404_not_a_server_error(manager_api):
    """The router's format suffixes once made /vouchers/0.5/ a crash."""
    response = manager_api.get("/api/filings/1/vouchers/0.5/")
    assert response.status_code == 404
    assert shape(response)["code"] == "not_found"


def test_too_many_form_fields_are_a_json_400(manager_api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    body = "&".join(f"employee_ids={n}" for n in range(10))
    response = manager_api.post(
        "/api/batches/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert shape(response)["code"] == "bad_request"


def test_a_body_over_the_cap_is_a_413_and_changes_nothing(manager_api, settings):
    from employees.models import Employee

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = manager_api.post("/api/employees/", {"name": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert shape(response)["code"] == "too_large"
    assert not Employee.objects.exists()


def test_rule_lines_that_are_not_a_list_are_named(manager_api):
    response = manager_api.post(
        "/api/contribution-rules/",
        {"region": "310000", "valid_from": "2027-01-01", "source": "x", "lines": "pension"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "lines" in shape(response)["fields"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/employees/?hired_before=", "hired_before"),
        ("/api/statements/?month=", "month"),
        ("/api/statements/?page=0", "page"),
        ("/api/statements/?page=abc", "page"),
        ("/api/filings/?page_size=201", "page_size"),
        ("/api/filings/?cursor=forged", "cursor"),
    ],
)
def test_an_empty_filter_or_a_bad_page_is_a_field_error(manager_api, url, field):
    response = manager_api.get(url)
    assert response.status_code == 400
    assert field in shape(response)["fields"]


def test_a_page_past_the_last_is_a_404(manager_api):
    assert manager_api.get("/api/statements/?page=99").status_code == 404


def test_a_long_list_is_walked_by_its_next_links(api):
    from tests.factories import EmployeeFactory

    employer = EmployerFactory()
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    made = {e.id for e in EmployeeFactory.create_batch(7, employer=employer)}
    seen, url = [], "/api/employees/?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(made, reverse=True)  # newest first, each once


@pytest.mark.parametrize(
    ("body", "charset", "english", "chinese"),
    [
        (b'{"name": ', "utf-8", "line 1, column 10", "第 1 行第 10 列"),
        (b'{"x": NaN}', "utf-8", "no NaN or Infinity", "NaN"),
        (b"\xff\xfe", "utf-8", "no NaN or Infinity", "UTF-8"),
        (b"{}", "bz2_codec", "send UTF-8", "UTF-8"),
    ],
)
def test_a_body_that_is_not_json_is_said_in_the_callers_language(
    manager_api, body, charset, english, chinese
):
    """DRF would answer the decoder's English ("JSON parse error - Expecting value") to a
    Chinese client as well."""
    content_type = f"application/json; charset={charset}"
    answer = shape(manager_api.post("/api/memberships/", body, content_type=content_type))
    assert english in answer["message"]
    assert "Expecting" not in answer["message"]
    chinese_answer = manager_api.post(
        "/api/memberships/", body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    message = shape(chinese_answer)["message"]
    assert chinese in message
    assert re.search(r"[\u4e00-\u9fff]", message)


def test_an_unknown_api_url_is_the_json_404_under_debug_too(manager_api, settings):
    settings.DEBUG = True  # Django's own 404 page would be HTML
    response = manager_api.get("/api/no-such-thing/at/all/")
    assert response.status_code == 404
    assert shape(response)["code"] == "not_found"
    assert manager_api.get("/api/employees").status_code == 301  # the slash is still added


def test_a_bearer_token_is_told_the_scheme_is_token(api):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=member(Membership.Role.CLERK))
    response = api.get("/api/employees/", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 401
    assert "Authorization: Token <key>" in shape(response)["message"]
    assert api.get("/api/employees/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
