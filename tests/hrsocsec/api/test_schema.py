"""hrsocsec.api.schema: the OpenAPI document an integrator generates a client from."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from hrsocsec.api.idempotency import IdempotentMixin
from hrsocsec.urls import router

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_the_schema_validates_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("400", "401", "403"):
            assert code in responses, (method, path, code)
        if method != "get":
            assert {"404", "409"} <= set(responses), (method, path)
        error = responses["400"]["content"]["application/json"]["schema"]["$ref"]
        assert error.endswith("/Error"), (method, path, error)
    fields = schema["components"]["schemas"]["Error"]["properties"]
    assert set(fields) == {"code", "message", "fields"}


def test_every_post_takes_an_idempotency_key(schema):
    posts = [(path, op) for path, method, op in operations(schema) if method == "post"]
    assert len(posts) >= 10
    for path, operation in posts:
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in names, path
        assert "422" in operation["responses"], path


def test_every_view_that_takes_a_post_honours_the_key():
    for _prefix, viewset, _basename in router.registry:
        methods = getattr(viewset, "http_method_names", [])
        creates = hasattr(viewset, "create") or any(
            "post" in getattr(getattr(viewset, name), "mapping", {})
            for name in dir(viewset)
            if hasattr(getattr(viewset, name, None), "mapping")
        )
        if "post" in methods and creates:
            assert issubclass(viewset, IdempotentMixin), viewset.__name__


def test_the_docs_page_is_served_without_a_cdn(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    script = client.get("/api/docs/?script=")
    assert "/api/schema/" in script.content.decode()
