import csv
import datetime
import io

import pytest

from employees.models import Employee, Membership
from filings.models import Batch, Filing
from filings.services import batch_create
from tests.factories import member

pytestmark = pytest.mark.django_db
EMPLOYEES = "/admin/employees/employee/"
BATCHES = "/admin/filings/batch/"


def test_submitting_a_layoff_batch_asks_for_the_acknowledgement(client, employer, staff, clerk):
    batch = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[e.id for e in staff],
        kind="dissolve",
        reason="economic_layoff",
        effective_date=datetime.date(2026, 6, 30),
    )
    assert batch.layoff_warning  # 3 of 3
    client.force_login(clerk)
    body = {"action": "submit", "_selected_action": [str(batch.id)]}
    asked = client.post(BATCHES, body)
    assert asked.status_code == 200
    assert "art. 41" in asked.content.decode()
    assert not Filing.objects.filter(state="submitted").exists()

    refused = client.post(BATCHES, {**body, "apply": "1"})  # the box left unticked
    assert refused.status_code == 200
    assert not Filing.objects.filter(state="submitted").exists()

    client.post(BATCHES, {**body, "apply": "1", "acknowledge_layoff": "on"})
    assert Filing.objects.filter(state="submitted").count() == 3
    assert Batch.objects.get().layoff_acknowledged_by == clerk
    states = set(Employee.objects.values_list("registration_state", flat=True))
    assert states == {"stop_pending"}


def test_the_export_is_for_clerks_of_the_employer_only(client, employer, staff, clerk):
    batch = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[staff[0].id],
        kind="dissolve",
        reason="retirement",
        effective_date=datetime.date(2026, 6, 30),
    )
    url = f"{BATCHES}{batch.id}/export/csv/"
    client.force_login(clerk)
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][1] == staff[0].id_number
    client.force_login(member(Membership.Role.VIEWER, employer))
    assert client.get(url).status_code == 403
    client.force_login(member(Membership.Role.MANAGER))
    assert client.get(url).status_code == 404
    assert client.get(f"{BATCHES}{batch.id}/change/").status_code == 302  # not theirs


def test_the_batch_page_links_to_its_filings(client, employer, staff, clerk):
    batch = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[staff[0].id, staff[1].id],
        kind="dissolve",
        reason="retirement",
        effective_date=datetime.date(2026, 6, 30),
    )
    other = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[staff[2].id],
        kind="dissolve",
        reason="retirement",
        effective_date=datetime.date(2026, 6, 30),
    )
    client.force_login(clerk)
    assert (
        f"/admin/filings/filing/?batch={batch.id}"
        in client.get(f"{BATCHES}{batch.id}/change/").content.decode()
    )
    listed = client.get(f"/admin/filings/filing/?batch={batch.id}")
    assert listed.status_code == 200
    ids = {f.id for f in listed.context["cl"].result_list}
    assert ids == set(Filing.objects.filter(batch_row__batch=batch).values_list("id", flat=True))
    assert Filing.objects.get(batch_row__batch=other).id not in ids
    assert client.get("/admin/filings/filing/?batch=abc").status_code == 200


def test_odd_batch_filter_values_list_nothing_and_never_crash(client, clerk):
    client.force_login(clerk)
    for value in ["%C2%B2", "%E2%91%A0", "-1", "9" * 30]:
        response = client.get(f"/admin/filings/filing/?batch={value}")
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_a_batch_page_is_read_only_even_to_its_clerk(client, employer, staff, clerk):
    batch = batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[staff[0].id],
        kind="dissolve",
        reason="retirement",
        effective_date=datetime.date(2026, 6, 30),
    )
    client.force_login(clerk)
    page = client.get(f"{BATCHES}{batch.id}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"{BATCHES}{batch.id}/change/", {}).status_code == 403
