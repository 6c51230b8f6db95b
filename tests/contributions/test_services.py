import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from contributions.models import ContributionRule, MonthlyStatement
from contributions.selectors import insured_in, rule_for
from contributions.services import rule_save, statements_compute
from employees.models import Region
from filings.services import filing_confirm, filing_create_draft, filing_submit
from hrsocsec.errors import RoleRefused
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
JULY = datetime.date(2026, 7, 1)
PENSION = {
    "line": "pension",
    "employer_rate": "0.16",
    "employee_rate": "0.08",
    "base_floor": "7000",
    "base_ceiling": "35000",
}


@pytest.fixture
def operator():
    return UserFactory(is_superuser=True)


def own_rule(manager, employer, **fields):
    values = {
        "actor": manager,
        "region_code": employer.region_id,
        "employer_id": employer.id,
        "valid_from": JULY,
        "lines": [PENSION],
        "source": "our notice",
        **fields,
    }
    return rule_save(**values)


def test_the_shipped_samples_are_marked_and_name_their_notice():
    samples = ContributionRule.objects.filter(is_sample=True)
    assert sorted(samples.values_list("region_id", flat=True)) == ["110000", "310000"]
    assert all(rule.source.startswith("示例：依据") and "通知" in rule.source for rule in samples)
    shanghai = samples.get(region_id="310000")
    pension = shanghai.lines.get(line="pension")
    assert (pension.employer_rate, pension.base_floor) == (D("0.16000"), D("7460.00"))


def test_an_employers_own_rule_comes_before_the_installations(employer, manager):
    mine = own_rule(manager, employer)
    assert rule_for(employer, JULY) == mine
    # Before its period: the shipped Shanghai sample.
    assert rule_for(employer, datetime.date(2026, 6, 1)).is_sample
    assert rule_for(employer, datetime.date(2026, 6, 1)).region_id == "310000"


def test_a_city_without_rules_follows_its_province(employer, operator):
    city = Region.objects.filter(parent_id="440000").order_by("code").first()  # in Guangdong
    employer.region = city
    assert rule_for(employer, JULY) is None
    province = rule_save(
        actor=operator, region_code="440000", valid_from=JULY, lines=[PENSION], source="GD notice"
    )
    assert rule_for(employer, JULY) == province


