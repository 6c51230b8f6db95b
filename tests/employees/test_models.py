import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from employees.models import Employee, Membership, Region
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db
# PostgreSQL names the violated constraint; SQLite names its columns.
UNIQUE_OPEN = "employee_one_open_employment|employees_employee.employer_id, employees_employee.id"
UNIQUE_MEMBERSHIP = "membership_one_per_user|employees_membership.user_id, employees_membership"


def test_one_open_employment_is_enforced_by_the_database():
    """Two open rows for one person at one employer violate the named constraint."""
    first = EmployeeFactory()
    with pytest.raises(IntegrityError, match=UNIQUE_OPEN), transaction.atomic():
        EmployeeFactory(employer=first.employer, id_number=first.id_number)


def test_one_open_employment_is_enforced_by_model_validation():
    first = EmployeeFactory()
    twin = EmployeeFactory.build(employer=first.employer, id_number=first.id_number)
    with pytest.raises(ValidationError, match="open employment"):
        twin.validate_constraints()


def test_a_stopped_employment_does_not_block_a_rehire():
    first = EmployeeFactory(registration_state=S.STOPPED)
    EmployeeFactory(employer=first.employer, id_number=first.id_number)
    assert Employee.objects.filter(id_number=first.id_number).count() == 2


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"registration_state": "lost"}, "employee_registration_state_valid"),
        ({"monthly_wage": -1}, "employee_monthly_wage_not_negative"),
        ({"separation_date": datetime.date(2026, 1, 1)}, "employee_separation_not_before_hire"),
        ({"contract_end_date": datetime.date(2026, 1, 1)}, "employee_contract_end_not_before_hire"),
        ({"registration_deadline": datetime.date(2026, 3, 2)}, "employee_deadline_after_hire"),
        ({"sex": "x"}, "employee_sex_valid"),
    ],
)
def test_check_constraints_refuse_impossible_rows(fields, constraint):
    """Each named check constraint stops an impossible row in the database and in validation."""
    employee = EmployeeFactory.build(employer=EmployerFactory(), **fields)
    with pytest.raises(ValidationError):
        employee.validate_constraints()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        employee.save()


def test_membership_is_unique_per_user_and_employer():
    user, employer = UserFactory(), EmployerFactory()
    Membership.objects.create(user=user, employer=employer, role="viewer")
    with pytest.raises(IntegrityError, match=UNIQUE_MEMBERSHIP), transaction.atomic():
        Membership.objects.create(user=user, employer=employer, role="clerk")


def test_a_cutoff_day_outside_a_month_is_refused():
    region = Region.objects.get(code="310000")
    region.cutoff_day = 32
    with pytest.raises(IntegrityError, match="region_cutoff_day_in_month"), transaction.atomic():
        region.save()


def test_the_deadline_warning_names_the_year_and_the_unknown_make_up_days():
    """A provisional deadline says which year's arrangement is missing, what was counted, and
    that make-up working days are unknown until the notice."""
    from employees.models import deadline_warning_text

    assert deadline_warning_text(None) == ""
    warning = deadline_warning_text(2027)
    assert "arrangement for 2027 has not been entered" in warning
    assert "public holidays fixed by law" in warning
    assert "make-up working days are not known" in warning


def test_an_event_reads_as_its_action_at_the_local_time(employer):
    """The inline row title: the action's label at Shanghai time, the time the row shows."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from employees.models import EmployeeEvent
    from tests.factories import EmployeeFactory

    event = EmployeeEvent.objects.create(
        employee=EmployeeFactory(employer=employer), action="hired"
    )
    EmployeeEvent.objects.filter(id=event.id).update(
        at=dt.datetime(2026, 12, 2, 14, 35, tzinfo=dt.UTC)
    )
    event.refresh_from_db()
    assert str(event) == "hired · 2026-12-02 22:35"
    assert event.at.astimezone(ZoneInfo("Asia/Shanghai")).hour == 22
