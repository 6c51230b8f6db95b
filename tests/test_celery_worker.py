import datetime
import time

import pytest

from employees.models import Employee, EmployeeEvent
from employees.tasks import deadlines_recompute_task
from tests.factories import EmployeeFactory


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
def test_a_task_round_trips_through_the_real_broker_and_worker(celery_worker):
    """A task sent with delay() reaches a real worker over the configured broker and runs."""
    employee = EmployeeFactory()
    right = employee.registration_deadline
    stale = right - datetime.timedelta(days=3)
    Employee.objects.filter(id=employee.id).update(registration_deadline=stale)

    deadlines_recompute_task.delay([employee.id])

    assert wait_for(lambda: Employee.objects.get(id=employee.id).registration_deadline == right)
    assert (
        EmployeeEvent.objects.filter(employee=employee, action="deadline_recomputed").count() == 1
    )


@pytest.mark.worker
def test_the_daily_tick_fans_out_and_the_worker_fixes_provisional_deadlines(celery_worker):
    """The beat task finds deadlines counted without the calendar and the worker recomputes them.

    The stored deadline stands in for one counted before a newer calendar was installed.
    """
    from employees.tasks import deadlines_refresh_task

    employee = EmployeeFactory(hire_date=datetime.date(2026, 12, 15))
    right = employee.registration_deadline
    Employee.objects.filter(id=employee.id).update(
        registration_deadline=right + datetime.timedelta(days=2)
    )
    filed = EmployeeFactory(hire_date=datetime.date(2026, 12, 15), registration_state="registered")

    assert deadlines_refresh_task() == 1  # only the unfiled one is provisional work

    assert wait_for(lambda: Employee.objects.get(id=employee.id).registration_deadline == right)
    assert not EmployeeEvent.objects.filter(employee=filed).exists()
