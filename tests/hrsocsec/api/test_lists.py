"""Every list costs the same number of queries however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from employees.models import Membership
from tests.factories import member
from tests.hrsocsec.api.test_tenancy import one_of_everything

pytestmark = pytest.mark.django_db
LISTS = (
    "/api/employers/",
    "/api/memberships/",
    "/api/employees/",
    "/api/filings/",
    "/api/batches/",
    "/api/contribution-rules/",
    "/api/statements/",
    "/api/notifications/",
    "/api/deadlines/?within=366",
)


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    body = response.json()
    rows = len(body["results"]) if isinstance(body, dict) else len(body)
    return len(captured), rows


def test_each_list_runs_a_fixed_number_of_queries(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = one_of_everything(boss="boss-1", employer_name="First Ltd", person_name="Ann")
    reader = member(Membership.Role.VIEWER, first["employer"])
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(reader)
    small = {url: queries(client, url) for url in LISTS}
    second = one_of_everything(boss="boss-2", employer_name="Second Ltd", person_name="Bo")
    Membership.objects.create(user=reader, employer=second["employer"], role="viewer")
    reader.__dict__.pop("_hrsocsec_roles", None)
    large = {url: queries(client, url) for url in LISTS}
    for url in LISTS:
        assert large[url][1] > small[url][1], url  # more rows shown ...
        assert large[url][0] == small[url][0], url  # ... for the same queries


def test_an_unknown_parameter_on_any_list_is_a_400_naming_it(settings, tmp_path):
    """?id_number=... would otherwise be ignored, yet kept in every access log on the way: each
    list refuses a parameter it does not take, by name, and still takes its own."""
    settings.MEDIA_ROOT = tmp_path
    first = one_of_everything(boss="boss-1", employer_name="First Ltd", person_name="Ann")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(member(Membership.Role.MANAGER, first["employer"]))
    for url in (*LISTS, "/api/access-log/"):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}id_number=110105199005170011&page_size=5")
        assert response.status_code == 400, url
        assert list(response.json()["fields"]) == ["id_number"], url
        assert "no-store" in response["Cache-Control"], url
        assert client.get(f"{url}{joiner}page_size=5").status_code == 200, url
