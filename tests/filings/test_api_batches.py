import csv
import io

import openpyxl
import pytest

from employees.models import Employee, IdNumberRead, Membership
from employees.workflow import RegistrationState as S
from filings.models import Batch, Filing
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/batches/"


@pytest.fixture
def staff(employer):
    return EmployeeFactory.create_batch(4, employer=employer, registration_state=S.REGISTERED)


def dissolve_body(employer, ids, **fields):
    return {
        "employer": employer.id,
        "employee_ids": ids,
        "kind": "dissolve",
        "reason": "mutual_agreement",
        "effective_date": "2026-06-30",
        **fields,
    }


def test_the_seed_workflow_many_at_once(api, employer, staff, clerk, manager):
    """Tick the people, pick the reason and the date, save; submit; the agency decides each."""
    unregistered = EmployeeFactory(employer=employer)
    api.force_authenticate(clerk)
    ids = [e.id for e in staff] + [unregistered.id]
    created = api.post(URL, dissolve_body(employer, ids), format="json")
    assert created.status_code == 201, created.json()
    batch = created.json()
    assert batch["counts"]["rows"] == {"created": 4, "refused": 1}
    refused = [row for row in batch["rows"] if row["outcome"] == "refused"]
    assert [row["employee"] for row in refused] == [unregistered.id]
    assert "employee" in refused[0]["errors"]
    assert refused[0]["id_number"] != unregistered.id_number  # masked in the rows

    submitted = api.post(f"{URL}{batch['id']}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["submitted"] == 4
    assert submitted.json()["batch"]["counts"]["filings"]["submitted"] == 4

    api.force_authenticate(manager)
    filing_ids = [row["filing"] for row in batch["rows"] if row["filing"]]
    confirm = api.post(f"/api/filings/{filing_ids[0]}/confirm/", {}, format="json")
    reject = api.post(f"/api/filings/{filing_ids[1]}/reject/", {"reason": "x"}, format="json")
    assert (confirm.status_code, reject.status_code) == (200, 200)
    detail = api.get(f"{URL}{batch['id']}/").json()
    assert detail["counts"]["filings"] == {
        "draft": 0,
        "submitted": 2,
        "confirmed": 1,
        "rejected": 1,
        "withdrawn": 0,
    }
    states = dict(Employee.objects.filter(id__in=ids).values_list("id", "registration_state"))
    assert states[staff[0].id] == "stopped"
    assert states[staff[1].id] == "registered"  # rejected: still insured
    assert states[staff[2].id] == "stop_pending"


def test_another_employers_id_inside_the_list_is_a_404_and_creates_nothing(api, employer, staff):
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    other = EmployeeFactory(employer=EmployerFactory(), registration_state=S.REGISTERED)
    response = api.post(URL, dissolve_body(employer, [staff[0].id, other.id]), format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Batch.objects.exists()


def test_another_employers_batch_is_a_404_everywhere(api, employer, staff, clerk):
    api.force_authenticate(clerk)
    batch_id = api.post(URL, dissolve_body(employer, [staff[0].id]), format="json").json()["id"]
    api.force_authenticate(member(Membership.Role.MANAGER, EmployerFactory()))
    assert api.get(f"{URL}{batch_id}/").status_code == 404
    assert api.post(f"{URL}{batch_id}/submit/", {}, format="json").status_code == 404
    assert api.get(f"{URL}{batch_id}/export/csv/").status_code == 404
    assert api.get(URL).json()["results"] == []
    assert api.post(URL, dissolve_body(employer, [staff[0].id]), format="json").status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employee_ids": "1,2"}, "employee_ids"),
        ({"employee_ids": ["x"]}, "employee_ids"),
        ({"employee_ids": [0]}, "employee_ids"),
        ({"employee_ids": [2**70]}, "employee_ids"),
        ({"employee_ids": []}, "employee_ids"),
        ({"kind": "fire"}, "kind"),
        ({"reason": "boredom"}, "reason"),
        ({"reason": ""}, "reason"),
        ({"reason": "other"}, "reason_text"),
        ({"effective_date": "30/06/2026"}, "effective_date"),
        ({"employer": "abc"}, "employer"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(api, employer, staff, clerk, change, field):
    api.force_authenticate(clerk)
    body = {**dissolve_body(employer, [e.id for e in staff]), **change}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not Filing.objects.exists()


def test_duplicates_in_the_list_are_named(api, employer, staff, clerk):
    api.force_authenticate(clerk)
    ids = [staff[0].id, staff[1].id, staff[0].id]
    response = api.post(URL, dissolve_body(employer, ids), format="json")
    assert response.status_code == 400
    assert str(staff[0].id) in response.json()["fields"]["employee_ids"][0]


def test_a_layoff_batch_needs_the_acknowledgement_to_submit(api, employer, clerk):
    laid_off = EmployeeFactory.create_batch(3, employer=employer, registration_state=S.REGISTERED)
    EmployeeFactory.create_batch(7, employer=employer)  # 3 of 10: over 10 %
    api.force_authenticate(clerk)
    body = dissolve_body(employer, [e.id for e in laid_off], reason="economic_layoff")
    batch = api.post(URL, body, format="json").json()
    assert batch["layoff"]["headcount"] == 3
    assert "art. 41" in batch["layoff"]["warning"]
    refused = api.post(f"{URL}{batch['id']}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert "acknowledge_layoff" in refused.json()["fields"]
    assert not Filing.objects.filter(state="submitted").exists()
    done = api.post(f"{URL}{batch['id']}/submit/", {"acknowledge_layoff": True}, format="json")
    assert done.status_code == 200
    assert done.json()["batch"]["layoff"]["acknowledged_by"] == clerk.id


def test_the_export_is_the_re_keying_layout_with_full_id_numbers(api, employer, staff, clerk):
    Employee.objects.filter(id=staff[0].id).update(name="=HYPERLINK(1)")
    api.force_authenticate(clerk)
    ids = [e.id for e in staff]
    batch_id = api.post(URL, dissolve_body(employer, ids), format="json").json()["id"]

    response = api.get(f"{URL}{batch_id}/export/csv/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="batch-{batch_id}-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "ID number", "Kind", "Reason", "Effective date"]
    assert rows[1][:2] == ["'=HYPERLINK(1)", staff[0].id_number]
    assert {row[1] for row in rows[1:]} == {e.id_number for e in staff}
    assert {row[4] for row in rows[1:]} == {"2026-06-30"}

    xlsx = api.get(f"{URL}{batch_id}/export/xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 5
    assert values[1][1] == staff[0].id_number


def test_a_viewer_reads_the_batch_but_cannot_export_or_submit(api, employer, staff, clerk):
    api.force_authenticate(clerk)
    batch_id = api.post(URL, dissolve_body(employer, [staff[0].id]), format="json").json()["id"]
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(f"{URL}{batch_id}/").status_code == 200
    assert api.get(f"{URL}{batch_id}/export/xlsx/").status_code == 403
    assert api.post(f"{URL}{batch_id}/submit/", {}, format="json").status_code == 403
    assert api.post(URL, dissolve_body(employer, [staff[1].id]), format="json").status_code == 403


def test_the_detail_takes_a_fixed_number_of_queries(
    api, employer, clerk, django_assert_max_num_queries
):
    many = EmployeeFactory.create_batch(30, employer=employer, registration_state=S.REGISTERED)
    api.force_authenticate(clerk)
    batch_id = api.post(URL, dissolve_body(employer, [e.id for e in many]), format="json").json()[
        "id"
    ]
    with django_assert_max_num_queries(8):
        assert len(api.get(f"{URL}{batch_id}/").json()["rows"]) == 30


def test_the_list_filters_by_employer_and_kind(api, employer, staff, clerk):
    api.force_authenticate(clerk)
    api.post(URL, dissolve_body(employer, [staff[0].id]), format="json")
    register = {"employer": employer.id, "employee_ids": [staff[1].id], "kind": "register"}
    api.post(URL, register, format="json")
    kinds = [b["kind"] for b in api.get(URL, {"kind": "dissolve"}).json()["results"]]
    assert kinds == ["dissolve"]
    assert api.get(URL, {"employer": 10**12}).status_code == 400
    assert [b["kind"] for b in api.get(URL).json()["results"]] == ["register", "dissolve"]


def test_a_filing_names_its_batch(api, employer, staff, clerk):
    api.force_authenticate(clerk)
    batch = api.post(URL, dissolve_body(employer, [staff[0].id]), format="json").json()
    filing_id = batch["rows"][0]["filing"]
    assert api.get(f"/api/filings/{filing_id}/").json()["batch"] == batch["id"]
    assert api.get("/api/filings/").json()["results"][0]["batch"] == batch["id"]
    submitted = api.post(f"/api/filings/{filing_id}/withdraw/", {}, format="json").json()
    assert submitted["batch"] == batch["id"]


@pytest.mark.parametrize("date", ["9999-12-31", "2099-01-01"])
def test_a_date_far_ahead_is_a_field_error_not_a_crash(api, employer, staff, clerk, date):
    api.force_authenticate(clerk)
    body = dissolve_body(employer, [staff[0].id], reason="economic_layoff", effective_date=date)
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "more than a year ahead" in response.json()["fields"]["effective_date"][0]
    assert not Batch.objects.exists()


def test_one_filing_of_a_layoff_is_submitted_with_the_acknowledgement(api, employer, clerk):
    (person,) = EmployeeFactory.create_batch(1, employer=employer, registration_state=S.REGISTERED)
    EmployeeFactory.create_batch(4, employer=employer)  # 1 of 5: over 10 %
    api.force_authenticate(clerk)
    body = {
        "employee": person.id,
        "kind": "dissolve",
        "reason": "economic_layoff",
        "effective_date": "2026-06-30",
    }
    filing_id = api.post("/api/filings/", body, format="json").json()["id"]
    refused = api.post(f"/api/filings/{filing_id}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert "acknowledge_layoff" in refused.json()["fields"]
    done = api.post(
        f"/api/filings/{filing_id}/submit/", {"acknowledge_layoff": True}, format="json"
    ).json()
    assert (done["state"], done["layoff_acknowledged_by"]) == ("submitted", clerk.id)


def test_an_export_records_a_read_of_each_employee_in_it(api, employer, staff, clerk):
    """The export carries full ID numbers: one access-log row per employee exported, through
    "export", and none for a viewer's refused request."""
    api.force_authenticate(clerk)
    ids = [e.id for e in staff[:3]]
    batch_id = api.post(URL, dissolve_body(employer, ids), format="json").json()["id"]
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(f"{URL}{batch_id}/export/xlsx/").status_code == 403
    assert not IdNumberRead.objects.exists()
    api.force_authenticate(clerk)
    assert api.get(f"{URL}{batch_id}/export/xlsx/").status_code == 200
    reads = IdNumberRead.objects.all()
    assert sorted(r.employee_id for r in reads) == sorted(ids)
    assert {(r.user_id, r.via, r.employer_id) for r in reads} == {(clerk.id, "export", employer.id)}


def test_exports_are_throttled_per_user(api, employer, staff, clerk, throttle_rates):
    """THROTTLE_EXPORTS: past the rate a 429 in the one error shape; another user still may."""
    throttle_rates(exports="2/hour")
    api.force_authenticate(clerk)
    batch_id = api.post(URL, dissolve_body(employer, [staff[0].id]), format="json").json()["id"]
    codes = [api.get(f"{URL}{batch_id}/export/csv/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert api.get(f"{URL}{batch_id}/export/csv/").json()["code"] == "throttled"
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    assert api.get(f"{URL}{batch_id}/export/csv/").status_code == 200


def test_a_large_batch_detail_carries_its_first_rows_and_pages_the_rest(
    api, employer, clerk, monkeypatch
):
    """10,000 rows were 1.4 MB in one answer: the detail holds the first ROWS_IN_DETAIL, and
    rows_url pages every row in order, filterable by outcome; unknown parameters refused."""
    monkeypatch.setattr("filings.api.batches.ROWS_IN_DETAIL", 5)
    many = EmployeeFactory.create_batch(12, employer=employer, registration_state=S.REGISTERED)
    unregistered = EmployeeFactory(employer=employer)
    ids = [e.id for e in many] + [unregistered.id]
    api.force_authenticate(clerk)
    batch = api.post(URL, dissolve_body(employer, ids), format="json").json()
    assert [row["employee"] for row in batch["rows"]] == ids[:5]
    assert batch["rows_url"] == f"{URL}{batch['id']}/rows/"
    seen, url = [], batch["rows_url"] + "?page_size=4"
    while url:
        page = api.get(url).json()
        seen += [row["employee"] for row in page["results"]]
        url = page["next"]
    assert seen == ids
    refused = api.get(batch["rows_url"], {"outcome": "refused"}).json()["results"]
    assert [row["employee"] for row in refused] == [unregistered.id]
    assert api.get(batch["rows_url"], {"id_number": "x"}).status_code == 400
    api.force_authenticate(member(Membership.Role.CLERK))  # another employer's clerk
    assert api.get(batch["rows_url"]).status_code == 404


def test_batch_creation_is_throttled_per_user(api, employer, staff, clerk, throttle_rates):
    throttle_rates(batches="2/hour")
    api.force_authenticate(clerk)
    codes = [
        api.post(URL, dissolve_body(employer, [e.id]), format="json").status_code for e in staff[:3]
    ]
    assert codes == [201, 201, 429]
    assert Batch.objects.count() == 2
