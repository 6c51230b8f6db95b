import pytest

from employees.models import Employee, EmployeeEvent
from employees.services import employee_move_registration
from employees.services.registration import RegistrationMoveRefused
from employees.workflow import REGISTRATION_TRANSITIONS
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_allowed_move_changes_the_state_and_writes_the_event():
    """unregistered -> registration_pending is recorded with actor, from, to and note."""
    employee, actor = EmployeeFactory(), UserFactory()
    employee_move_registration(
        actor=actor, employee_id=employee.id, to_state=S.REGISTRATION_PENDING, note="filed"
    )
    event = EmployeeEvent.objects.get(employee=employee)
    assert Employee.objects.get(id=employee.id).registration_state == S.REGISTRATION_PENDING
    assert (event.from_state, event.to_state, event.actor, event.note) == (
        "unregistered",
        "registration_pending",
        actor,
        "filed",
    )


def test_a_move_outside_the_table_is_refused_and_changes_nothing():
    """unregistered -> stopped is not in the table: refused, no state change, no event."""
    employee = EmployeeFactory()
    with pytest.raises(RegistrationMoveRefused) as info:
        employee_move_registration(actor=None, employee_id=employee.id, to_state=S.STOPPED)
    assert info.value.fields == {"registration_state": ["unregistered"]}
    assert Employee.objects.get(id=employee.id).registration_state == S.UNREGISTERED
    assert not EmployeeEvent.objects.exists()


def test_repeating_a_move_is_a_no_op():
    """Moving to the state already held returns without a second event."""
    employee = EmployeeFactory()
    for _ in range(2):
        employee_move_registration(
            actor=None, employee_id=employee.id, to_state=S.REGISTRATION_PENDING
        )
    assert EmployeeEvent.objects.filter(employee=employee).count() == 1


def test_stopped_is_final_and_every_state_is_in_the_table():
    """The table names every state, and nothing leaves stopped (a rehire is a new row)."""
    assert set(REGISTRATION_TRANSITIONS) == set(S.values)
    assert REGISTRATION_TRANSITIONS[S.STOPPED] == frozenset()


def test_a_rejected_registration_steps_back_to_unregistered():
    """registration_pending -> unregistered is allowed (a rejected or withdrawn filing)."""
    employee = EmployeeFactory(registration_state=S.REGISTRATION_PENDING)
    employee_move_registration(actor=None, employee_id=employee.id, to_state=S.UNREGISTERED)
    assert Employee.objects.get(id=employee.id).registration_state == S.UNREGISTERED
