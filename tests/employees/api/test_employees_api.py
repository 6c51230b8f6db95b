import datetime

import pytest

from employees.models import Employee, Membership
from employees.services import employee_move_registration
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, full_width, make_id_number, member

pytestmark = pytest.mark.django_db
URL = "/api/employees/"


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(datetime.date(2026, 3, 10))


@pytest.fixture
def employer():
    return EmployerFactory()


@pytest.fixture
def clerk_api(api, employer):
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    return api


def body(target, **overrides):
    return {
        "employer": target.id,
        "name": "李娜",
        "id_number": make_id_number(datetime.date(1992, 8, 8), male=False).lower(),
        "email": "lina@example.com",
        "language": "en",
        "hire_date": "2026-03-02",
        "contract_end_date": "2029-03-01",
        "monthly_wage": "15000.00",
    } | overrides


def test_a_clerk_hires_and_gets_the_deadline_and_the_masked_id(clerk_api, employer):
    """POST returns state, deadline, derived fields and the masked ID, never the full one."""
    payload = body(employer)
    response = clerk_api.post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["registration_state"] == "unregistered"
    assert data["registration_deadline"] == "2026-04-01"
    assert data["deadline_warning"] == ""
    assert data["sex"] == "female"
    assert (
        data["id_number_masked"]
        == payload["id_number"][:6] + "********" + payload["id_number"][-4:].upper()
    )
    assert "id_number" not in data
    assert data["monthly_wage"] == "15000.00"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "check character"),
        ({"id_number": full_width("11010519491231002X")}, "id_number", "half-width"),
        ({"id_number": "123"}, "id_number", "18 characters"),
        ({"hire_date": "2026-02-30"}, "hire_date", "Date has wrong format"),
        ({"monthly_wage": "-5"}, "monthly_wage", "greater than or equal to 0"),
        ({"monthly_wage": "abc"}, "monthly_wage", "valid number"),
        ({"language": "fr"}, "language", "not a valid choice"),
        ({"name": "a\x00b"}, "name", "Null characters"),
        ({"email": "nope"}, "email", "valid email"),
        ({"employer": "x"}, "employer", "whole number"),
        ({"contract_end_date": "2026-01-01"}, "contract_end_date", "before the hire date"),
        # Issue 14: dates far ahead, a negative zero, an id that is not a whole number.
        ({"contract_end_date": "2062-03-01"}, "contract_end_date", "typing error"),
        ({"contract_end_date": "9999-12-31"}, "contract_end_date", "typing error"),
        ({"separation_date": "2027-06-01"}, "separation_date", "more than a year ahead"),
        ({"contract_start_date": "2028-01-01"}, "contract_start_date", "more than a year ahead"),
        ({"monthly_wage": "-0"}, "monthly_wage", "0 to"),
        ({"monthly_wage": "-0.00"}, "monthly_wage", "0 to"),
        ({"position": "出纳\r\nBcc: x@evil.test"}, "position", "control characters"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(clerk_api, employer, overrides, field, words):
    """Each bad field gives 400 in the one error shape, with a message saying why."""
    response = clerk_api.post(URL, body(employer, **overrides), format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert words in " ".join(data["fields"][field])
    assert not Employee.objects.exists()


def test_a_hire_by_hand_takes_a_pudong_number_assigned_after_birth(clerk_api, employer):
    """A 1988-born Pudong resident (310115 dates from 1992) is hired; a code abolished before
    the birth (310111 Wusong, to 1988) is a 400 on id_number."""
    pudong = make_id_number(datetime.date(1988, 3, 15), region="310115")
    response = clerk_api.post(URL, body(employer, id_number=pudong), format="json")
    assert response.status_code == 201, response.json()
    wusong = make_id_number(datetime.date(1990, 3, 15), region="310111")
    response = clerk_api.post(URL, body(employer, id_number=wusong), format="json")
    assert response.status_code == 400
    assert "administrative division" in response.json()["fields"]["id_number"][0]


@pytest.mark.parametrize("employer_id", [1.5, True, "1.0", "1e0", -1, 2**63])
def test_an_employer_id_that_is_not_a_whole_number_is_refused(clerk_api, employer, employer_id):
    """1.5 was taken as 1 (Django coerces a primary key): now a 400 naming the field."""
    response = clerk_api.post(URL, body(employer, employer=employer_id), format="json")
    assert response.status_code == 400
    assert "employer" in response.json()["fields"]
    assert not Employee.objects.exists()


def test_an_under_age_hire_is_refused(clerk_api, employer):
    """Someone under 16 on the hire date gets a 400 on hire_date."""
    young = make_id_number(datetime.date(2011, 1, 1))
    response = clerk_api.post(URL, body(employer, id_number=young), format="json")
    assert response.status_code == 400
    assert "Labour Law" in response.json()["fields"]["hire_date"][0]


def test_a_duplicate_open_employment_is_refused(clerk_api, employer):
    payload = body(employer)
    assert clerk_api.post(URL, payload, format="json").status_code == 201
    response = clerk_api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert "open employment" in response.json()["fields"]["id_number"][0]
    assert Employee.objects.count() == 1


def test_hiring_into_another_employer_is_a_field_error_that_reveals_nothing(clerk_api):
    """Another tenant's employer id reads exactly like an id that does not exist."""
    other = EmployerFactory()
    foreign = clerk_api.post(URL, body(other), format="json").json()
    missing = clerk_api.post(URL, body(other, employer=other.id + 1000), format="json").json()
    assert foreign["fields"]["employer"][0].replace(str(other.id), "N") == missing["fields"][
        "employer"
    ][0].replace(str(other.id + 1000), "N")


def test_a_viewer_cannot_hire(api, employer):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    response = api.post(URL, body(employer), format="json")
    assert response.status_code == 400
    assert "employer" in response.json()["fields"]


def test_another_employers_employee_is_404_for_read_and_write(clerk_api):
    """Detail and PATCH of someone else's employee are 404, and nothing changes."""
    stranger = EmployeeFactory()
    assert clerk_api.get(f"{URL}{stranger.id}/").status_code == 404
    response = clerk_api.patch(f"{URL}{stranger.id}/", {"name": "X"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Employee.objects.get(id=stranger.id).name == stranger.name


def test_the_full_id_number_is_on_the_detail_for_clerks_only(api, employer):
    """A clerk's detail has the full ID; a viewer's has only the masked one."""
    employee = EmployeeFactory(employer=employer)
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    assert api.get(f"{URL}{employee.id}/").json()["id_number"] == employee.id_number
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    data = api.get(f"{URL}{employee.id}/").json()
    assert "id_number" not in data
    assert data["id_number_masked"] == employee.id_number_masked


def test_the_list_masks_every_id_and_shows_only_my_employers(clerk_api, employer):
    mine = EmployeeFactory.create_batch(3, employer=employer)
    EmployeeFactory()
    data = clerk_api.get(URL).json()
    assert len(data["results"]) == 3
    assert {row["id"] for row in data["results"]} == {e.id for e in mine}
    assert all("id_number" not in row for row in data["results"])
    assert all(e.id_number not in str(data) for e in mine)


def test_patch_corrects_a_field_and_refuses_the_employer(clerk_api, employer):
    """PATCH changes allowed fields; the employer stays (read-only)."""
    employee = EmployeeFactory(employer=employer)
    other = EmployerFactory()
    response = clerk_api.patch(
        f"{URL}{employee.id}/", {"name": "新名字", "employer": other.id}, format="json"
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert (employee.name, employee.employer_id) == ("新名字", employer.id)


def test_patch_of_the_hire_date_after_filing_is_refused(clerk_api, employer):
    employee = EmployeeFactory(employer=employer)
    employee_move_registration(actor=None, employee_id=employee.id, to_state=S.REGISTRATION_PENDING)
    response = clerk_api.patch(f"{URL}{employee.id}/", {"hire_date": "2026-03-03"}, format="json")
    assert response.status_code == 400
    assert "hire_date" in response.json()["fields"]


def test_filters_by_state_employer_and_deadline(clerk_api, employer):
    """The list filters by registration state, employer and deadline range."""
    due = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 1))  # due 03-03
    later = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 3, 2))  # 04-01
    done = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)  # 04-01

    def ids(query):
        response = clerk_api.get(URL, query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids({"registration_state": "unregistered"}) == {due.id, later.id}
    assert ids({"registration_state": "unregistered", "deadline_before": "2026-03-10"}) == {due.id}
    assert ids({"deadline_after": "2026-03-10", "employer": employer.id}) == {later.id, done.id}


@pytest.mark.parametrize(
    "query",
    [
        {"deadline_before": "yesterday"},
        {"registration_state": "lost"},
        {"page_size": "201"},
        {"page_size": "0"},
        {"page_size": "ten"},
        {"employer": "999999999999999999999"},
        {"cursor": "nonsense"},
    ],
)
def test_bad_list_parameters_are_refused_cleanly(clerk_api, query):
    """Malformed filters, oversized pages and pages past the end are 4xx, never 500."""
    response = clerk_api.get(URL, query)
    assert response.status_code in (400, 404)
    assert response.json()["code"] in ("invalid", "not_found")


def test_another_employers_id_in_the_filter_is_refused_like_a_missing_one(clerk_api):
    other = EmployerFactory()
    response = clerk_api.get(URL, {"employer": other.id})
    assert response.status_code == 400
    assert "employer" in response.json()["fields"]


def test_the_list_runs_a_fixed_number_of_queries(
    clerk_api, employer, django_assert_max_num_queries
):
    """Listing 50 employees costs the same few queries as listing one."""
    EmployeeFactory.create_batch(50, employer=employer)
    with django_assert_max_num_queries(3):
        assert len(clerk_api.get(URL, {"page_size": 50}).json()["results"]) == 50


def test_no_response_but_a_clerks_detail_lets_the_id_number_be_rebuilt(api, employer):
    """Masked ID plus birth date would give the full number back: lists never pair them."""
    employee = EmployeeFactory(employer=employer)
    api.force_authenticate(member(Membership.Role.CLERK, employer))
    listed = api.get(URL).json()["results"][0]
    assert "birth_date" not in listed
    assert api.get(f"{URL}{employee.id}/").json()["birth_date"] == str(employee.birth_date)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    detail = api.get(f"{URL}{employee.id}/").json()
    assert "birth_date" not in detail
    assert employee.birth_date.strftime("%Y%m%d") not in str(detail)


def test_separate_records_the_date_and_drafts_the_dissolve(clerk_api, employer):
    person = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    body = {"separation_date": "2026-03-31", "reason": "mutual_agreement"}
    response = clerk_api.post(f"{URL}{person.id}/separate/", body, format="json")
    assert response.status_code == 201
    filing = response.json()
    assert (filing["kind"], filing["state"], filing["effective_date"]) == (
        "dissolve",
        "draft",
        "2026-03-31",
    )
    person.refresh_from_db()
    assert person.separation_date == datetime.date(2026, 3, 31)


def test_a_refused_separation_changes_nothing(clerk_api, employer):
    person = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    body = {"separation_date": "2026-03-31", "reason": "no-such-reason"}
    response = clerk_api.post(f"{URL}{person.id}/separate/", body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    early = {"separation_date": "1999-01-01", "reason": "mutual_agreement"}
    refused = clerk_api.post(f"{URL}{person.id}/separate/", early, format="json")
    assert refused.status_code == 400
    person.refresh_from_db()
    assert person.separation_date is None
    assert not person.filings.exists()


def test_a_viewer_sees_no_wage_in_the_list_or_the_detail(api, employer):
    """monthly_wage is for clerks and managers; a viewer of one employer who clerks for
    another sees the wages of the second only."""
    mine = EmployeeFactory(employer=employer)
    other = EmployerFactory()
    theirs = EmployeeFactory(employer=other)
    user = member(Membership.Role.VIEWER, employer)
    Membership.objects.create(user=user, employer=other, role=Membership.Role.CLERK)
    api.force_authenticate(user)
    rows = {row["id"]: row for row in api.get(URL).json()["results"]}
    assert "monthly_wage" not in rows[mine.id]
    assert rows[theirs.id]["monthly_wage"] == f"{theirs.monthly_wage:.2f}"
    detail = api.get(f"{URL}{mine.id}/")
    assert "monthly_wage" not in detail.json()
    assert f"{mine.monthly_wage:.2f}" not in detail.content.decode()
    assert api.get(f"{URL}{theirs.id}/").json()["monthly_wage"] == f"{theirs.monthly_wage:.2f}"


def test_answers_with_an_id_number_or_a_wage_are_never_cached(api, employer, clerk):
    person = EmployeeFactory(employer=employer)
    api.force_authenticate(clerk)
    for url in (URL, f"{URL}{person.id}/"):
        assert "no-store" in api.get(url)["Cache-Control"], url
