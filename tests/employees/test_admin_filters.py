"""employees.admin.filters: the months with hires, read from the index on PostgreSQL, are the
months Django's dates() finds."""

import datetime
import random

import pytest

from employees.admin.filters import _months_with_hires
from employees.models import Employee
from tests.factories import EmployeeFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_the_months_with_hires_are_those_dates_finds_with_gaps_and_other_employers():
    rng = random.Random(16)
    ours, theirs = EmployerFactory(), EmployerFactory()
    mine = [ours, theirs]
    for employer in (*mine, EmployerFactory()):
        for _ in range(12):
            day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 2500))
            EmployeeFactory(employer=employer, hire_date=day)
    ids = [employer.id for employer in mine]
    expected = list(Employee.objects.filter(employer__in=ids).dates("hire_date", "month"))
    assert len(expected) < (expected[-1] - expected[0]).days // 28  # months without a hire
    assert sorted(_months_with_hires(ids)) == expected
    assert _months_with_hires([]) == []
