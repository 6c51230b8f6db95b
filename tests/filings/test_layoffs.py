import pytest

from filings.layoffs import reaches_threshold, warning_text


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
