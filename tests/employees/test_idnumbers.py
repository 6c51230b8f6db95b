import datetime

import pytest
from django.core.exceptions import ValidationError

from employees.idnumbers import (
    age_on,
    mask_id_number,
    parse_credit_code,
    parse_id_number,
    validate_working_age,
)
from tests.factories import full_width

TODAY = datetime.date(2026, 11, 22)
VALID = "11010519491231002X"  # the GB 11643-1999 example: born 1949-12-31, female


def codes(raw):
    with pytest.raises(ValidationError) as info:
        parse_id_number(raw, today=TODAY)
    return info.value.code, info.value.messages[0]


def test_a_valid_number_gives_its_birth_date_and_sex():
    """The standard's own example parses to its birth date and, from an even 17th digit, female."""
    parsed = parse_id_number(VALID, today=TODAY)
    assert parsed.value == VALID
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == "female"


def test_an_odd_sequence_digit_means_male():
    """An odd 17th digit is a man."""
    assert parse_id_number("360426199101010071", today=TODAY).sex == "male"


def test_lowercase_x_and_surrounding_whitespace_are_normalised():
    """A lowercase x check character is uppercased and surrounding spaces are dropped."""
    assert parse_id_number("  11010519491231002x\t", today=TODAY).value == VALID


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        pytest.param("", "required", "Enter", id="empty"),
        pytest.param(None, "required", "Enter", id="none"),
        pytest.param(12345, "required", "Enter", id="not-text"),
        pytest.param(full_width("11010519491231002X"), "not_ascii", "full-width", id="full-width"),
        pytest.param("11010519491231002", "length", "this one has 17", id="too-short"),
        pytest.param("11010519491231002X1", "length", "this one has 19", id="too-long"),
        pytest.param("110105 9491231002X", "format", "17 digits", id="inner-spaces"),
        pytest.param("11010519491231002A", "format", "17 digits", id="letter-check-char"),
        pytest.param("1101051949123100AX", "format", "17 digits", id="letter-in-body"),
        pytest.param("110105194912310021", "checksum", "typing error", id="wrong-check-char"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(raw, code, words):
    """Each kind of malformed number is refused with a code and a message naming the problem."""
    got_code, message = codes(raw)
    assert got_code == code
    assert words in message


def with_check(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def test_an_impossible_birth_date_is_refused():
    """A 31 February is not a date, even with a correct check character."""
    assert codes(with_check("11010519490231002"))[0] == "birth_date"


def test_a_birth_date_after_today_is_refused():
    """A birth date after today cannot be right."""
    assert codes(with_check("11010520261123002"))[0] == "future"


def test_an_unknown_division_code_is_refused():
    """The first six digits must be a division code; 990000 is none."""
    assert codes(with_check("99000019900101002"))[0] == "region"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        pytest.param("31011519880315001", "Pudong New Area, created 1992", id="pudong-1988"),
        pytest.param("31011519900701002", "Pudong New Area, created 1992", id="pudong-1990"),
        pytest.param("44030519851120003", "Nanshan district, Shenzhen, from 1990", id="nanshan"),
        pytest.param("11011519750101004", "Daxing district, Beijing, from 2001", id="daxing"),
        pytest.param("31010219900101005", "Nanshi district, abolished 2000", id="ended-later"),
        pytest.param("31010119490101006", "Huangpu, in use throughout", id="throughout"),
    ],
)
def test_a_division_created_after_the_birth_is_accepted(body, why):
    """The address code is where the number was assigned, often years after birth (GB 11643):
    a code in use at any time from the birth on is valid."""
    number = with_check(body)
    assert parse_id_number(number, today=TODAY).value == number, why


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("31011119900101007", id="wusong-abolished-1988"),
        pytest.param("11011019870101008", id="yanshan-abolished-1986"),
        pytest.param("31020119830101009", id="shanghai-county-abolished-1982"),
    ],
)
def test_a_division_abolished_before_the_birth_is_refused(body):
    """A code that ceased before the person was born can never have been assigned to them."""
    got_code, message = codes(with_check(body))
    assert got_code == "region"
    assert "from this person's birth on" in message


def test_masking_keeps_the_division_and_the_last_four():
    """Masked numbers show six digits, eight stars and the last four characters."""
    assert mask_id_number(VALID) == "110105********002X"
    assert mask_id_number("short") == "*****"


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (datetime.date(2010, 6, 1), datetime.date(2026, 6, 1), 16),
        (datetime.date(2010, 6, 1), datetime.date(2026, 5, 31), 15),
        (datetime.date(2008, 2, 29), datetime.date(2024, 2, 28), 15),
        (datetime.date(2008, 2, 29), datetime.date(2024, 2, 29), 16),
    ],
)
def test_age_counts_whole_years_up_to_the_birthday(birth, day, age):
    assert age_on(birth, day) == age


def test_under_sixteen_on_the_hire_date_is_refused():
    """Labour Law art. 15: the day before the 16th birthday is refused, the birthday is allowed."""
    birth = datetime.date(2010, 6, 1)
    validate_working_age(birth, datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="under 16"):
        validate_working_age(birth, datetime.date(2026, 5, 31))


def test_a_valid_credit_code_is_accepted_and_uppercased():
    """A credit code with a correct check character passes, lowercase letters uppercased."""
    assert parse_credit_code(" 91110000600037341l ") == "91110000600037341L"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("9111000060003734", "length"),
        ("91110000600037341A", "checksum"),
        ("9111000O600037341L", "format"),
        (full_width("91110000600037341L"), "not_ascii"),
    ],
)
def test_a_bad_credit_code_is_refused_with_the_reason(raw, code):
    with pytest.raises(ValidationError) as info:
        parse_credit_code(raw)
    assert info.value.code == code
