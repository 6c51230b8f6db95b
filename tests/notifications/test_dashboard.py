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
