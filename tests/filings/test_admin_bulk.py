import datetime

import pytest

from employees.models import Employee, Membership
from employees.workflow import RegistrationState as S
from filings.models import Batch, Filing, FilingEvent
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
EMPLOYEES = "/admin/employees/employee/"
LEAVING = "2026-06-30"


def tick(action, ids, **fields):
    return {"action": action, "_selected_action": [str(i) for i in ids], **fields}


def dissolve(ids, **fields):
    choice = {"reason": "mutual_agreement", "effective_date": LEAVING, "apply": "draft"}
    return tick("dissolve_selected", ids, **{**choice, **fields})


def test_dissolve_selected_asks_reason_date_and_note_then_shows_each_outcome(
    client, employer, staff, clerk
):
    """Seed 000: tick the people, pick the reason and the date, save."""
    unregistered = EmployeeFactory(employer=employer, name="Not Yet Registered")
    client.force_login(clerk)
    ids = [e.id for e in staff] + [unregistered.id]
    form = client.post(EMPLOYEES, tick("dissolve_selected", ids)).content.decode()
    assert 'name="reason"' in form
    assert 'name="effective_date"' in form
    assert 'name="note"' in form
    assert 'name="acknowledge_layoff"' not in form  # only when art. 41 applies

    saved = client.post(EMPLOYEES, dissolve(ids, note="site closes"))
    batch = Batch.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/admin/filings/batch/{batch.id}/outcomes/"
    made = Filing.objects.filter(batch_row__batch=batch)
    assert sorted(made.values_list("employee_id", flat=True)) == sorted(e.id for e in staff)
    assert set(made.values_list("state", flat=True)) == {"draft"}
    notes = set(FilingEvent.objects.filter(filing__in=made).values_list("note", flat=True))
    assert notes == {f"batch #{batch.id}: site closes"}

    page = client.get(saved["Location"])
    rows = list(page.context["page"])
    assert rows[0].employee_id == unregistered.id  # the refused row first
    html = page.content.decode()
    assert "needs the employee registered" in html
    assert unregistered.id_number_masked in html
    assert unregistered.id_number not in html
    for filing in made:
        assert f"/admin/filings/filing/{filing.id}/change/" in html


def test_save_and_submit_marks_every_filing_submitted(client, staff, clerk):
    client.force_login(clerk)
    client.post(EMPLOYEES, dissolve([e.id for e in staff], apply="submit"))
    assert set(Filing.objects.values_list("state", flat=True)) == {"submitted"}
    assert set(Employee.objects.values_list("registration_state", flat=True)) == {"stop_pending"}


def test_a_form_error_names_the_field_and_creates_nothing(client, staff, clerk):
    client.force_login(clerk)
    response = client.post(EMPLOYEES, dissolve([staff[0].id], reason="other"))
    assert response.status_code == 200
    assert "reason_text" in response.context["form"].errors
    response = client.post(EMPLOYEES, dissolve([staff[0].id], effective_date="2026-02-30"))
    assert "effective_date" in response.context["form"].errors
    assert not Batch.objects.exists()
    assert not Filing.objects.exists()


def test_employees_of_two_employers_cannot_share_a_batch(client, staff, clerk):
    elsewhere = EmployeeFactory(registration_state=S.REGISTERED)
    Membership.objects.create(user=clerk, employer=elsewhere.employer, role="clerk")
    client.force_login(clerk)
    response = client.post(EMPLOYEES, dissolve([staff[0].id, elsewhere.id]), follow=True)
    assert "one employer" in response.content.decode()
    assert not Batch.objects.exists()


def test_register_selected_takes_effect_on_each_hire_date_when_left_empty(client, employer, clerk):
    people = EmployeeFactory.create_batch(2, employer=employer)
    client.force_login(clerk)
    body = tick("register_selected", [p.id for p in people], apply="submit", effective_date="")
    assert client.post(EMPLOYEES, body).status_code == 302
    for person in people:
        filing = Filing.objects.get(employee=person)
        assert (filing.kind, filing.state) == ("register", "submitted")
        assert filing.effective_date == person.hire_date
        person.refresh_from_db()
        assert person.registration_state == S.REGISTRATION_PENDING


