"""What an overdue item exposes the employer to (SI Law arts. 84 and 86), worked by hand."""

import datetime
from decimal import Decimal as D

import pytest

from law.exposure import exposure, premiums_due_on, surcharge

M = datetime.date


@pytest.mark.parametrize(
    ("premiums", "due_on", "today", "expected"),
    [
        # 4,000.00 due 2026-10-31, on 2026-12-03: 33 days × 0.05 % × 4,000 = 66.00.
        (D("4000.00"), M(2026, 10, 31), M(2026, 12, 3), D("66.00")),
        # The day after the due day is the first day of surcharge: 1 × 2.00.
        (D("4000.00"), M(2026, 11, 30), M(2026, 12, 1), D("2.00")),
        # On the due day itself, nothing yet.
        (D("4000.00"), M(2026, 11, 30), M(2026, 11, 30), D("0.00")),
        # Before it: nothing, never negative.
        (D("4000.00"), M(2026, 12, 31), M(2026, 12, 3), D("0.00")),
        # 3,333.33 × 0.0005 × 7 = 11.6666… → 11.67 (half-up to the fen).
        (D("3333.33"), M(2026, 2, 28), M(2026, 3, 7), D("11.67")),
        # A leap February: due 2024-02-29, on 2024-03-31: 31 days × 1.00 = 31.00.
        (D("2000.00"), M(2024, 2, 29), M(2024, 3, 31), D("31.00")),
    ],
)
def test_the_art_86_surcharge_worked_by_hand(premiums, due_on, today, expected):
    assert surcharge(premiums, due_on, today) == expected


@pytest.mark.parametrize(
    ("month", "due_on"),
    [
        (M(2026, 2, 1), M(2026, 2, 28)),
        (M(2024, 2, 1), M(2024, 2, 29)),
        (M(2026, 12, 1), M(2026, 12, 31)),
    ],
)
def test_a_months_premiums_are_due_by_its_end(month, due_on):
    assert premiums_due_on(month) == due_on


def test_an_overdue_registrations_exposure_worked_by_hand():
    """Hired in October 2026, still unregistered on 2026-12-03, 4,000.00 a month both shares:
    October 33 days late (66.00), November 3 days (6.00), December not yet due (0.00); premiums
    12,000.00, fines 12,000.00 to 36,000.00 and 500 to 3,000 on the person responsible."""
    owed = {
        M(2026, 10, 1): D("4000.00"),
        M(2026, 11, 1): D("4000.00"),
        M(2026, 12, 1): D("4000.00"),
    }
    found = exposure(owed, M(2026, 12, 3))
    assert found.months == 3
    assert found.premiums == D("12000.00")
    assert found.surcharge == D("72.00")
    assert (found.fine_min, found.fine_max) == (D("12000.00"), D("36000.00"))
    assert (found.personal_fine_min, found.personal_fine_max) == (D("500"), D("3000"))
    assert found.at_most == D("72.00") + D("36000.00") + D("3000")


def test_months_of_different_amounts_each_accrue_from_their_own_end():
    """A rule change in between: 3,000.00 for October, 3,600.00 for November, on 2026-12-10:
    3,000 × 0.0005 × 40 = 60.00 and 3,600 × 0.0005 × 10 = 18.00."""
    found = exposure({M(2026, 10, 1): D("3000.00"), M(2026, 11, 1): D("3600.00")}, M(2026, 12, 10))
    assert (found.premiums, found.surcharge) == (D("6600.00"), D("78.00"))
