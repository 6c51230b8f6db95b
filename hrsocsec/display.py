"""Money and rates as a clerk writes them, in pages and mails of either language: ¥1,234.56
and 8%, never 1234.56 or 0.08000. Plain functions (the payment notice formats a hundred thousand
of them a month) with template filters of the same names (hrsocsec.templatetags.display)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def yuan(value) -> str:
    """¥1,234.56 (to the fen; a negative amount as -¥12.00); "" for no amount. The amounts
    shown are already rounded by law.money; a finer one is shown half up, never half even."""
    amount = _decimal(value)
    if amount is None:
        return ""
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{'-' if amount < 0 else ''}¥{abs(amount):,}"


def percent(value) -> str:
    """A rate as a percentage without trailing zeros: 0.08 -> 8%, 0.005 -> 0.5%."""
    rate = _decimal(value)
    if rate is None:
        return ""
    text = f"{rate * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
