import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from employees.models import Employee, EmployeeEvent, Membership
from employees.services import employee_hire, employee_move_registration
from employees.workflow import RegistrationState as S
from hrsocsec.errors import NotFound, RoleRefused
from tests.factories import EmployerFactory, make_id_number, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(datetime.date(2026, 3, 10))


def hire(user, employer, **overrides):
    values = {
        "name": "王芳",
        "id_number": make_id_number(),
        "hire_date": datetime.date(2026, 3, 2),
        "monthly_wage": Decimal("12000.00"),
    } | overrides
    return employee_hire(actor=user, employer=employer, **values)


def test_hire_stores_the_statutory_deadline_and_derived_fields(employer, clerk):
    """A hire gets its deadline (hire + 30, moved past rest days), birth date, sex and an event."""
    id_number = make_id_number(datetime.date(1990, 5, 17), male=False)
    employee = hire(
        clerk, employer, id_number=id_number.lower(), hire_date=datetime.date(2025, 9, 1)
    )
    employee.refresh_from_db()
    assert employee.registration_deadline == datetime.date(2025, 10, 9)  # National Day week
    assert employee.deadline_warning == ""
    assert (employee.birth_date, employee.sex) == (datetime.date(1990, 5, 17), "female")
    assert employee.registration_state == S.UNREGISTERED
    assert list(employee.events.values_list("action", "actor")) == [("hired", clerk.id)]


def test_hire_in_an_uncovered_year_warns(employer, clerk):
    """A deadline in a year the official calendar does not cover is stored with its warning."""
    employee = hire(clerk, employer, hire_date=datetime.date(2026, 12, 15))
    assert employee.registration_deadline == datetime.date(2027, 1, 14)
    assert "2027" in employee.deadline_warning


def test_hire_reports_every_bad_field_at_once_and_saves_nothing(employer, clerk):
    """Every invalid field is named with its reason, and no row is written."""
    with pytest.raises(ValidationError) as info:
        hire(
            clerk,
            employer,
            name="  ",
            id_number="110105194912310021",
            monthly_wage=Decimal("-1"),
            language="fr",
            contract_end_date=datetime.date(2026, 3, 1),
        )
    assert set(info.value.message_dict) == {
        "name",
        "id_number",
        "monthly_wage",
        "language",
        "contract_end_date",
    }
    assert not Employee.objects.exists()


def test_hire_of_someone_under_sixteen_is_refused(employer, clerk):
    """Labour Law art. 15: a 15-year-old cannot be hired; the hire date field says why."""
    with pytest.raises(ValidationError) as info:
        hire(clerk, employer, id_number=make_id_number(datetime.date(2010, 3, 3)))
    assert "under 16" in info.value.message_dict["hire_date"][0]
    assert not Employee.objects.exists()


def test_hire_more_than_a_year_ahead_is_refused(employer, clerk):
    """A hire date over 366 days ahead is taken for a typing error."""
    with pytest.raises(ValidationError) as info:
        hire(clerk, employer, hire_date=datetime.date(2027, 3, 12))
    assert "hire_date" in info.value.message_dict


def test_a_second_open_employment_of_the_same_person_is_refused(employer, clerk):
    """The same ID number cannot be hired twice at one employer while the first is open."""
    first = hire(clerk, employer)
    with pytest.raises(ValidationError) as info:
        hire(clerk, employer, id_number=first.id_number)
    assert f"#{first.id}" in info.value.message_dict["id_number"][0]
    assert Employee.objects.count() == 1


def test_a_rehire_after_the_insurance_stopped_is_a_new_employment(employer, clerk):
    """Once stopped, the person can be hired again: a new row, the old history kept."""
    first = hire(clerk, employer)
    for state in (S.REGISTRATION_PENDING, S.REGISTERED, S.STOP_PENDING, S.STOPPED):
        employee_move_registration(actor=clerk, employee_id=first.id, to_state=state)
    second = hire(clerk, employer, id_number=first.id_number, hire_date=datetime.date(2026, 3, 9))
    assert second.id != first.id
    assert Employee.objects.filter(id_number=first.id_number).count() == 2


def test_the_same_person_may_work_for_two_employers(employer, clerk):
    """The one-open-employment rule is per employer."""
    other = EmployerFactory()
    first = hire(clerk, employer)
    hire(member(Membership.Role.CLERK, other), other, id_number=first.id_number)
    assert Employee.objects.filter(id_number=first.id_number).count() == 2


def test_a_viewer_may_not_hire(employer):
    """A viewer is refused with 403 semantics, and nothing is written."""
    with pytest.raises(RoleRefused):
        hire(member(Membership.Role.VIEWER, employer), employer)
    assert not EmployeeEvent.objects.exists()


def test_a_non_member_is_told_the_employer_does_not_exist(employer):
    """Outside one's employers, the employer is simply not found."""
    with pytest.raises(NotFound):
        hire(member(Membership.Role.MANAGER), employer)


def test_a_duplicate_slipping_past_the_check_still_gets_the_field_error(
    employer, clerk, monkeypatch
):
    """When a concurrent hire wins the race, the constraint catches it and the loser is told why."""
    from employees.services import employees as module

    first = hire(clerk, employer)
    real_check = module.refuse_duplicate_employment
    calls = []

    def check_that_misses_the_first_time(*args, **kwargs):
        calls.append(args)
        if len(calls) > 1:
            real_check(*args, **kwargs)

    monkeypatch.setattr(module, "refuse_duplicate_employment", check_that_misses_the_first_time)
    with pytest.raises(ValidationError) as info:
        hire(clerk, employer, id_number=first.id_number)
    assert "open employment" in info.value.message_dict["id_number"][0]
    assert Employee.objects.count() == 1
    assert len(calls) == 2
