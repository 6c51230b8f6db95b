import datetime

import pytest

from law.layoffs import headcount, reaches_threshold, warning_text


@pytest.mark.parametrize(
    ("headcount", "workforce", "warns"),
    [
        (20, 10_000, True),  # twenty or more, whatever the workforce
        (19, 1_000, False),
        (19, 190, True),  # fewer than twenty, but 10 %
        (19, 191, False),
        (1, 10, True),
        (1, 11, False),
        (0, 0, False),
    ],
)
def test_the_article_41_threshold(headcount, workforce, warns):
    assert reaches_threshold(headcount, workforce) is warns


def test_the_warning_names_the_numbers_and_the_duties():
    text = warning_text(20, 220)
    assert "20 of 220" in text
    assert "union" in text
    assert "labour authority" in text


def day(n: int) -> datetime.date:
    return datetime.date(2026, 6, 1) + datetime.timedelta(days=n)


def test_the_headcount_is_the_fullest_thirty_day_period_around_the_date():
    cuts = [(1, day(0)), (2, day(29)), (3, day(30))]
    assert headcount(cuts, day(0)) == 2  # days 0 and 29 share a period; 30 is a day too far
    assert headcount(cuts, day(30)) == 2  # days 29 and 30
    cuts.append((4, day(15)))
    assert headcount(cuts, day(0)) == 3  # days 0, 15, 29
    assert headcount(cuts, day(30)) == 3  # days 15, 29, 30
    assert headcount([(1, day(0)), (1, day(3))], day(0)) == 1  # a person counts once
    assert headcount([], day(0)) == 0
