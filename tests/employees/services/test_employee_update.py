import datetime

import pytest
from django.core.exceptions import ValidationError

from employees.models import Employee, Membership
from employees.services import employee_move_registration, employee_update
from employees.workflow import RegistrationState as S
from hrsocsec.errors import RoleRefused
from tests.factories import EmployeeFactory, make_id_number, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(datetime.date(2026, 3, 10))


@pytest.fixture
def employee():
    return EmployeeFactory(hire_date=datetime.date(2026, 3, 2))


@pytest.fixture
def clerk(employee):
    return member(Membership.Role.CLERK, employee.employer)


def test_changing_the_hire_date_recomputes_the_deadline(employee, clerk):
    """A corrected hire date moves the stored deadline, and the event names the field."""
    employee_update(actor=clerk, employee=employee, hire_date=datetime.date(2026, 1, 1))
    employee.refresh_from_db()
    assert employee.registration_deadline == datetime.date(2026, 2, 2)
    assert employee.events.get().changed_fields == ["hire_date"]


def test_a_corrected_id_number_rederives_birth_date_and_sex(employee, clerk):
    """Correcting the ID number while unfiled updates birth date and sex from it."""
    new = make_id_number(datetime.date(1985, 7, 7), male=False)
    employee_update(actor=clerk, employee=employee, id_number=new)
    employee.refresh_from_db()
    assert (employee.id_number, employee.birth_date, employee.sex) == (
        new,
        datetime.date(1985, 7, 7),
        "female",
    )


def test_id_number_and_hire_date_are_fixed_once_filed(employee, clerk):
    """After a registration was filed, ID number and hire date are refused; nothing changes."""
    employee_move_registration(
        actor=clerk, employee_id=employee.id, to_state=S.REGISTRATION_PENDING
    )
    with pytest.raises(ValidationError) as info:
        employee_update(
            actor=clerk,
            employee=employee,
            hire_date=datetime.date(2026, 3, 3),
            id_number=make_id_number(),
            name="New Name",
        )
    assert set(info.value.message_dict) == {"hire_date", "id_number"}
    assert Employee.objects.get(id=employee.id).name == employee.name


def test_an_update_with_no_change_writes_no_event(employee, clerk):
    """Sending the current values again is a no-op."""
    employee_update(actor=clerk, employee=employee, name=employee.name)
    assert not employee.events.exists()


def test_a_separation_date_before_the_hire_date_is_refused(employee, clerk):
    with pytest.raises(ValidationError) as info:
        employee_update(actor=clerk, employee=employee, separation_date=datetime.date(2026, 3, 1))
    assert "separation_date" in info.value.message_dict


def test_the_employer_cannot_be_changed(employee, clerk):
    """An employment belongs to one employer for good."""
    with pytest.raises(ValidationError) as info:
        employee_update(actor=clerk, employee=employee, employer=None)
    assert "employer" in info.value.message_dict


def test_a_viewer_may_not_update(employee):
    with pytest.raises(RoleRefused):
        employee_update(
            actor=member(Membership.Role.VIEWER, employee.employer), employee=employee, name="X"
        )
    assert Employee.objects.get(id=employee.id).name == employee.name


def test_the_same_id_number_in_lowercase_is_no_change(employee, clerk):
    """Normalisation comes first: a lowercase x on a filed employee changes nothing."""
    with_x = next(n for n in (make_id_number() for _ in range(50)) if n.endswith("X"))
    Employee.objects.filter(id=employee.id).update(id_number=with_x)
    employee.id_number = with_x
    employee_move_registration(
        actor=clerk, employee_id=employee.id, to_state=S.REGISTRATION_PENDING
    )
    employee_update(actor=clerk, employee=employee, id_number=f" {employee.id_number.lower()} ")
    assert not employee.events.filter(action="updated").exists()
