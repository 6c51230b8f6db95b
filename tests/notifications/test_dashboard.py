"""notifications.dashboard and the admin's landing page: per employer, the day's work as counts that
link to the filtered lists."""

import datetime

import pytest

from employees.workflow import RegistrationState as S
from filings.services import filing_create_draft, filing_submit
from notifications.dashboard import dashboard
from notifications.models import Notification
from tests.factories import EmployeeFactory, EmployerFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 25)  # Shanghai has no cut-off day: June's is the 30th


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def busy(employer, clerk):
    for n in (-3, -1):
        EmployeeFactory(employer=employer, registration_deadline=days(n))
    EmployeeFactory(employer=employer, registration_deadline=days(4))
    EmployeeFactory(employer=employer, registration_state=S.REGISTERED, separation_date=days(-5))
    waiting = EmployeeFactory(employer=employer, registration_deadline=days(20))
    draft = filing_create_draft(actor=clerk, employee=waiting, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)
    Notification.objects.create(
        kind="hr_digest",
        recipient="hr@example.com",
        subject_key=f"employer:{employer.id}",
        period="2026-06-09",
        employer=employer,
        language="en",
        status="failed",
    )
    EmployeeFactory(employer=EmployerFactory(), registration_deadline=days(-5))  # not theirs


def test_the_day_per_employer_of_the_user(
    frozen_today, busy, employer, clerk, django_assert_max_num_queries
):
    frozen_today(TODAY)
    with django_assert_max_num_queries(10):  # grouped counts, however many people
        (day,) = dashboard(clerk, TODAY)
    assert (day.employer_id, day.overdue, day.due_this_week) == (employer.id, 2, 1)
    assert (day.stops_near_cutoff, day.waiting_for_agency, day.failed_notifications) == (1, 1, 1)


def test_the_landing_page_links_each_count_to_its_list(frozen_today, busy, employer, clerk, client):
    frozen_today(TODAY)
    client.force_login(clerk)
    page = client.get("/admin/")
    html = page.content.decode()
    assert page.status_code == 200
    overdue = f"?employer__id__exact={employer.id}&amp;deadline=overdue"
    assert overdue in html
    listed = client.get(f"/admin/employees/employee/{overdue.replace('&amp;', '&')}")
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    stops = client.get(
        f"/admin/employees/employee/?employer__id__exact={employer.id}&deadline=stop7"
    )
    assert stops.context["cl"].result_count == 1


def test_a_user_without_employers_is_told_what_to_do(client):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert "not a member of any employer" in client.get("/admin/").content.decode()


def test_the_landing_page_lists_the_overdue_the_most_at_stake_first(
    frozen_today, employer, clerk, manager, client
):
    """Two overdue registrations under one rule: the one hired earlier, on the higher wage,
    owes more months and more a month, so it comes first, with its figures."""
    from decimal import Decimal

    from tests.contributions.test_services import PENSION, own_rule

    frozen_today(TODAY)
    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1), lines=[PENSION])
    small = EmployeeFactory(
        employer=employer,
        name="晚入职",
        hire_date=datetime.date(2026, 5, 4),
        monthly_wage=Decimal("8000"),
    )
    big = EmployeeFactory(
        employer=employer,
        name="早入职",
        hire_date=datetime.date(2026, 3, 2),
        monthly_wage=Decimal("20000"),
    )
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert html.index(f'data-employee="{big.id}"') < html.index(f'data-employee="{small.id}"')
    # 20,000 × 24 % = 4,800.00 a month, March to June: 19,200.00; fines up to 3x.
    assert "¥19,200.00" in html
    assert "¥19,200.00–¥57,600.00" in html
    assert "SI Law art. 86" in html


def test_the_landing_page_costs_the_same_queries_for_more_employers(
    frozen_today, clerk, client, django_assert_max_num_queries
):
    """Each employer of the clerk with a registration overdue: the page asks the roles once,
    not once per employer, and the sidebar's permission once per role, not once per model."""
    from employees.models import Membership

    frozen_today(TODAY)

    def one_more_employer():
        employer = EmployerFactory()
        Membership.objects.create(user=clerk, employer=employer, role=Membership.Role.CLERK)
        EmployeeFactory(employer=employer, registration_deadline=days(-3))

    def queries_of_the_page() -> int:
        client.force_login(clerk)
        with django_assert_max_num_queries(1000) as counted:
            assert client.get("/admin/").status_code == 200
        return len(counted.captured_queries)

    one_more_employer()
    few = queries_of_the_page()
    for _n in range(4):
        one_more_employer()
    assert queries_of_the_page() == few
