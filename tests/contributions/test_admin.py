import datetime
from decimal import Decimal as D

import pytest

from contributions.models import ContributionRule, MonthlyStatement
from contributions.services import rule_save, statements_compute
from employees.models import Membership
from tests.contributions.test_services import JULY, PENSION, insure
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, member

pytestmark = pytest.mark.django_db
RULES = "/admin/contributions/contributionrule/"
STATEMENTS = "/admin/contributions/monthlystatement/"


def own_rule(manager, employer, **fields):
    values = {"valid_from": JULY, "lines": [PENSION], "source": "our notice", **fields}
    return rule_save(
        actor=manager, region_code=employer.region_id, employer_id=employer.id, **values
    )


def form_body(owner, lines, initial=0, **fields):
    """The add or change form: the rule's fields and the lines' inline formset."""
    body = {
        "region": owner.region_id,
        "employer": owner.id,
        "valid_from": "2026-07-01",
        "valid_until": "",
        "source": "our notice",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(initial),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "6",
        **fields,
    }
    for index, line in enumerate(lines):
        line = {"employer_fixed": "0", "employee_fixed": "0", "rounding": "half_up_fen", **line}
        body |= {f"lines-{index}-{name}": value for name, value in line.items()}
    return body


MEDICAL = {**PENSION, "line": "medical", "employer_rate": "0.09", "employee_rate": "0.02"}


def test_the_rule_list_shows_the_shipped_samples(client, employer, clerk):
    client.force_login(clerk)
    response = client.get(RULES)
    assert response.status_code == 200
    shown = {rule.id for rule in response.context["cl"].result_list}
    samples = ContributionRule.objects.filter(is_sample=True)
    assert shown == set(samples.values_list("id", flat=True))
    assert samples.get(region="310000").source in response.content.decode()


def test_a_manager_adds_the_employers_rule_with_lines_through_the_service(
    client, employer, manager
):
    client.force_login(manager)
    assert client.get(f"{RULES}add/").status_code == 200
    response = client.post(f"{RULES}add/", form_body(employer, [PENSION, MEDICAL]))
    assert response.status_code == 302, response.context["errors"]
    rule = ContributionRule.objects.get(employer=employer)
    assert (rule.created_by, rule.valid_from) == (manager, JULY)
    assert dict(rule.lines.values_list("line", "employer_rate")) == {
        "pension": D("0.16000"),
        "medical": D("0.09000"),
    }


def test_the_services_refusals_come_back_on_their_fields(client, employer, manager):
    own_rule(manager, employer, valid_until=datetime.date(2027, 6, 1))
    client.force_login(manager)
    overlap = client.post(f"{RULES}add/", form_body(employer, [PENSION], valid_from="2027-06-01"))
    assert overlap.status_code == 200
    assert "overlaps" in overlap.context["adminform"].form.errors["valid_from"][0]

    twice = client.post(
        f"{RULES}add/", form_body(employer, [PENSION, PENSION], valid_from="2028-01-01")
    )
    assert twice.status_code == 200
    line_forms = twice.context["inline_admin_formsets"][0].formset.forms
    assert "given twice" in line_forms[1].errors["line"][0]
    assert ContributionRule.objects.filter(employer=employer).count() == 1


def test_a_rate_that_is_not_a_fraction_is_a_line_error(client, employer, manager):
    client.force_login(manager)
    response = client.post(
        f"{RULES}add/", form_body(employer, [{**PENSION, "employer_rate": "1.5"}])
    )
    assert response.status_code == 200
    line_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "below 1" in line_form.errors["employer_rate"][0]
    assert not ContributionRule.objects.filter(employer=employer).exists()


def test_a_manager_chooses_among_the_employers_they_manage(client, employer, manager):
    elsewhere = EmployerFactory()
    Membership.objects.create(user=manager, employer=elsewhere, role="clerk")
    client.force_login(manager)
    choices = client.get(f"{RULES}add/").context["adminform"].form.fields["employer"].queryset
    assert list(choices) == [employer]
    refused = client.post(f"{RULES}add/", form_body(elsewhere, [PENSION]))
    assert "employer" in refused.context["adminform"].form.errors
    shared = client.post(f"{RULES}add/", form_body(employer, [PENSION], employer=""))
    assert "operator" in shared.context["adminform"].form.errors["employer"][0]
    assert not ContributionRule.objects.filter(is_sample=False).exists()


