"""One spreadsheet cell to one value, or a ValueError that says, in a clerk's words, what is
wrong with it. Pure: no database. The rules that need the employer are the hire's own
(employees.services.employees.check_employment)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# What a spreadsheet would run as a formula (full-width forms too): never imported as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
DATE_PATTERNS = [
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
]
FEN = Decimal("0.01")
HUGE = Decimal("1e15")
LANGUAGES = {"zh-hans": "zh-hans", "zh": "zh-hans", "中文": "zh-hans", "简体中文": "zh-hans"}
LANGUAGES |= {"en": "en", "english": "en", "英文": "en", "英语": "en"}


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """Text as typed, refused when a spreadsheet would run it as a formula."""
    if is_blank(value):
        return ""
    value = str(value) if not isinstance(value, str) else value
    if value.startswith(FORMULA_STARTS) or value.strip().startswith(FORMULA_STARTS):
        raise ValueError(
            _(
                "Starts with '%(char)s', which a spreadsheet runs as a formula; "
                "remove it, or paste the value only."
            )
            % {"char": value[0]}
        )
    return value.strip()


def id_number(value) -> str:
    if isinstance(value, int | float | Decimal):  # bool is an int too
        # 18 digits do not fit a spreadsheet number: Excel keeps 15 and rounds the rest.
        raise ValueError(
            _(
                "The spreadsheet stored this ID number as a number, which loses its last "
                "digits; format the column as Text and type the number again."
            )
        )
    return text(value)


def day(value) -> datetime.date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(raw)
        if match:
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                break
    raise ValueError(
        _("'%(value)s' is not a date; write it as 2026-07-01 (or 2026/7/1, 2026年7月1日).")
        % {"value": raw[:40]}
    )


def wage(value) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("Enter the monthly wage in yuan, as a number such as 8500.00."))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        raw = text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        try:
            amount = Decimal(raw.removesuffix("元").strip())
        except InvalidOperation:
            raise ValueError(
                _("'%(value)s' is not an amount; enter the monthly wage in yuan, such as 8500.00.")
                % {"value": raw[:40]}
            ) from None
    if not amount.is_finite():
        raise ValueError(_("Enter the monthly wage in yuan, as a number such as 8500.00."))
    if amount.copy_abs() >= HUGE:
        return amount  # the hire's own range check names the limit
    if amount != amount.quantize(FEN):
        raise ValueError(_("Enter the monthly wage in yuan with at most two decimals (fen)."))
    return amount.quantize(FEN)


def language(value) -> str:
    if is_blank(value):
        return "zh-hans"
    raw = text(value).lower()
    if raw not in LANGUAGES:
        raise ValueError(_("Write zh-hans (中文) or en (English), or leave it empty for Chinese."))
    return LANGUAGES[raw]
