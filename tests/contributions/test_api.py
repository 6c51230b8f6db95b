import datetime
from decimal import Decimal as D

import pytest

from contributions.models import ContributionRule, MonthlyStatement
from contributions.services import rule_save, statements_compute
from employees.models import Membership
from tests.contributions.test_services import JULY, PENSION, insure
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db
RULES = "/api/contribution-rules/"
STATEMENTS = "/api/statements/"


def rule_body(owner, **fields):
    return {
        "region": owner.region_id,
        "employer": owner.id,
        "valid_from": "2026-07-01",
        "source": "our notice",
        "lines": [PENSION],
        **fields,
    }


def own_rule(manager, employer, **fields):
    values = {"valid_from": JULY, "lines": [PENSION], "source": "our notice", **fields}
    return rule_save(
        actor=manager, region_code=employer.region_id, employer_id=employer.id, **values
    )


def test_a_manager_adds_the_employers_own_rule_with_its_lines(api, employer, manager):
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["region"], data["employer"], data["valid_from"]) == (
        "310000",
        employer.id,
        "2026-07-01",
    )
    assert data["lines"][0]["employer_rate"] == "0.16000"
    assert data["lines"][0]["employee_fixed"] == "0.00"
    rule = ContributionRule.objects.get(id=data["id"])
    assert (rule.created_by, rule.lines.count()) == (manager, 1)


def test_a_clerk_may_not_keep_rules(api, employer, clerk):
    api.force_authenticate(clerk)
    response = api.post(RULES, rule_body(employer), format="json")
    assert response.status_code == 403
    assert not ContributionRule.objects.filter(employer=employer).exists()


def test_only_the_operator_adds_installation_wide_rules(api, employer, manager):
    api.force_authenticate(manager)
    assert api.post(RULES, rule_body(employer, employer=None), format="json").status_code == 403
    api.force_authenticate(UserFactory(is_superuser=True))
    body = rule_body(employer, employer=None, region="440000")
    response = api.post(RULES, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["employer"] is None


def test_another_employers_id_is_a_field_error(api, employer, manager):
    other = EmployerFactory()
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer, employer=other.id), format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["employer"] == [f"No employer with id {other.id}."]
    assert not ContributionRule.objects.filter(employer=other).exists()


