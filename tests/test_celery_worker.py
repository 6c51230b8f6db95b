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
