import datetime

import pytest

from employees.models import Employee, EmployeeEvent
from employees.tasks import deadlines_recompute_task
from tests.factories import EmployeeFactory
from tests.polling import wait_for


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
def test_the_daily_tick_fans_out_and_the_worker_fixes_stale_deadlines(celery_worker):
    """Deadlines counted with weekends only for a year the calendar now covers are recomputed.

    The stored rows stand in for ones counted before the installed calendar covered 2026.
    """
    from employees.tasks import deadlines_refresh_task

    stale = {"registration_deadline": datetime.date(2026, 5, 4), "deadline_uncovered_year": 2026}
    employee = EmployeeFactory(hire_date=datetime.date(2026, 4, 1), **stale)
    filed = EmployeeFactory(
        hire_date=datetime.date(2026, 4, 1), registration_state="registered", **stale
    )
    EmployeeFactory(hire_date=datetime.date(2026, 12, 15))  # 2027 uncovered: nothing to do yet

    assert deadlines_refresh_task() == 1  # only the unfiled, stale one

    # 2026-05-01 is a Labour Day holiday (05-01..05); the first working day is Wed 05-06.
    assert wait_for(
        lambda: (
            Employee.objects.get(id=employee.id).registration_deadline == datetime.date(2026, 5, 6)
        )
    )
    assert Employee.objects.get(id=employee.id).deadline_uncovered_year is None
    assert not EmployeeEvent.objects.filter(employee=filed).exists()