def test_a_clerk_reads_rules_but_adds_none(client, employer, clerk):
    client.force_login(clerk)
    assert client.get(f"{RULES}add/").status_code == 403
    sample = ContributionRule.objects.filter(is_sample=True).first()
    page = client.get(f"{RULES}{sample.id}/change/")
    assert page.status_code == 200
    assert client.post(f"{RULES}{sample.id}/change/", {}).status_code == 403


def test_an_unused_rule_is_edited_and_a_used_one_is_read_only(client, employer, clerk, manager):
    rule = own_rule(manager, employer, lines=[PENSION, MEDICAL])
    pension, medical = rule.lines.order_by("id")
    client.force_login(manager)
    edited = {**PENSION, "employee_rate": "0.07", "id": pension.id, "rule": rule.id}
    dropped = {**MEDICAL, "id": medical.id, "rule": rule.id, "DELETE": "on"}
    body = form_body(employer, [edited, dropped], initial=2, source="2026 notice")
    response = client.post(f"{RULES}{rule.id}/change/", body)
    assert response.status_code == 302, response.context["errors"]
    assert list(rule.lines.values_list("line", "employee_rate")) == [("pension", D("0.07000"))]
    assert ContributionRule.objects.get(id=rule.id).source == "2026 notice"

    person = EmployeeFactory(employer=employer)
    insure(person, clerk, manager)
    statements_compute(JULY, [person.id])
    assert client.post(f"{RULES}{rule.id}/change/", {}).status_code == 403
    assert client.get(f"{RULES}{rule.id}/change/").status_code == 200


def test_only_the_operator_edits_the_installations_rules(client, employer, manager):
    sample = ContributionRule.objects.get(is_sample=True, region="310000")
    client.force_login(manager)
    assert client.post(f"{RULES}{sample.id}/change/", {}).status_code == 403
    client.force_login(UserFactory(is_superuser=True))
    lines = [{name: str(getattr(line, name)) for name in PENSION} for line in sample.lines.all()]
    lines = [
        {**line, "id": id_, "rule": sample.id}
        for line, id_ in zip(lines, sample.lines.values_list("id", flat=True), strict=True)
    ]
    body = form_body(
        employer,
        lines,
        initial=len(lines),
        valid_from="2025-07-01",
        valid_until="2026-06-01",
        source="corrected",
    )
    response = client.post(f"{RULES}{sample.id}/change/", body)
    assert response.status_code == 302, response.context["errors"]
    assert ContributionRule.objects.get(id=sample.id).source == "corrected"


def test_the_statement_list_shows_my_employers_only(client, employer, clerk, manager):
    own_rule(manager, employer)
    mine = EmployeeFactory(employer=employer)
    insure(mine, clerk, manager)
    stranger = EmployerFactory()
    theirs = EmployeeFactory(employer=stranger)
    boss = member(Membership.Role.MANAGER, stranger)
    insure(theirs, member(Membership.Role.CLERK, stranger), boss)
    own_rule(boss, stranger)
    statements_compute(JULY, [mine.id, theirs.id])
    viewer = member(Membership.Role.VIEWER, employer)
    client.force_login(viewer)
    response = client.get(STATEMENTS)
    assert [s.employee_id for s in response.context["cl"].result_list] == [mine.id]
    other = MonthlyStatement.objects.get(employee=theirs)
    assert client.get(f"{STATEMENTS}{other.id}/change/").status_code == 302  # "not found"
    statement = MonthlyStatement.objects.get(employee=mine)
    assert "Monthly wage" not in client.get(f"{STATEMENTS}{statement.id}/change/").content.decode()
    client.force_login(clerk)
    assert "Monthly wage" in client.get(f"{STATEMENTS}{statement.id}/change/").content.decode()
    assert client.get(f"{STATEMENTS}add/").status_code == 403
