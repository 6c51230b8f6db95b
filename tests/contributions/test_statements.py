"""contributions.statements: the statements computed in one INSERT ... SELECT are, line by line,
what law.money computes for the same wage and rule, in every rounding mode, with the floor,
the ceiling and the fixed amounts."""

import datetime
import random
from decimal import Decimal as D

import pytest

from contributions.models import MonthlyStatement
from contributions.selectors import line_rules
from contributions.services import rule_save, statements_compute
from law.money import Rounding, month_contributions
from tests.contributions.test_services import insure
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
JULY = datetime.date(2026, 7, 1)
ROUNDINGS = [r.value for r in Rounding]


def lines(seed: int) -> list[dict]:
    """A rule's six lines, each rounding mode at least once, odd rates and fixed amounts."""
    rng = random.Random(seed)
    kinds = ["pension", "medical", "unemployment", "work_injury", "maternity", "housing_fund"]
    return [
        {
            "line": kind,
            "employer_rate": str(D(rng.randint(0, 20000)) / 100000),
            "employee_rate": str(D(rng.randint(0, 12345)) / 100000),
            "employer_fixed": str(D(rng.choice([0, 0, 3, 7.5]))),
            "employee_fixed": str(D(rng.choice([0, 0, 1.25]))),
            "base_floor": str(D(rng.randint(3000, 7000))),
            "base_ceiling": str(D(rng.randint(20000, 40000)) + D("0.55")),
            "rounding": ROUNDINGS[n % len(ROUNDINGS)] if n < 4 else rng.choice(ROUNDINGS),
        }
        for n, kind in enumerate(kinds)
    ]


def wages(rng: random.Random, count: int) -> list[D]:
    """Below the floor, above the ceiling, on them, and cents that round either way."""
    edges = [D("0"), D("0.01"), D("3000"), D("7000"), D("20000.55"), D("99999.99"), D("12345.05")]
    return edges + [D(rng.randint(0, 6_000_000)) / 100 for _ in range(count - len(edges))]


def test_the_sql_statements_are_law_moneys_for_every_line_and_rounding(operator_user):
    rng = random.Random(20261207)
    employers = [EmployerFactory() for _ in range(3)]
    rules = {}
    for n, employer in enumerate(employers[:2]):  # the third has no rule of its own
        manager = member("manager", employer)
        rules[employer.id] = rule_save(
            actor=manager,
            region_code=employer.region_id,
            employer_id=employer.id,
            valid_from=JULY,
            lines=lines(n),
            source="test notice",
        )
    people = []
    for employer in employers:
        clerk, manager = member("clerk", employer), member("manager", employer)
        for wage in wages(rng, 40):
            person = EmployeeFactory(
                employer=employer, monthly_wage=wage, hire_date=datetime.date(2026, 6, 1)
            )
            insure(person, clerk, manager)
            people.append(person)
    third = {p.id for p in people if p.employer_id == employers[2].id}
    result = statements_compute(JULY, [p.id for p in people])
    # The third employer has no rule of its own but its region's shipped sample may apply.
    made = MonthlyStatement.objects.filter(month=JULY).select_related("rule")
    assert result["insured"] == len(people)
    assert result["computed"] == made.count() == len(people) - result["no_rule"]
    assert made.exclude(employee_id__in=third).count() == 80
    for statement in made:
        expected = month_contributions(statement.wage, line_rules(statement.rule))
        assert statement.lines == [
            {key: str(value) for key, value in vars(line).items()} for line in expected.lines
        ], statement.wage
        assert statement.employee_total == expected.employee_total
        assert statement.employer_total == expected.employer_total
        person = next(p for p in people if p.id == statement.employee_id)
        assert statement.wage == person.monthly_wage
    assert {line["rounding"] for s in made for line in s.lines} == set(ROUNDINGS)
    assert statements_compute(JULY, [p.id for p in people])["computed"] == 0  # safe twice


@pytest.fixture
def operator_user():
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True)
