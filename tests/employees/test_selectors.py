import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from employees import access, selectors
from employees.models import Membership
from employees.workflow import RegistrationState as S
from tests.factories import EmployeeFactory, EmployerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)
HIRES = [datetime.date(2026, 1, 2) + datetime.timedelta(days=4 * n) for n in range(20)]


@pytest.fixture
def employers():
    """Three employers, each with unfiled hires whose deadlines fall before, on and after
    TODAY, and filed ones; deadlines shared by several employees (the order's tie-break)."""
    found = [EmployerFactory() for _ in range(3)]
    for employer in found:
        for hire in HIRES:
            EmployeeFactory(employer=employer, hire_date=hire)
        EmployeeFactory(employer=employer, hire_date=HIRES[0], registration_state=S.REGISTERED)
    return found


def users(employers) -> list:
    clerk = UserFactory()
    for employer in employers[:2]:
        MembershipFactory(user=clerk, employer=employer)
    viewer = UserFactory()
    MembershipFactory(user=viewer, employer=employers[2], role=Membership.Role.VIEWER)
    return [
        clerk,
        viewer,
        UserFactory(),  # a member of nothing
        UserFactory(is_superuser=True),
        UserFactory(is_active=False, is_superuser=True),
        AnonymousUser(),
    ]


def fields(employees) -> list[dict]:
    return [{k: v for k, v in e.__dict__.items() if k != "_state"} for e in employees]


def overdue_queryset(user, today):
    return access.employees_for(user).overdue(today).order_by(*selectors.DEADLINE_ORDER)


def due_queryset(user, days, today):
    employees = access.employees_for(user).due_within(days, today)
    return employees.order_by(*selectors.DEADLINE_ORDER)


def test_overdue_first_page_is_the_named_sets_for_every_kind_of_user(employers):
    for today in (TODAY, TODAY + datetime.timedelta(days=40), HIRES[0]):
        for user in users(employers):
            expected = fields(overdue_queryset(user, today)[: selectors.PAGE_SIZE])
            assert fields(selectors.employees_overdue_first_page(user, today)) == expected


def test_due_within_first_page_is_the_named_sets_for_every_kind_of_user(employers):
    for days in (0, 7, 30):
        for user in users(employers):
            expected = fields(due_queryset(user, days, TODAY)[: selectors.PAGE_SIZE])
            assert fields(selectors.employees_due_within_first_page(user, days, TODAY)) == expected


def test_one_users_page_is_never_anothers(employers):
    """The SQL is kept per kind of scope; each call's user goes into it."""
    first, second = member_of(employers[0]), member_of(employers[1])
    later = TODAY + datetime.timedelta(days=60)
    for user, employer in ((first, employers[0]), (second, employers[1]), (first, employers[0])):
        page = selectors.employees_overdue_first_page(user, later)
        assert {e.employer_id for e in page} == {employer.id}
        assert len(page) == len(HIRES)


def test_the_first_page_holds_a_page_soonest_deadline_first(employers):
    for hire in HIRES * 3:  # 120 unfiled in all, more than a page
        EmployeeFactory(employer=employers[0], hire_date=hire)
    user = UserFactory(is_superuser=True)
    page = selectors.employees_overdue_first_page(user, TODAY + datetime.timedelta(days=400))
    assert len(page) == selectors.PAGE_SIZE
    keys = [(e.registration_deadline, e.id) for e in page]
    assert keys == sorted(keys)


def test_a_page_is_one_query(employers, django_assert_num_queries):
    user = member_of(employers[0])
    selectors.employees_overdue_first_page(user, TODAY)  # compiled on the first call
    with django_assert_num_queries(1):
        selectors.employees_overdue_first_page(user, TODAY)
    with django_assert_num_queries(1):
        selectors.employees_due_within_first_page(user, 7, TODAY)


@pytest.mark.postgres
def test_on_postgresql_a_members_page_runs_the_sql_compiled_once(employers):
    user = member_of(employers[0])
    selectors.employees_due_within_first_page(user, 7, TODAY)
    compiled = selectors._deadline_between._compiled[access.MEMBER_EMPLOYEES]
    queryset = due_queryset(user, 7, TODAY)[: selectors.PAGE_SIZE]
    assert compiled.sql == queryset.query.get_compiler(using="default").as_sql()[0]


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, employer=employer)
    return user
