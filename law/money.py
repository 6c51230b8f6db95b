"""An employee's contributions for one month, as pure functions (no database).

The base is the employee's wage clamped to the line's floor and ceiling (DOMAIN.md: the average
monthly wage of the previous year, bounded at about 60 % and 300 % of the local average). Each
line's amount is base × rate, rounded per line as the region's rule says (``Rounding``: half-up
to the fen by default; some agencies round to the jiao, or the housing fund to the yuan), plus
any fixed monthly amount. ``rounded`` is the one place any amount is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from enum import StrEnum

FEN = Decimal("0.01")


class Rounding(StrEnum):
    """How an agency rounds each line's amount (the rule's data, snapshotted on statements)."""

    HALF_UP_FEN = "half_up_fen"  # 0.005 yuan rounds up: the default
    HALF_UP_JIAO = "half_up_jiao"
    UP_JIAO = "up_jiao"  # any part of a jiao counts as a whole one
    HALF_UP_YUAN = "half_up_yuan"


_ROUNDING = {
    Rounding.HALF_UP_FEN: (Decimal("0.01"), ROUND_HALF_UP),
    Rounding.HALF_UP_JIAO: (Decimal("0.1"), ROUND_HALF_UP),
    Rounding.UP_JIAO: (Decimal("0.1"), ROUND_UP),
    Rounding.HALF_UP_YUAN: (Decimal("1"), ROUND_HALF_UP),
}


def rounded(amount: Decimal, rounding: str = Rounding.HALF_UP_FEN) -> Decimal:
    """The one rounding place; the result is always written to the fen (12.30, 12.00)."""
    step, mode = _ROUNDING[Rounding(rounding)]
    return amount.quantize(step, rounding=mode).quantize(FEN)


def fen(amount: Decimal) -> Decimal:
    """Half-up to the fen (0.005 yuan rounds up): surcharges, fines, sums of amounts."""
    return rounded(amount, Rounding.HALF_UP_FEN)


@dataclass(frozen=True)
class LineRule:
    line: str
    employer_rate: Decimal
    employee_rate: Decimal
    base_floor: Decimal
    base_ceiling: Decimal
    employer_fixed: Decimal = Decimal("0")
    employee_fixed: Decimal = Decimal("0")
    rounding: str = Rounding.HALF_UP_FEN


@dataclass(frozen=True)
class LineAmount:
    line: str
    base: Decimal
    employer_rate: Decimal
    employee_rate: Decimal
    employer_amount: Decimal
    employee_amount: Decimal
    rounding: str = Rounding.HALF_UP_FEN


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
                employer_amount=rounded(base * rule.employer_rate, rule.rounding)
                + rule.employer_fixed,
                employee_amount=rounded(base * rule.employee_rate, rule.rounding)
                + rule.employee_fixed,
                rounding=str(Rounding(rule.rounding)),
            )
        )
    return MonthAmounts(tuple(lines))
