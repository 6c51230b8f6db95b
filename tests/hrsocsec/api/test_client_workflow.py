"""An integrator's client, driven by the schema alone: each call is found by its operationId
(as a generated client names its methods), its path filled from the schema's template, and a
whole workflow runs through it: hire, register, confirm, separate, stop, then the deadlines
and the filing's history."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from employees.models import Membership
from tests.factories import EmployerFactory, make_id_number, member

pytestmark = pytest.mark.django_db


class SchemaClient:
    def __init__(self, user):
        self.http = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        self.http.force_authenticate(user)
        schema = self.http.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.operations = {
            op["operationId"]: (method, path)
            for path, item in schema.json()["paths"].items()
            for method, op in item.items()
            if isinstance(op, dict) and "operationId" in op
        }

    def call(self, operation_id: str, body=None, expect=200, **path_params):
        method, template = self.operations[operation_id]
        path = re.sub(r"\{(\w+)\}", lambda m: str(path_params[m.group(1)]), template)
        headers = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())} if method == "post" else {}
        response = getattr(self.http, method)(path, body, format="json", **headers)
        assert response.status_code == expect, (operation_id, response.content[:300])
        return response.json()


def test_a_whole_workflow_through_the_schemas_operations():
    employer = EmployerFactory()
    clerk = SchemaClient(member(Membership.Role.CLERK, employer))
    manager = SchemaClient(member(Membership.Role.MANAGER, employer))
    today = timezone.localdate()
    hired = clerk.call(
        "employees_create",
        {
            "employer": employer.id,
            "name": "林小雨",
            "id_number": make_id_number(datetime.date(1995, 2, 3)),
            "language": "en",
            "hire_date": today.isoformat(),
            "monthly_wage": "12000.00",
        },
        expect=201,
    )
    register = clerk.call("filings_create", {"employee": hired["id"], "kind": "register"}, 201)
    clerk.call("filings_submit_create", {}, id=register["id"])
    manager.call("filings_confirm_create", {"agency_reference": "SH-1"}, id=register["id"])
    assert clerk.call("employees_retrieve", id=hired["id"])["registration_state"] == "registered"

    leaving = (today + datetime.timedelta(days=10)).isoformat()
    dissolve = clerk.call(
        "employees_separate_create",
        {"separation_date": leaving, "reason": "mutual_agreement"},
        201,
        id=hired["id"],
    )
    clerk.call("filings_submit_create", {}, id=dissolve["id"])
    manager.call("filings_confirm_create", {}, id=dissolve["id"])
    assert clerk.call("employees_retrieve", id=hired["id"])["registration_state"] == "stopped"
    history = clerk.call("filings_retrieve", id=dissolve["id"])["events"]
    assert [e["to_state"] for e in history] == ["draft", "submitted", "confirmed"]
    members = manager.call("memberships_list", None)["results"]
    assert {m["role"] for m in members} == {"clerk", "manager"}
