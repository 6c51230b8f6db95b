"""What an overdue item exposes the employer to, as pure functions (no database).

- Art. 86 of the Social Insurance Law: premiums not paid in full and on time accrue a surcharge
  of 0.05 % a day (万分之五) from the day they were due; a month's premiums are due by the end
  of that month (the payment period), so the surcharge counts the days after it.
- Art. 84: not registering, once ordered to correct and still not done, is fined 1 to 3 times
  the premiums payable, and the person directly responsible RMB 500 to 3,000.
- A dissolve filed after the agency's cut-off costs one more month of both shares.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from law.money import LineRule, fen, month_contributions

SURCHARGE_PER_DAY = Decimal("0.0005")  # art. 86
FINE_TIMES = (Decimal(1), Decimal(3))  # art. 84, on the employer
PERSONAL_FINE = (Decimal(500), Decimal(3000))  # art. 84, on the person directly responsible


def missed_cutoff_cost(wage: Decimal, rules: Iterable[LineRule]) -> Decimal:
    """A dissolve filed after the agency's cut-off costs one more month of contributions, both
    shares: after the separation there is no salary to withhold the employee's share from."""
    return month_contributions(wage, rules).total


def premiums_due_on(month: datetime.date) -> datetime.date:
    """The last day a month's premiums may be paid without surcharge: the month's end."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def surcharge(premiums: Decimal, due_on: datetime.date, today: datetime.date) -> Decimal:
    """Art. 86: 0.05 % a day for each day after ``due_on`` up to and including today."""
    days = max(0, (today - due_on).days)
    return fen(premiums * SURCHARGE_PER_DAY * days)


@dataclass(frozen=True)
class Exposure:
    months: int  # the months of premiums owed
    premiums: Decimal  # both shares, all those months
    surcharge: Decimal  # art. 86, accrued to date
    fine_min: Decimal  # art. 84: 1x the premiums payable
    fine_max: Decimal  # 3x
    personal_fine_min: Decimal = PERSONAL_FINE[0]
    personal_fine_max: Decimal = PERSONAL_FINE[1]

    @property
    def at_most(self) -> Decimal:
        """What is at stake beyond the premiums themselves, at worst: the order of the lists."""
        return self.surcharge + self.fine_max + self.personal_fine_max


def exposure(monthly: Mapping[datetime.date, Decimal], today: datetime.date) -> Exposure:
    """The exposure of premiums owed for each month given (both shares, by month)."""
    premiums = sum(monthly.values(), Decimal("0.00"))
    accrued = sum(
        (surcharge(amount, premiums_due_on(month), today) for month, amount in monthly.items()),
        Decimal("0.00"),
    )
    return Exposure(
        months=len(monthly),
        premiums=premiums,
        surcharge=accrued,
        fine_min=fen(premiums * FINE_TIMES[0]),
        fine_max=fen(premiums * FINE_TIMES[1]),
    )
