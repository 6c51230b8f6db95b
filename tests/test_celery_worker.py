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
    """Provisional deadlines of a year that has its arrangement now are recomputed (the task
    saving the year enqueued was lost, say).

    The stored rows stand in for ones counted before 2026's arrangement was entered.
    """
    from employees.tasks import deadlines_refresh_task

    stale = {"registration_deadline": datetime.date(2026, 5, 4), "deadline_uncovered_year": 2026}
    employee = EmployeeFactory(hire_date=datetime.date(2026, 4, 1), **stale)
    filed = EmployeeFactory(
        hire_date=datetime.date(2026, 4, 1), registration_state="registered", **stale
    )
    EmployeeFactory(hire_date=datetime.date(2026, 12, 15))  # 2027 uncovered: nothing to do yet

    assert deadlines_refresh_task() == [2026]  # the filed one does not count; 2027 waits

    # 2026-05-01 is a Labour Day holiday (05-01..05); the first working day is Wed 05-06.
    assert wait_for(
        lambda: (
            Employee.objects.get(id=employee.id).registration_deadline == datetime.date(2026, 5, 6)
        )
    )
    assert Employee.objects.get(id=employee.id).deadline_uncovered_year is None
    assert not EmployeeEvent.objects.filter(employee=filed).exists()


@pytest.mark.worker
def test_saving_a_years_arrangement_has_the_worker_move_its_deadlines(celery_worker):
    """The save enqueues one task after its commit; the worker recomputes every deadline."""
    from tests.employees.services.test_holiday_year_save import save

    people = [EmployeeFactory(hire_date=datetime.date(2027, 1, 6)) for _ in range(3)]
    assert {p.registration_deadline for p in people} == {datetime.date(2027, 2, 9)}
    save()
    moved = Employee.objects.filter(
        id__in=[p.id for p in people], registration_deadline=datetime.date(2027, 2, 12)
    )
    assert wait_for(lambda: moved.count() == 3)
    assert not moved.filter(deadline_uncovered_year__isnull=False).exists()
