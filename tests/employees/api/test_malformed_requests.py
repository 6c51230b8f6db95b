import pytest

from employees.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_api(api):
    api.force_authenticate(member(Membership.Role.CLERK))
    return api


def test_anonymous_requests_are_401_with_the_error_shape(api):
    response = api.get("/api/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/employees/abc/", 404),
        ("/api/employees/99999999999999999999999/", 404),
        ("/api/employees/-1/", 404),
        ("/api/employers/1.5/", 404),
        ("/api/regions/31/", 404),
    ],
)
def test_malformed_ids_in_the_path_are_404(clerk_api, path, status):
    assert clerk_api.get(path).status_code == status


def test_broken_json_is_a_400(clerk_api):
    response = clerk_api.post("/api/employees/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_json_array_body_is_a_400(clerk_api):
    response = clerk_api.post("/api/employees/", [1, 2], format="json")
    assert response.status_code == 400


def test_an_unsupported_media_type_is_a_415(clerk_api):
    response = clerk_api.post("/api/employees/", "x", content_type="text/plain")
    assert response.status_code == 415


def test_delete_is_not_allowed(clerk_api):
    """Nothing is hard-deleted, so DELETE is not a method of the API."""
    assert clerk_api.delete("/api/employees/1/").status_code == 405


def test_errors_come_in_chinese_unless_the_client_asks_otherwise():
    """Without Accept-Language the default language, zh-hans, is used for messages."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(member(Membership.Role.CLERK))
    response = client.get("/api/employees/", {"deadline_before": "x"})
    assert response.status_code == 400
    assert "日期" in response.json()["fields"]["deadline_before"][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/employees/?name=%00",
        "/api/employees/?registration_state=%00",
        "/api/employees/?employer=1%00",
        "/admin/employees/employee/?q=%00",
        "/api/regions/%00/",
    ],
)
def test_a_nul_character_anywhere_in_the_url_is_a_400(clerk_api, url):
    """PostgreSQL cannot hold NUL; it is refused before any query."""
    response = clerk_api.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("region", ["\x00", "31000", "3100000", 310000, None, ["310000"], "abcdef"])
def test_a_malformed_region_code_is_a_field_error(api, region):
    """A region code that is not 6 digits is refused before the database is asked."""
    from tests.factories import UserFactory, make_credit_code

    api.force_authenticate(UserFactory(is_superuser=True))  # the operator creates employers
    body = {"name": "Co", "credit_code": make_credit_code(), "region": region, "hr_emails": []}
    response = api.post("/api/employers/", body, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["fields"]
