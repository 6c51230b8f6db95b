import datetime

import pytest

from law import payments
from law.payments import (
    cutoff_date,
    first_contribution_month,
    last_contribution_month,
    stop_filing_deadline,
)

D = datetime.date


@pytest.mark.parametrize(
    ("separation", "filed", "cutoff", "last_month"),
    [
        pytest.param(D(2026, 3, 10), D(2026, 3, 20), 22, D(2026, 3, 1), id="filed-before-cutoff"),
        pytest.param(D(2026, 3, 10), D(2026, 3, 22), 22, D(2026, 3, 1), id="filed-on-cutoff-day"),
        pytest.param(D(2026, 3, 10), D(2026, 3, 23), 22, D(2026, 4, 1), id="filed-after-cutoff"),
        pytest.param(D(2026, 3, 10), D(2026, 3, 31), None, D(2026, 3, 1), id="no-cutoff-month-end"),
        pytest.param(D(2026, 3, 31), D(2026, 3, 1), 25, D(2026, 3, 1), id="filed-in-advance"),
        pytest.param(D(2026, 12, 20), D(2026, 12, 28), 25, D(2027, 1, 1), id="december-rolls-year"),
        pytest.param(D(2026, 1, 5), D(2026, 3, 26), 25, D(2026, 4, 1), id="filed-months-late"),
        pytest.param(D(2026, 2, 10), D(2026, 2, 28), 31, D(2026, 2, 1), id="cutoff-past-month-end"),
    ],
)
def test_last_contribution_month(separation, filed, cutoff, last_month):
    """The month of separation, one more when filed after its cut-off, later if filed later."""
    assert last_contribution_month(separation, filed, cutoff) == last_month


def test_the_stop_filing_deadline_is_the_cutoff_of_the_separation_month():
    assert stop_filing_deadline(D(2026, 3, 10), 22) == D(2026, 3, 22)
    assert stop_filing_deadline(D(2026, 2, 10), 30) == D(2026, 2, 28)
    assert stop_filing_deadline(D(2024, 2, 10), None) == D(2024, 2, 29)


def test_a_registration_pays_from_its_month():
    assert first_contribution_month(D(2026, 3, 17)) == D(2026, 3, 1)


def test_cutoff_date_clamps_to_the_month():
    assert cutoff_date(D(2026, 4, 1), 31) == D(2026, 4, 30)


def test_months_between_counts_every_month_both_ends_included():
    got = payments.months_between(datetime.date(2025, 11, 17), datetime.date(2026, 2, 3))
    assert got == [D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
    assert payments.months_between(datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)) == []


def test_last_months_end_with_todays_and_cross_the_year():
    got = payments.last_months(datetime.date(2026, 2, 14), 3)
    assert got == [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]
    assert len(payments.last_months(datetime.date(2026, 12, 31), 12)) == 12
    assert payments.last_months(datetime.date(2026, 12, 31), 12)[0] == datetime.date(2026, 1, 1)
