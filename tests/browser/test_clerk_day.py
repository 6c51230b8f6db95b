"""A clerk's day in the admin, in Chromium: log in, read the dashboard, open the overdue
registrations, and file a dissolve for three people in one go."""

import datetime

import pytest
from django.utils import timezone

from employees.models import Membership
from employees.workflow import RegistrationState as S
from filings.models import Batch, Filing
from tests.browser.conftest import snap
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery"


@pytest.fixture
def clerks_employer():
    employer = EmployerFactory(name="Acme Trading Ltd")
    clerk = member(Membership.Role.CLERK, employer, username="lin")
    today = timezone.localdate()
    late = [
        EmployeeFactory(employer=employer, registration_deadline=today - datetime.timedelta(days=n))
        for n in (1, 2)
    ]
    leaving = [
        EmployeeFactory(employer=employer, registration_state=S.REGISTERED, name=f"Leaver {n}")
        for n in range(3)
    ]
    return employer, clerk, late, leaving


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_dashboard_overdue_list_and_a_bulk_dissolve(page, clerks_employer):
    employer, _clerk, late, leaving = clerks_employer
    log_in(page, "lin")
    row = page.locator(f"tr[data-employer='{employer.id}']")
    assert row.locator("td.overdue").inner_text().strip() == "2"
    snap(page, "1-dashboard")

    row.locator("td.overdue a").click()
    page.wait_for_url("**/employees/employee/**deadline=overdue**")
    names = page.locator("#result_list tbody tr th a").all_inner_texts()
    assert sorted(names) == sorted(person.name for person in late)
    snap(page, "2-overdue")

    page.goto(
        f"/admin/employees/employee/?employer__id__exact={employer.id}&registration_state__exact=registered"
    )
    for person in leaving:
        page.check(f"#result_list input[name=_selected_action][value='{person.id}']")
    page.select_option("select[name=action]", "dissolve_selected")
    page.click("button[name=index]")
    page.select_option("#id_reason", "mutual_agreement")
    leaving_on = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page.fill("#id_effective_date", leaving_on)
    page.fill("#id_note", "moving to the new site")
    snap(page, "3-dissolve-form")
    page.click("button[name=apply][value=submit]")
    page.wait_for_url("**/filings/batch/*/outcomes/**")
    assert "3 filings created" in page.locator("#batch-outcomes .counts").inner_text()
    assert page.locator("#outcomes tbody tr.outcome-created").count() == 3
    snap(page, "4-outcomes")

    batch = Batch.objects.get(employer=employer)
    made = Filing.objects.filter(batch_row__batch=batch)
    assert sorted(made.values_list("employee_id", flat=True)) == sorted(p.id for p in leaving)
    assert {str(d) for d in made.values_list("effective_date", flat=True)} == {leaving_on}
    assert set(made.values_list("state", flat=True)) == {"submitted"}


def test_a_manager_confirms_a_filing_with_the_agencys_reference(page):
    from filings.services import filing_create_draft, filing_submit

    employer = EmployerFactory(name="Beacon Foods Ltd")
    clerk = member(Membership.Role.CLERK, employer, username="wu")
    member(Membership.Role.MANAGER, employer, username="zhou")
    person = EmployeeFactory(employer=employer, name="Gao Ming")
    draft = filing_create_draft(actor=clerk, employee=person, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)

    log_in(page, "zhou")
    page.goto("/admin/filings/filing/?state__exact=submitted")
    page.check(f"#result_list input[name=_selected_action][value='{draft.id}']")
    page.select_option("select[name=action]", "confirm")
    page.click("button[name=index]")
    page.fill("#id_agency_reference", "SH-2026-0042")
    snap(page, "5-confirm-form")
    page.click("input[type=submit][value=Confirm]")
    page.wait_for_selector(".messagelist")
    snap(page, "6-confirmed")

    draft.refresh_from_db()
    person.refresh_from_db()
    assert (draft.state, draft.agency_reference) == ("confirmed", "SH-2026-0042")
    assert person.registration_state == S.REGISTERED
