"""Resident ID numbers (GB 11643-1999) and credit codes (GB 32100-2015): pure rules, no database.

python-stdnum does the checks; this module only decides which input is acceptable at all and
turns each failure into a message that says which part is wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric, uscc

ID_NUMBER_LENGTH = 18
MINIMUM_WORKING_AGE = 16  # Labour Law art. 15


@dataclass(frozen=True, slots=True)
class IdNumber:
    value: str
    birth_date: datetime.date
    sex: str  # "male" or "female": the 17th digit, odd for men


def _ascii_or_refuse(raw: object, label: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError(_("Enter the %(label)s.") % {"label": label}, code="required")
    value = raw.strip()
    if not value.isascii():
        # stdnum would quietly fold full-width digits (U+FF10-FF19) to ASCII: refuse them instead.
        raise ValidationError(
            _(
                "The %(label)s may only contain half-width characters (0-9, A-Z); "
                "full-width digits or letters are not accepted."
            )
            % {"label": label},
            code="not_ascii",
        )
    return value.upper()


def has_id_number_shape(value: str) -> bool:
    """18 half-width characters, 17 digits then a digit or X; the check character and the
    birth date are parse_id_number's."""
    return (
        len(value) == ID_NUMBER_LENGTH
        and value.isascii()
        and value[:17].isdigit()
        and (value[17].isdigit() or value[17] == "X")
    )


def parse_id_number(raw: object, *, today: datetime.date) -> IdNumber:
    value = _ascii_or_refuse(raw, _("resident ID number"))
    if len(value) != ID_NUMBER_LENGTH:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(count)d.")
            % {"count": len(value)},
            code="length",
        )
    if not has_id_number_shape(value):
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."), code="format"
        )
    if value[17] != ric.calc_check_digit(value):
        raise ValidationError(
            _(
                "The last character (check character) does not match the other 17: "
                "the number has a typing error."
            ),
            code="checksum",
        )
    try:
        birth_date = ric.get_birth_date(value)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Characters 7-14 must be a real birth date (YYYYMMDD)."), code="birth_date"
        ) from None
    if birth_date > today:
        raise ValidationError(_("The birth date in the ID number is in the future."), code="future")
    if not division_in_use_since(value[:6], birth_date.year):
        raise ValidationError(
            _(
                "The first 6 digits are not an administrative division code that was in use "
                "at any time from this person's birth on."
            ),
            code="region",
        )
    return IdNumber(value, birth_date, "male" if int(value[16]) % 2 else "female")


def division_in_use_since(code: str, year: int) -> bool:
    """Whether ``code`` was a county-level division code at some time from ``year`` on.

    The address code is the county of household registration when the number was assigned
    (GB 11643-1999 art. 5.3), which is often years after birth: someone born in 1988 may hold a
    Pudong number (310115, created in 1992). So a code created after the birth year is valid;
    one that never existed, or was abolished before the birth year, is not. python-stdnum's own
    check (``ric.get_birth_place``) wants the code in use in the birth year itself, which refuses
    real numbers. Its table of codes and their years of use is the reference.
    """
    props = {k: v for _part, found in numdb.get("cn/loc").info(code) for k, v in found.items()}
    if "county" not in props:
        return False
    for county in props["county"].split(","):
        if not county.startswith("["):
            return True  # in use throughout
        _start, end = county[1:].split("]")[0].split("-")
        if not end or int(end) >= year:
            return True
    return False


def mask_id_number(value: str) -> str:
    """110105194912310021 -> 110105********0021: the region and the last four stay readable."""
    if len(value) != ID_NUMBER_LENGTH:
        return "*" * len(value)
    return f"{value[:6]}{'*' * 8}{value[-4:]}"


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def validate_working_age(birth_date: datetime.date, hire_date: datetime.date) -> None:
    if age_on(birth_date, hire_date) < MINIMUM_WORKING_AGE:
        raise ValidationError(
            _(
                "The employee is under %(age)d on the hire date (born %(birth)s): "
                "the Labour Law (art. 15) forbids employing them."
            )
            % {"age": MINIMUM_WORKING_AGE, "birth": birth_date.isoformat()},
            code="under_age",
        )


def parse_credit_code(raw: object) -> str:
    value = _ascii_or_refuse(raw, _("unified social credit code"))
    try:
        return uscc.validate(value)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(value)},
            code="length",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The last character (check character) of the credit code does not match the others."),
            code="checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _(
                "A unified social credit code has 8 digits, then digits and capital letters "
                "(not I, O, Z, S or V)."
            ),
            code="format",
        ) from None
