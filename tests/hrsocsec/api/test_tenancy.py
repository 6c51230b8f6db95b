"""Every route and method of the API, called by a manager of another employer with this
employer's ids in the path, the body and the filters: a 404 or a field error every time, never a
row of this employer, and nothing of it changed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from contributions.models import ContributionRule, MonthlyStatement
from contributions.services import statements_compute
from employees.models import Employee, Membership
from filings.models import Batch, Filing
from filings.services import (
    batch_create,
    filing_confirm,
    filing_create_draft,
    filing_submit,
    voucher_attach,
)
from notifications.models import Notification
from tests.contributions.test_services import PENSION, own_rule
from tests.factories import EmployeeFactory, EmployerFactory, member
from tests.filings.files import pdf_bytes

pytestmark = pytest.mark.django_db
SECRET_NAME = "诸葛秘密"  # this employer's employee: must never show up in a response
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def theirs(settings, tmp_path):
    """One of everything at an employer the caller is not in."""
    settings.MEDIA_ROOT = tmp_path
    return one_of_everything(boss="their-boss", employer_name="秘密雇主有限公司")


def one_of_everything(*, boss: str, employer_name: str, person_name: str = SECRET_NAME) -> dict:
    """An employer with a manager, an insured employee with a statement and a notice, a
    confirmed register with a voucher, a batch and a rule of its own."""
    employer = EmployerFactory(name=employer_name)
    manager = member(Membership.Role.MANAGER, employer, username=boss)
    person = EmployeeFactory(employer=employer, name=person_name, email=f"{boss}@example.com")
    draft = filing_create_draft(actor=manager, employee=person, kind="register")
    filing_submit(actor=manager, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    rule = own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1))
    statements_compute(datetime.date(2026, 4, 1), [person.id])
    other = EmployeeFactory(employer=employer)
    batch = batch_create(
        actor=manager, employer_id=employer.id, employee_ids=[other.id], kind="register"
    )
    upload = SimpleUploadedFile("v.pdf", pdf_bytes(), content_type="application/pdf")
    voucher = voucher_attach(actor=manager, filing_id=draft.id, kind="other", upload=upload)
    notification = Notification.objects.create(
        kind="payment_notice",
        recipient=person.email,
        subject_key=f"employee:{person.id}",
        period="2026-04",
        employer=employer,
        employee=person,
        language="en",
    )
    return {
        "employer": employer,
        "employee": person,
        "filing": draft,
        "rule": rule,
        "statement": MonthlyStatement.objects.get(employee=person),
        "batch": batch,
        "voucher": voucher,
        "notification": notification,
        "membership": Membership.objects.get(user=manager),
    }


@pytest.fixture
def intruder():
    """A manager (the highest role) of an employer of their own."""
    own = EmployerFactory()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(member(Membership.Role.MANAGER, own, username="intruder"))
    return client


def path_ids(theirs) -> dict[str, int]:
    return {
        "/api/batches/": theirs["batch"].id,
        "/api/contribution-rules/": theirs["rule"].id,
        "/api/employees/": theirs["employee"].id,
        "/api/employers/": theirs["employer"].id,
        "/api/filings/": theirs["filing"].id,
        "/api/memberships/": theirs["membership"].id,
        "/api/notifications/": theirs["notification"].id,
        "/api/statements/": theirs["statement"].id,
    }


def their_body(theirs) -> dict:
    """Every id field the API takes, set to theirs."""
    employee = theirs["employee"]
    return {
        "employer": theirs["employer"].id,
        "employee": employee.id,
        "employee_ids": [employee.id],
        "username": "their-boss",
        "role": "viewer",
        "kind": "register",
        "reason": "mutual_agreement",
        "effective_date": "2026-05-01",
        "separation_date": "2026-05-01",
        "region": theirs["employer"].region_id,
        "valid_from": "2027-01-01",
        "valid_until": "2027-12-31",
        "lines": [PENSION],
        "source": "x",
        "name": "X",
        "id_number": "110105199005170512",
        "hire_date": "2026-05-01",
        "credit_code": "91310000MA1FL0000X",
        "hr_emails": [],
    }


def routes(schema) -> list[tuple[str, str]]:
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            # Regions and the holiday calendar are the installation's, shared by every tenant.
            if method in item and not path.startswith(("/api/regions/", "/api/calendar/")):
                found.append((path, method))
    return found


def concrete(path: str, ids: dict, theirs) -> str:
    prefix = next((p for p in ids if path.startswith(p)), None)
    if prefix is not None:
        path = path.replace("{id}", str(ids[prefix]))
    return path.replace("{voucher_id}", str(theirs["voucher"].id)).replace("{fmt}", "csv")


def snapshot(theirs) -> dict:
    employer = theirs["employer"]
    return {
        "employees": list(Employee.objects.filter(employer=employer).values().order_by("id")),
        "filings": list(Filing.objects.filter(employer=employer).values().order_by("id")),
        "memberships": list(Membership.objects.filter(employer=employer).values()),
        "rules": list(ContributionRule.objects.filter(employer=employer).values()),
        "batches": list(Batch.objects.filter(employer=employer).values()),
        "vouchers": theirs["filing"].vouchers.count(),
        "employer": type(employer).objects.filter(id=employer.id).values().get(),
    }


def test_no_route_lets_another_employers_manager_see_or_touch_anything(theirs, intruder):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = schema.json()
    ids, body = path_ids(theirs), their_body(theirs)
    before = snapshot(theirs)
    leaks, walked = [], 0
    for path, method in routes(schema):
        url = concrete(path, ids, theirs)
        assert "{" not in url, url  # every path parameter has one of theirs
        if method == "get":
            query = {"employer": theirs["employer"].id, "employee": theirs["employee"].id}
            response = intruder.get(url, query if "{" not in path else None)
        else:
            response = getattr(intruder, method)(url, body, format="json")
        walked += 1
        text = response.content.decode(errors="replace")
        status = response.status_code
        if status >= 500 or SECRET_NAME in text or "秘密雇主" in text:
            leaks.append((method, url, status, text[:200]))
        elif status == 200 and method == "get" and "{" not in path:
            results = response.json()
            rows = results.get("results", results) if isinstance(results, dict) else results
            theirs_id = theirs["employer"].id
            if any(row.get("employer", row.get("id")) == theirs_id for row in rows):
                leaks.append((method, url, status, "a row of theirs"))
        elif (method, path) == ("post", "/api/employers/") and status == 403:
            pass  # creating employers is the operator's (EMPLOYER_SELF_SERVICE off)
        elif status not in (400, 404):
            leaks.append((method, url, status, text[:200]))
        elif status == 400:
            fields = response.json()["fields"]
            if not fields:
                leaks.append((method, url, status, "a 400 without the field"))
    assert walked >= 40
    assert leaks == []
    assert snapshot(theirs) == before


def test_their_ids_as_list_filters_are_field_errors(theirs, intruder):
    for url in ("/api/employees/", "/api/filings/", "/api/batches/", "/api/statements/"):
        response = intruder.get(url, {"employer": theirs["employer"].id})
        assert response.status_code == 400, url
        assert "employer" in response.json()["fields"], url
