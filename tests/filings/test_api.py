import datetime

import pytest

from employees.models import Employee, Membership
from filings.models import Filing
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/filings/"


@pytest.fixture
def as_clerk(api, clerk):
    api.force_authenticate(clerk)
    return api


def test_the_seed_workflow_through_the_api(api, hired, clerk, manager):
    """Draft, submit, confirm: the state and every step are in the detail."""
    api.force_authenticate(clerk)
    created = api.post(URL, {"employee": hired.id, "kind": "register"}, format="json")
    assert created.status_code == 201, created.json()
    filing_id = created.json()["id"]
    assert created.json()["effective_date"] == str(hired.hire_date)
    assert api.post(f"{URL}{filing_id}/submit/", {"note": "sent"}, format="json").status_code == 200
    api.force_authenticate(manager)
    confirmed = api.post(f"{URL}{filing_id}/confirm/", {"agency_reference": "SH-9"}, format="json")
    assert confirmed.status_code == 200
    data = confirmed.json()
    assert (data["state"], data["agency_reference"]) == ("confirmed", "SH-9")
    assert [(e["from_state"], e["to_state"]) for e in data["events"]] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "confirmed"),
    ]
    assert Employee.objects.get(id=hired.id).registration_state == "registered"


def test_an_invalid_transition_is_a_409_with_the_current_state(as_clerk, hired):
    filing_id = as_clerk.post(
        URL, {"employee": hired.id, "kind": "register"}, format="json"
    ).json()["id"]
    as_clerk.post(f"{URL}{filing_id}/withdraw/", format="json")
    response = as_clerk.post(f"{URL}{filing_id}/submit/", format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["fields"] == {"state": ["withdrawn"]}


def test_a_dissolve_without_a_reason_is_a_400_on_reason(as_clerk, insured):
    body = {"employee": insured.id, "kind": "dissolve", "effective_date": "2026-06-30"}
    response = as_clerk.post(URL, body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert not Filing.objects.exists()


def test_a_date_before_1990_is_a_400_on_effective_date_as_in_the_admin(as_clerk, insured):
    """One rule for the API, batches and the admin form (filings.eligibility)."""
    body = {
        "employee": insured.id,
        "kind": "renew",
        "effective_date": "1989-12-31",
        "new_contract_end_date": "2032-01-01",
    }
    response = as_clerk.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["effective_date"][0] == "This date is before 1990; check it."
    batch = {"employer": insured.employer_id, "employee_ids": [insured.id], **body}
    del batch["employee"]
    refused = as_clerk.post("/api/batches/", batch, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["effective_date"]
    assert not Filing.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"new_contract_end_date": "9999-12-31"}, "new_contract_end_date"),
        ({"effective_date": "2031-01-01"}, "effective_date"),
    ],
)
def test_a_renewal_dated_far_ahead_is_refused_by_name(as_clerk, insured, fields, field):
    """Issue 14: 9999-12-31 was accepted and, once confirmed, became the contract end."""
    body = {
        "employee": insured.id,
        "kind": "renew",
        "effective_date": "2026-06-01",
        "new_contract_end_date": "2032-01-01",
        **fields,
    }
    response = as_clerk.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Filing.objects.exists()


def test_a_rejection_needs_the_agencys_reason(api, submitted_register, manager):
    api.force_authenticate(manager)
    response = api.post(f"{URL}{submitted_register.id}/reject/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]


def test_another_employers_filing_and_employee_are_invisible(as_clerk):
    """Their filing is a 404 for reads and transitions; their employee reads like a missing one."""
    foreign_employee = EmployeeFactory()
    other_clerk = member(Membership.Role.CLERK, foreign_employee.employer)
    foreign = Filing.objects.create(
        employer=foreign_employee.employer,
        employee=foreign_employee,
        kind="register",
        effective_date=foreign_employee.hire_date,
        created_by=other_clerk,
    )
    assert as_clerk.get(f"{URL}{foreign.id}/").status_code == 404
    assert as_clerk.post(f"{URL}{foreign.id}/withdraw/", format="json").status_code == 404
    assert Filing.objects.get(id=foreign.id).state == "draft"
    theirs = as_clerk.post(
        URL, {"employee": foreign_employee.id, "kind": "register"}, format="json"
    )
    missing = as_clerk.post(URL, {"employee": 99999999, "kind": "register"}, format="json")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json()["fields"]["employee"][0].replace(str(foreign_employee.id), "N") == (
        missing.json()["fields"]["employee"][0].replace("99999999", "N")
    )
    for query in ({"employee": foreign_employee.id}, {"employee": 99999999}):
        assert as_clerk.get(URL, query).status_code == 400


def test_a_viewer_may_read_but_not_draft(api, hired, employer):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(URL).status_code == 200
    response = api.post(URL, {"employee": hired.id, "kind": "register"}, format="json")
    assert response.status_code == 403
    assert not Filing.objects.exists()


def test_the_list_filters_and_runs_a_fixed_number_of_queries(
    as_clerk, employer, clerk, django_assert_max_num_queries
):
    from filings.services import filing_create_draft

    for _ in range(20):
        filing_create_draft(
            actor=clerk, employee=EmployeeFactory(employer=employer), kind="register"
        )
    with django_assert_max_num_queries(3):
        rows = as_clerk.get(URL, {"state": "draft", "kind": "register", "page_size": 50}).json()
    assert len(rows["results"]) == 20
    assert as_clerk.get(URL, {"state": "confirmed"}).json()["results"] == []
    assert datetime.date.fromisoformat(rows["results"][0]["effective_date"])