def test_overlapping_periods_are_refused(employer, manager):
    own_rule(manager, employer, valid_until=datetime.date(2027, 6, 15))
    with pytest.raises(ValidationError) as info:
        own_rule(manager, employer, valid_from=datetime.date(2027, 6, 1))
    assert "overlaps" in info.value.message_dict["valid_from"][0]
    nxt = own_rule(manager, employer, valid_from=datetime.date(2027, 7, 1))
    assert nxt.valid_from == datetime.date(2027, 7, 1)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({**PENSION, "employer_rate": "16"}, "lines[0].employer_rate"),
        ({**PENSION, "employee_rate": "abc"}, "lines[0].employee_rate"),
        ({**PENSION, "employee_rate": "-0.1"}, "lines[0].employee_rate"),
        ({**PENSION, "employee_rate": "NaN"}, "lines[0].employee_rate"),
        ({**PENSION, "base_ceiling": "100"}, "lines[0].base_ceiling"),
        ({**PENSION, "line": "pet insurance"}, "lines[0].line"),
        ({k: v for k, v in PENSION.items() if k != "base_floor"}, "lines[0].base_floor"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_saved(employer, manager, line, field):
    with pytest.raises(ValidationError) as info:
        own_rule(manager, employer, lines=[line])
    assert field in info.value.message_dict
    assert not ContributionRule.objects.filter(employer=employer).exists()


def test_a_line_given_twice_and_no_source_are_refused(employer, manager):
    with pytest.raises(ValidationError) as info:
        own_rule(manager, employer, lines=[PENSION, PENSION])
    assert "lines[1].line" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        own_rule(manager, employer, source=" ")
    assert "source" in info.value.message_dict


def test_only_managers_keep_their_employers_rules_and_the_operator_the_installations(
    employer, clerk, manager, operator
):
    with pytest.raises(RoleRefused):
        own_rule(clerk, employer)
    with pytest.raises(RoleRefused):
        own_rule(manager, employer, employer_id=None)
    shared = own_rule(operator, employer, employer_id=None, region_code="440300")
    assert shared.employer_id is None


def insure(employee, clerk, manager, on=None):
    """Registered and confirmed, from ``on`` (by default the hire date)."""
    draft = filing_create_draft(actor=clerk, employee=employee, kind="register", effective_date=on)
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    employee.refresh_from_db()


def test_a_statement_is_a_snapshot_that_a_later_rule_change_does_not_touch(
    employer, clerk, manager
):
    person = EmployeeFactory(employer=employer, monthly_wage=D("12000"))
    insure(person, clerk, manager)
    rule = own_rule(manager, employer)
    assert statements_compute(JULY, [person.id]) == {"insured": 1, "computed": 1, "no_rule": 0}
    statement = MonthlyStatement.objects.get(employee=person)
    assert (statement.employee_total, statement.employer_total) == (D("960.00"), D("1920.00"))
    assert statement.lines[0]["base"] == "12000.00"

    with pytest.raises(ValidationError, match="end it instead"):
        own_rule(manager, employer, rule_id=rule.id, lines=[{**PENSION, "employer_rate": "0.2"}])
    person.monthly_wage = D("20000")
    person.save()
    assert statements_compute(JULY, [person.id])["computed"] == 0  # run twice: nothing new
    assert MonthlyStatement.objects.get(employee=person).employee_total == D("960.00")


def test_a_lines_rounding_applies_and_is_snapshotted_on_the_statement(employer, clerk, manager):
    """Shanghai-style to the fen for pension, the housing fund to the yuan: 12,345.67 × 7 %
    is 864.1969, so 864.00 each side; the statement line says how it was rounded."""
    person = EmployeeFactory(employer=employer, monthly_wage=D("12345.67"))
    insure(person, clerk, manager)
    fund = {**PENSION, "line": "housing_fund", "employer_rate": "0.07", "employee_rate": "0.07"}
    own_rule(manager, employer, lines=[PENSION, {**fund, "rounding": "half_up_yuan"}])
    statements_compute(JULY, [person.id])
    lines = {line["line"]: line for line in MonthlyStatement.objects.get(employee=person).lines}
    assert (lines["housing_fund"]["employer_amount"], lines["housing_fund"]["rounding"]) == (
        "864.00",
        "half_up_yuan",
    )
    assert lines["pension"]["rounding"] == "half_up_fen"
    assert lines["pension"]["employee_amount"] == "987.65"


def test_an_unused_rule_can_be_replaced(employer, manager):
    rule = own_rule(manager, employer)
    again = own_rule(
        manager, employer, rule_id=rule.id, lines=[{**PENSION, "employee_rate": "0.07"}]
    )
    assert again.id == rule.id
    assert list(rule.lines.values_list("employee_rate", flat=True)) == [D("0.07000")]


def test_who_is_insured_follows_the_confirmed_filings_and_the_cut_off(employer, clerk, manager):
    joined = EmployeeFactory(employer=employer)
    insure(joined, clerk, manager, on=datetime.date(2026, 7, 20))
    later = EmployeeFactory(employer=employer)
    insure(later, clerk, manager, on=datetime.date(2026, 8, 3))
    never = EmployeeFactory(employer=employer)  # registered on paper only, no filing
    never.registration_state = "registered"
    never.save()
    july = {row.employee.id: row for row in insured_in(JULY)}
    assert set(july) == {joined.id}
    assert july[joined.id].first_month == JULY
    assert july[joined.id].last_month is None


def test_a_separated_employee_pays_the_month_of_separation_and_not_after(
    employer, clerk, manager, frozen_today
):
    frozen_today(datetime.date(2026, 7, 5))  # the dissolve is filed before July's cut-off
    person = EmployeeFactory(employer=employer)
    insure(person, clerk, manager)
    draft = filing_create_draft(
        actor=clerk,
        employee=person,
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=datetime.date(2026, 7, 10),
    )
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id)
    assert [r.employee.id for r in insured_in(JULY)] == [person.id]
    assert insured_in(datetime.date(2026, 8, 1)) == []


def test_no_rule_for_the_region_is_counted_not_invented(employer, clerk, manager):
    employer.region = Region.objects.filter(parent_id="440000").order_by("code").first()
    employer.save()  # a Guangdong city: no rule ships for it
    person = EmployeeFactory(employer=employer)
    insure(person, clerk, manager)
    assert statements_compute(JULY, [person.id]) == {"insured": 1, "computed": 0, "no_rule": 1}
    assert not MonthlyStatement.objects.exists()


def test_a_used_rule_is_ended_after_its_last_statement_not_before(employer, clerk, manager):
    from contributions.services import rule_end

    person = EmployeeFactory(employer=employer, monthly_wage=D("12000"))
    insure(person, clerk, manager)
    rule = own_rule(manager, employer)
    statements_compute(datetime.date(2026, 8, 1), [person.id])
    with pytest.raises(ValidationError, match="2026-08"):
        rule_end(actor=manager, rule_id=rule.id, last_month=JULY)
    ended = rule_end(actor=manager, rule_id=rule.id, last_month=datetime.date(2026, 8, 20))
    assert ended.valid_until == datetime.date(2026, 8, 1)
    nxt = own_rule(manager, employer, valid_from=datetime.date(2026, 9, 1))
    assert rule_for(employer, datetime.date(2026, 9, 1)) == nxt