def test_renew_selected_needs_the_new_contract_end(client, staff, clerk):
    client.force_login(clerk)
    ids = [e.id for e in staff]
    missing = client.post(
        EMPLOYEES, tick("renew_selected", ids, apply="draft", effective_date="2026-07-01")
    )
    assert "new_contract_end_date" in missing.context["form"].errors
    assert not Filing.objects.exists()
    body = tick(
        "renew_selected",
        ids,
        apply="draft",
        effective_date="2026-07-01",
        new_contract_end_date="2029-06-30",
    )
    client.post(EMPLOYEES, body)
    ends = set(Filing.objects.values_list("kind", "new_contract_end_date"))
    assert ends == {("renew", datetime.date(2029, 6, 30))}


def test_a_layoff_shows_the_art_41_warning_on_the_form_and_needs_the_tick(
    client, employer, staff, clerk
):
    client.force_login(clerk)
    body = dissolve([e.id for e in staff], reason="economic_layoff", apply="submit")
    warned = client.post(EMPLOYEES, body)
    assert warned.status_code == 200
    assert "art. 41" in warned.context["layoff_warning"]
    assert "3 of 3" in warned.context["layoff_warning"]
    assert "acknowledge_layoff" in warned.context["form"].errors
    assert 'name="acknowledge_layoff"' in warned.content.decode()
    assert not Batch.objects.exists()

    saved = client.post(EMPLOYEES, {**body, "acknowledge_layoff": "on"})
    assert saved.status_code == 302
    batch = Batch.objects.get()
    assert batch.layoff_acknowledged_by == clerk
    filings = Filing.objects.filter(batch_row__batch=batch)
    assert set(filings.values_list("state", "layoff_acknowledged_by")) == {("submitted", clerk.id)}


def test_a_viewer_is_not_offered_the_bulk_actions(client, employer, staff):
    client.force_login(member(Membership.Role.VIEWER, employer))
    assert client.get(EMPLOYEES).context["action_form"] is None  # no action at all
    client.post(EMPLOYEES, dissolve([staff[0].id]))
    assert not Batch.objects.exists()


def test_the_outcomes_page_of_another_employers_batch_is_a_404(client, employer, staff, clerk):
    client.force_login(clerk)
    client.post(EMPLOYEES, dissolve([staff[0].id]))
    batch = Batch.objects.get()
    client.force_login(member(Membership.Role.MANAGER))
    assert client.get(f"/admin/filings/batch/{batch.id}/outcomes/").status_code == 404


def test_a_clerk_elsewhere_who_only_views_this_employer_cannot_file_for_it(client, staff):
    user = member(Membership.Role.CLERK)  # a clerk of another employer
    Membership.objects.create(user=user, employer=staff[0].employer, role="viewer")
    client.force_login(user)
    response = client.post(EMPLOYEES, dissolve([staff[0].id]), follow=True)
    assert response.status_code == 200
    assert "needs a clerk" in response.content.decode()
    assert not Batch.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_an_extreme_date_is_a_field_error_not_a_crash(client, staff, clerk, day):
    client.force_login(clerk)
    body = dissolve([staff[0].id], reason="economic_layoff", effective_date=day)
    response = client.post(EMPLOYEES, body)
    assert response.status_code == 200
    assert "effective_date" in response.context["form"].errors
    assert not Batch.objects.exists()


def test_a_note_as_long_as_the_form_allows_fits_each_filings_history(client, staff, clerk):
    client.force_login(clerk)
    client.post(EMPLOYEES, dissolve([staff[0].id], note="x" * 500))
    [note] = FilingEvent.objects.values_list("note", flat=True)
    assert len(note) == 500
    assert note.startswith(f"batch #{Batch.objects.get().id}: xxx")
