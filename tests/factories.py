import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from stdnum.cn import ric, uscc

from employees.holidays import current_calendar
from employees.models import Employee, Employer, Membership, Region
from law.deadlines import registration_deadline as _deadline

_sequence = itertools.count(1)


def make_id_number(
    birth_date: datetime.date = datetime.date(1990, 5, 17), region: str = "110105", male=True
) -> str:
    """A valid resident ID number, different on every call."""
    order = next(_sequence) % 500 * 2 + (1 if male else 0)
    body = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_credit_code() -> str:
    body = f"91310000{next(_sequence):09d}"
    return body + uscc.calc_check_digit(body + "0")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.django.Password("correct horse battery")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n} Ltd")
    credit_code = factory.LazyFunction(make_credit_code)
    region = factory.LazyFunction(lambda: Region.objects.get(code="310000"))
    hr_emails = factory.LazyAttribute(lambda e: [f"hr{e.credit_code[-4:]}@example.com"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    employer = factory.SubFactory(EmployerFactory)
    role = Membership.Role.CLERK


class EmployeeFactory(factory.django.DjangoModelFactory):
    """A row as the services would write it (deadline computed), for reads and state tests."""

    class Meta:
        model = Employee

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Employee {n}")
    id_number = factory.LazyFunction(make_id_number)
    birth_date = factory.LazyAttribute(lambda e: ric.get_birth_date(e.id_number))
    sex = factory.LazyAttribute(lambda e: "male" if int(e.id_number[16]) % 2 else "female")
    hire_date = datetime.date(2026, 3, 2)
    monthly_wage = Decimal("12000.00")
    registration_deadline = factory.LazyAttribute(lambda e: registration_deadline(e.hire_date).date)
    deadline_uncovered_year = factory.LazyAttribute(
        lambda e: registration_deadline(e.hire_date).uncovered_year
    )


def registration_deadline(hire_date):
    """Counted as the hire service counts it: with the calendar in the database."""
    return _deadline(hire_date, current_calendar())


def member(role=Membership.Role.CLERK, employer=None, **user_fields):
    """A user who is a member of employer (a new one if not given) with role."""
    employer = employer or EmployerFactory()
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, employer=employer, role=role)
    return user


def full_width(text: str) -> str:
    """The same characters as full-width forms (what a Chinese IME types): '1' -> U+FF11."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
