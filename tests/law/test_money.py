"""Worked examples, each checked by hand (the arithmetic is in the comments)."""

from decimal import Decimal as D

import pytest

from law.money import LineRule, contribution_base, fen, month_contributions, rounded

# A Shanghai-like pension line: 16 % employer, 8 % employee, base 7,460 to 37,302.
PENSION = LineRule("pension", D("0.16"), D("0.08"), D("7460"), D("37302"))
# A Beijing-like medical line: 9.8 % employer, 2 % employee plus a fixed 3 yuan.
MEDICAL = LineRule(
    "medical", D("0.098"), D("0.02"), D("7162"), D("35811"), employee_fixed=D("3.00")
)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        (D("1.005"), D("1.01")),  # half-up, not banker's (which would give 1.00)
        (D("1.015"), D("1.02")),
        (D("1.0049"), D("1.00")),
        (D("2.675"), D("2.68")),  # exact in Decimal, unlike the float 2.675
        (D("0"), D("0.00")),
    ],
)
def test_the_one_rounding_rule_is_half_up_to_the_fen(amount, rounded):
    assert fen(amount) == rounded


@pytest.mark.parametrize(
    ("wage", "base"),
    [(D("5000"), D("7460")), (D("12000.50"), D("12000.50")), (D("50000"), D("37302"))],
)
def test_the_base_is_the_wage_clamped_to_floor_and_ceiling(wage, base):
    assert contribution_base(wage, D("7460"), D("37302")) == base


@pytest.mark.parametrize(
    ("wage", "employer", "employee"),
    [
        # 12,000 × 16 % = 1,920.00; × 8 % = 960.00
        (D("12000"), D("1920.00"), D("960.00")),
        # below the floor: 7,460 × 16 % = 1,193.60; × 8 % = 596.80
        (D("3000"), D("1193.60"), D("596.80")),
        # above the ceiling: 37,302 × 16 % = 5,968.32; × 8 % = 2,984.16
        (D("80000"), D("5968.32"), D("2984.16")),
        # 12,345.67 × 16 % = 1,975.3072 → 1,975.31; × 8 % = 987.6536 → 987.65
        (D("12345.67"), D("1975.31"), D("987.65")),
    ],
)
def test_a_pension_line_worked_by_hand(wage, employer, employee):
    (line,) = month_contributions(wage, [PENSION]).lines
    assert (line.employer_amount, line.employee_amount) == (employer, employee)


def test_a_fixed_amount_is_added_after_rounding_and_totals_add_up():
    # 10,000.55 × 9.8 % = 980.0539 → 980.05; × 2 % = 200.011 → 200.01, + 3.00 = 203.01
    # pension: 10,000.55 × 16 % = 1,600.088 → 1,600.09; × 8 % = 800.044 → 800.04
    month = month_contributions(D("10000.55"), [PENSION, MEDICAL])
    medical = month.lines[1]
    assert (medical.base, medical.employer_amount, medical.employee_amount) == (
        D("10000.55"),
        D("980.05"),
        D("203.01"),
    )
    assert month.employer_total == D("2580.14")  # 1,600.09 + 980.05
    assert month.employee_total == D("1003.05")  # 800.04 + 203.01
    assert month.total == D("3583.19")


def test_lines_with_their_own_bounds_use_their_own_base():
    housing = LineRule("housing_fund", D("0.07"), D("0.07"), D("2690"), D("37302"))
    month = month_contributions(D("3000"), [PENSION, housing])
    assert [line.base for line in month.lines] == [D("7460"), D("3000")]
    assert month.lines[1].employee_amount == D("210.00")  # 3,000 × 7 %


def test_a_negative_wage_is_refused():
    with pytest.raises(ValueError, match="negative"):
        month_contributions(D("-1"), [PENSION])


@pytest.mark.parametrize(
    ("amount", "rounding", "expected"),
    [
        # Worked by hand: 12,345 × 0.08 = 987.60; × 0.105 = 1,296.225.
        (D("1296.225"), "half_up_fen", D("1296.23")),
        (D("1296.225"), "half_up_jiao", D("1296.20")),
        (D("1296.25"), "half_up_jiao", D("1296.30")),
        (D("1296.201"), "up_jiao", D("1296.30")),
        (D("1296.200"), "up_jiao", D("1296.20")),
        (D("1296.49"), "half_up_yuan", D("1296.00")),
        (D("1296.50"), "half_up_yuan", D("1297.00")),
        (D("0.004"), "half_up_fen", D("0.00")),
        (D("0.01"), "up_jiao", D("0.10")),
    ],
)
def test_each_agencys_rounding_worked_by_hand(amount, rounding, expected):
    """Every result is written to the fen, whatever step the agency rounds to."""
    result = rounded(amount, rounding)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_an_unknown_rounding_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="to_the_nearest"):
        rounded(D("1"), "to_the_nearest")


def test_each_line_rounds_by_its_rule_and_says_how():
    """A housing fund rounded to the yuan beside pension to the fen, in one month."""
    rules = [
        LineRule("pension", D("0.16"), D("0.08"), D("0"), D("99999")),
        LineRule("housing_fund", D("0.07"), D("0.07"), D("0"), D("99999"), rounding="half_up_yuan"),
    ]
    pension, fund = month_contributions(D("12345.67"), rules).lines
    assert (pension.employer_amount, pension.employee_amount) == (D("1975.31"), D("987.65"))
    assert (fund.employer_amount, fund.rounding) == (D("864.00"), "half_up_yuan")  # 864.1969
    assert pension.rounding == "half_up_fen"