def test_an_overlapping_period_is_refused_on_valid_from(api, employer, manager):
    own_rule(manager, employer, valid_until=datetime.date(2027, 6, 1))
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer, valid_from="2027-06-01"), format="json")
    assert response.status_code == 400
    assert "overlaps" in response.json()["fields"]["valid_from"][0]
    assert ContributionRule.objects.filter(employer=employer).count() == 1


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({**PENSION, "employer_rate": "abc"}, "lines[0].employer_rate"),
        ({**PENSION, "employee_rate": "0.1234567"}, "lines[0].employee_rate"),
        ({**PENSION, "base_ceiling": "1e20"}, "lines[0].base_ceiling"),
        ({**PENSION, "employer_rate": "0.9", "base_ceiling": "100"}, "lines[0].base_ceiling"),
        ({**PENSION, "line": "pet insurance"}, "lines[0].line"),
        ({**PENSION, "rounding": "nearest"}, "lines[0].rounding"),
        ("pension", "lines[0]"),
    ],
)
def test_a_bad_line_is_a_400_naming_its_field(api, employer, manager, line, field):
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer, lines=[line]), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not ContributionRule.objects.filter(employer=employer).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lines": "pension"}, "lines"),
        ({"lines": [PENSION] * 7}, "lines"),
        ({"lines": []}, "lines"),
        ({"employer": "abc"}, "employer"),
        ({"employer": 2**70}, "employer"),
        ({"region": "31"}, "region"),
        ({"valid_from": "07/01/2026"}, "valid_from"),
        ({"valid_until": "2026-06-01"}, "valid_until"),
        ({"source": " "}, "source"),
    ],
)
def test_a_malformed_rule_is_a_400_naming_its_field(api, employer, manager, fields, field):
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer, **fields), format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_an_unused_rule_is_updated_through_the_service(api, employer, manager):
    rule = own_rule(manager, employer)
    api.force_authenticate(manager)
    lines = [{**PENSION, "employee_rate": "0.07"}]
    response = api.patch(f"{RULES}{rule.id}/", {"lines": lines}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["lines"][0]["employee_rate"] == "0.07000"
    put = api.put(f"{RULES}{rule.id}/", rule_body(employer, source="2026 notice"), format="json")
    assert put.status_code == 200, put.json()
    rule.refresh_from_db()
    assert (rule.source, rule.lines.get().employee_rate) == ("2026 notice", D("0.08"))


def test_a_rule_keeps_its_employer(api, employer, manager):
    rule = own_rule(manager, employer)
    api.force_authenticate(manager)
    response = api.patch(f"{RULES}{rule.id}/", {"employer": None}, format="json")
    assert response.status_code == 400
    assert "employer" in response.json()["fields"]


def test_a_rule_statements_used_is_not_changed(api, employer, clerk, manager):
    person = EmployeeFactory(employer=employer)
    insure(person, clerk, manager)
    rule = own_rule(manager, employer)
    statements_compute(JULY, [person.id])
    api.force_authenticate(manager)
    response = api.patch(f"{RULES}{rule.id}/", {"source": "changed"}, format="json")
    assert response.status_code == 400
    assert "end it instead" in response.json()["fields"]["lines"][0]
    assert ContributionRule.objects.get(id=rule.id).source == "our notice"


def test_the_list_shows_the_installations_rules_and_my_employers_only(api, employer, manager):
    mine = own_rule(manager, employer)
    stranger = EmployerFactory()
    theirs = own_rule(member(Membership.Role.MANAGER, stranger), stranger)
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    ids = {rule["id"] for rule in api.get(RULES).json()["results"]}
    samples = set(ContributionRule.objects.filter(is_sample=True).values_list("id", flat=True))
    assert ids == samples | {mine.id}
    assert api.get(f"{RULES}{theirs.id}/").status_code == 404
    assert api.patch(f"{RULES}{theirs.id}/", {"source": "x"}, format="json").status_code == 404


def test_the_rules_filters(api, employer, manager):
    mine = own_rule(manager, employer)
    api.force_authenticate(manager)

    def ids(query):
        return [rule["id"] for rule in api.get(RULES, query).json()["results"]]

    shanghai_sample = ContributionRule.objects.get(is_sample=True, region="310000")
    # The sample is open-ended: from July both apply (the employer's own comes first in use).
    assert sorted(ids({"region": "310000", "month": "2026-07-15"})) == sorted(
        [mine.id, shanghai_sample.id]
    )
    assert ids({"region": "310000", "month": "2026-06-01"}) == [shanghai_sample.id]
    assert ids({"employer": employer.id}) == [mine.id]
    assert mine.id not in ids({"employer": "null"})
    assert api.get(RULES, {"employer": EmployerFactory().id}).status_code == 400


def test_rules_are_never_deleted(api, employer, manager):
    rule = own_rule(manager, employer)
    api.force_authenticate(manager)
    assert api.delete(f"{RULES}{rule.id}/").status_code == 405


@pytest.fixture
def statements(employer, clerk, manager):
    """Two July statements of the employer, one of a stranger."""
    own_rule(manager, employer)
    people = EmployeeFactory.create_batch(2, employer=employer)
    stranger = EmployerFactory()
    outsider = EmployeeFactory(employer=stranger)
    outsiders_clerk = member(Membership.Role.CLERK, stranger)
    outsiders_manager = member(Membership.Role.MANAGER, stranger)
    for person in people:
        insure(person, clerk, manager)
    insure(outsider, outsiders_clerk, outsiders_manager)
    own_rule(outsiders_manager, stranger)
    statements_compute(JULY, [p.id for p in [*people, outsider]])
    return MonthlyStatement.objects.order_by("id")


def test_the_statements_list_is_scoped_and_has_no_wage(api, employer, clerk, statements):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    rows = api.get(STATEMENTS).json()["results"]
    mine = statements.filter(employer=employer)
    assert {row["id"] for row in rows} == set(mine.values_list("id", flat=True))
    assert all("wage" not in row for row in rows)
    # A viewer: no base, amount or total, each of which gives the wage back (amount / rate).
    assert all("employee_total" not in row and "employer_total" not in row for row in rows)
    line = rows[0]["lines"][0]
    assert line["line"] == "pension"
    assert line["employee_rate"]
    assert not {"base", "employer_amount", "employee_amount"} & set(line)
    api.force_authenticate(clerk)
    rows = api.get(STATEMENTS).json()["results"]
    assert rows[0]["employee_total"] == "960.00"
    assert rows[0]["lines"][0]["base"]
    theirs = statements.exclude(employer=employer).get()
    assert api.get(f"{STATEMENTS}{theirs.id}/").status_code == 404


def test_the_wage_is_in_the_detail_for_clerks_not_viewers(api, employer, clerk, statements):
    statement = statements.filter(employer=employer).first()
    api.force_authenticate(clerk)
    assert api.get(f"{STATEMENTS}{statement.id}/").json()["wage"] == "12000.00"
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert "wage" not in api.get(f"{STATEMENTS}{statement.id}/").json()


def test_the_statements_filters(api, employer, clerk, statements):
    api.force_authenticate(clerk)
    mine = statements.filter(employer=employer)

    def count(query):
        response = api.get(STATEMENTS, query)
        assert response.status_code == 200, response.json()
        return response.json()["count"]

    assert count({"month": "2026-07-01"}) == 2
    assert count({"month": "2026-07-20", "employee": mine[0].employee_id}) == 1
    assert count({"month_after": "2026-08-01"}) == 0
    assert count({"month_after": "2026-07-31", "month_before": "2026-07-01"}) == 2
    theirs = statements.exclude(employer=employer).get()
    assert api.get(STATEMENTS, {"employee": theirs.employee_id}).status_code == 400
    assert api.get(STATEMENTS, {"month": "07/01/2026"}).status_code == 400


def test_lists_take_a_fixed_number_of_queries(
    api, employer, clerk, manager, statements, django_assert_max_num_queries
):
    api.force_authenticate(clerk)
    for size in (1, 50):
        with django_assert_max_num_queries(2):
            assert api.get(STATEMENTS, {"page_size": size}).status_code == 200
        with django_assert_max_num_queries(3):
            assert api.get(RULES, {"page_size": size}).status_code == 200


def test_a_rule_is_ended_over_the_api(api, employer, manager, clerk):
    rule = own_rule(manager, employer)
    api.force_authenticate(clerk)
    assert api.post(f"{RULES}{rule.id}/end/", {"valid_until": "2026-12-01"}).status_code == 403
    api.force_authenticate(manager)
    bad = api.post(f"{RULES}{rule.id}/end/", {"valid_until": "2026-12"}, format="json")
    assert bad.status_code == 400
    assert "valid_until" in bad.json()["fields"]
    done = api.post(f"{RULES}{rule.id}/end/", {"valid_until": "2026-12-01"}, format="json")
    assert (done.status_code, done.json()["valid_until"]) == (200, "2026-12-01")


@pytest.mark.parametrize("fields", [{"valid_until": "9999-12-01"}, {"valid_from": "2040-01-01"}])
def test_a_rule_month_far_ahead_is_refused_by_name(api, employer, manager, fields):
    """Issue 14: a typo like 9999-12 is named, not kept."""
    api.force_authenticate(manager)
    response = api.post(RULES, rule_body(employer, **fields), format="json")
    assert response.status_code == 400
    assert set(fields) <= set(response.json()["fields"])
    assert not ContributionRule.objects.filter(employer=employer).exists()
