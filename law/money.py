"""An employee's contributions for one month, as pure functions (no database).

The base is the employee's wage clamped to the line's floor and ceiling (DOMAIN.md: the average
monthly wage of the previous year, bounded at about 60 % and 300 % of the local average). Each
line's amount is base × rate, rounded half-up to the fen, plus any fixed monthly amount. That
rounding, per line, is the one rule, and ``fen`` is its one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def fen(amount: Decimal) -> Decimal:
    """Half-up to the fen (0.005 yuan rounds up): the rounding rule of every amount."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineRule:
    line: str
    employer_rate: Decimal
    employee_rate: Decimal
    base_floor: Decimal
    base_ceiling: Decimal
    employer_fixed: Decimal = Decimal("0")
    employee_fixed: Decimal = Decimal("0")


@dataclass(frozen=True)
class LineAmount:
    line: str
    base: Decimal
    employer_rate: Decimal
    employee_rate: Decimal
    employer_amount: Decimal
    employee_amount: Decimal


@dataclass(frozen=True)
class MonthAmounts:
    lines: tuple[LineAmount, ...]

    @property
    def employee_total(self) -> Decimal:
        return sum((line.employee_amount for line in self.lines), Decimal("0.00"))

    @property
    def employer_total(self) -> Decimal:
        return sum((line.employer_amount for line in self.lines), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.employee_total + self.employer_total


def contribution_base(wage: Decimal, floor: Decimal, ceiling: Decimal) -> Decimal:
    return min(max(wage, floor), ceiling)


def month_contributions(wage: Decimal, rules: Iterable[LineRule]) -> MonthAmounts:
    if wage < 0:
        raise ValueError("a wage is never negative")
    lines = []
    for rule in rules:
        base = contribution_base(wage, rule.base_floor, rule.base_ceiling)
        lines.append(
            LineAmount(
                line=rule.line,
                base=base,
                employer_rate=rule.employer_rate,
                employee_rate=rule.employee_rate,
                employer_amount=fen(base * rule.employer_rate) + rule.employer_fixed,
                employee_amount=fen(base * rule.employee_rate) + rule.employee_fixed,
            )
        )
    return MonthAmounts(tuple(lines))
