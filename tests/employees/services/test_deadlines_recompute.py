import datetime

import pytest

from employees.models import Employee
from employees.services import deadlines_recompute
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_recompute_fixes_stale_deadlines_of_unfiled_employments_only():
    """Stale deadlines of unregistered employees are corrected; filed ones are left alone."""
    stale = datetime.date(2026, 3, 20)
    # Counted with weekends only before the installed calendar covered 2026.
    unfiled = EmployeeFactory(registration_deadline=stale, deadline_uncovered_year=2026)
    filed = EmployeeFactory(registration_deadline=stale, registration_state=S.REGISTERED)
    assert deadlines_recompute([unfiled.id, filed.id]) == 1
    unfiled.refresh_from_db()
    assert (unfiled.registration_deadline, unfiled.deadline_uncovered_year) == (
        datetime.date(2026, 4, 1),
        None,
    )
    assert Employee.objects.get(id=filed.id).registration_deadline == stale
    assert deadlines_recompute([unfiled.id]) == 0  # running twice changes nothing
