"""What missing a deadline costs, as pure functions (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from law.money import LineRule, month_contributions


def missed_cutoff_cost(wage: Decimal, rules: Iterable[LineRule]) -> Decimal:
    """A dissolve filed after the agency's cut-off costs one more month of contributions, both
    shares: after the separation there is no salary to withhold the employee's share from."""
    return month_contributions(wage, rules).total
