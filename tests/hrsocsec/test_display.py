"""Money and rates as a clerk writes them."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from hrsocsec.display import percent, yuan


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        ("960", "¥960.00"),
        (Decimal("0.005"), "¥0.01"),  # to the fen, half up (not half even)
        (Decimal("-12"), "-¥12.00"),
        (Decimal("1234567.891"), "¥1,234,567.89"),
        (None, ""),
        ("", ""),
        ("not money", ""),
    ],
)
def test_yuan(amount, shown):
    assert yuan(amount) == shown


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        ("0.08000", "8%"),
        (Decimal("0.16"), "16%"),
        (Decimal("0.005"), "0.5%"),
        (Decimal("0.0025"), "0.25%"),
        (Decimal("0"), "0%"),
        (Decimal("1"), "100%"),
        (None, ""),
    ],
)
def test_percent(rate, shown):
    assert percent(rate) == shown


def test_the_template_filters_are_the_same_functions():
    text = Template("{% load display %}{{ a|yuan }} {{ r|percent }}").render(
        Context({"a": Decimal("4800"), "r": Decimal("0.24")})
    )
    assert text == "¥4,800.00 24%"
