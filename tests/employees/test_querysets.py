import datetime

import pytest

from employees import access
from employees.models import Membership
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def setting():
    """One employer of the user's and one of somebody else's, each with every kind of row."""
    mine, theirs = EmployerFactory(), EmployerFactory()
    rows = {}
    for employer in (mine, theirs):
        rows[employer] = {
            # deadlines: 02-28 (overdue; a make-up working Saturday), 03-10, 03-17, 03-18
            "overdue": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 1, 29)),
            "today": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 8)),
            "in7": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 15)),
            "in8": EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 2, 16)),
            "filed": EmployeeFactory(
                employer=employer,
                hire_date=datetime.date(2026, 1, 2),
                registration_state=S.REGISTRATION_PENDING,
            ),
        }
    return member(Membership.Role.VIEWER, mine), rows[mine]


def ids(queryset):
    return [e.id for e in queryset]


def test_overdue_is_unfiled_past_the_deadline_in_my_employers_only(setting):
    user, mine = setting
    assert mine["overdue"].registration_deadline == datetime.date(2026, 2, 28)
    assert ids(access.employees_for(user).overdue(TODAY)) == [mine["overdue"].id]


def test_due_within_includes_today_and_the_last_day(setting):
    """Due within 7 days: deadline today through today + 7, not before, not after."""
    user, mine = setting
    assert ids(
        access.employees_for(user).due_within(7, TODAY).order_by("registration_deadline")
    ) == [
        mine["today"].id,
        mine["in7"].id,
    ]


def test_done_is_everything_filed(setting):
    user, mine = setting
    assert ids(access.employees_for(user).registration_done()) == [mine["filed"].id]


def test_each_named_set_is_one_query(setting, django_assert_num_queries):
    user, _ = setting
    for queryset in (
        access.employees_for(user).overdue(TODAY),
        access.employees_for(user).due_within(7, TODAY).order_by("registration_deadline"),
        access.employees_for(user).registration_done(),
    ):
        with django_assert_num_queries(1):
            list(queryset)


def test_a_user_with_no_membership_sees_nothing(setting):
    from tests.factories import UserFactory

    assert not access.employees_for(UserFactory()).overdue(TODAY).exists()
