import datetime
import re

import pytest

from employees.models import Employee, Membership
from filings.models import Filing, FilingEvent
from filings.services import filing_create_draft, filing_submit
from tests.factories import EmployeeFactory, member

pytestmark = pytest.mark.django_db
LIST = "/admin/filings/filing/"


def test_the_list_shows_my_filings_with_masked_employees(client, hired, clerk):
    mine = filing_create_draft(actor=clerk, employee=hired, kind="register")
    stranger = EmployeeFactory()
    other = filing_create_draft(
        actor=member(Membership.Role.CLERK, stranger.employer), employee=stranger, kind="register"
    )
    client.force_login(clerk)
    html = client.get(LIST).content.decode()
    assert f"/{mine.id}/change/" in html
    assert f"/{other.id}/change/" not in html
    assert hired.id_number_masked in html
    assert hired.id_number not in html


def test_adding_a_draft_in_the_admin_goes_through_the_service(client, hired, clerk):
    client.force_login(clerk)
    body = {"employee": hired.id, "kind": "register", "effective_date": str(hired.hire_date)}
    body |= {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}
    assert client.post(f"{LIST}add/", body).status_code == 302
    filing = Filing.objects.get()
    assert FilingEvent.objects.get(filing=filing).actor == clerk


def test_an_invalid_draft_is_a_form_error(client, insured, clerk):
    client.force_login(clerk)
    body = {"employee": insured.id, "kind": "dissolve", "effective_date": "2026-06-30"}
    body |= {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"}
    response = client.post(f"{LIST}add/", body)
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert not Filing.objects.exists()


def test_submit_and_confirm_as_admin_actions(client, hired, clerk, manager):
    """The actions call the services: states, events and the employee all follow."""
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    client.force_login(clerk)
    client.post(LIST, {"action": "submit", "_selected_action": [filing.id]})
    assert Filing.objects.get(id=filing.id).state == "submitted"
    confirm = {"action": "confirm", "_selected_action": [filing.id], "confirm_form": "1"}
    client.post(LIST, confirm, follow=True)
    assert Filing.objects.get(id=filing.id).state == "submitted"  # a clerk cannot confirm
    client.force_login(manager)
    asked = client.post(LIST, {"action": "confirm", "_selected_action": [filing.id]})
    assert "agency_reference" in asked.content.decode()  # the form first, nothing changed
    assert Filing.objects.get(id=filing.id).state == "submitted"
    empty = client.post(LIST, {**confirm, "agency_reference": ""})
    assert empty.context["form"].errors["agency_reference"]  # the agency's number is needed
    assert Filing.objects.get(id=filing.id).state == "submitted"
    done = client.post(LIST, {**confirm, "agency_reference": "SH-2026-0042"}, follow=True)
    assert [str(m) for m in done.context["messages"]] == ["1 filing is now “confirmed”."]
    confirmed = Filing.objects.get(id=filing.id)
    assert (confirmed.state, confirmed.agency_reference) == ("confirmed", "SH-2026-0042")
    assert Employee.objects.get(id=hired.id).registration_state == "registered"
    again = client.post(LIST, {**confirm, "agency_reference": "SH-OTHER"}, follow=True)
    said = [str(m) for m in again.context["messages"]]
    assert said == [f"Skipped, already “confirmed”: #{filing.id}."]  # not "1 filing done"
    assert Filing.objects.get(id=filing.id).agency_reference == "SH-2026-0042"


def test_reject_asks_for_the_agencys_reason_first(client, hired, clerk, manager):
    filing = filing_submit(
        actor=clerk, filing_id=filing_create_draft(actor=clerk, employee=hired, kind="register").id
    )
    client.force_login(manager)
    page = client.post(LIST, {"action": "reject", "_selected_action": [filing.id]})
    assert page.status_code == 200
    assert "reason" in page.content.decode()
    assert Filing.objects.get(id=filing.id).state == "submitted"
    client.post(LIST, {"action": "reject", "_selected_action": [filing.id], "reason": "photo"})
    rejected = Filing.objects.get(id=filing.id)
    assert (rejected.state, rejected.rejection_reason) == ("rejected", "photo")


def test_a_viewer_has_no_transition_actions(client, hired, clerk, employer):
    filing_create_draft(actor=clerk, employee=hired, kind="register")
    client.force_login(member(Membership.Role.VIEWER, employer))
    html = client.get(LIST).content.decode()
    assert 'value="submit"' not in html


def test_a_member_sees_the_event_history_under_the_filing_and_the_employee(
    client, submitted_register, employer
):
    viewer = member(Membership.Role.VIEWER, employer)
    client.force_login(viewer)
    filing_page = client.get(f"{LIST}{submitted_register.id}/change/").content.decode()
    assert "registration pending" not in filing_page  # the filing's own events, not the employee's
    assert filing_page.count('<td class="field-to_state">') == 2  # draft, then submitted
    employee_page = client.get(
        f"/admin/employees/employee/{submitted_register.employee_id}/change/"
    ).content.decode()
    assert "registration pending" in employee_page  # its state change, recorded as an event
    assert "registration_pending" not in employee_page  # shown by its label, never its code
    assert ">submitted<" in filing_page  # the filing's states by label too


def test_the_filing_list_searches_by_employee_name(client, submitted_register, employer, clerk):
    from filings.services import filing_create_draft
    from tests.factories import EmployeeFactory

    other = EmployeeFactory(employer=employer, name="Somebody Else")
    filing_create_draft(actor=clerk, employee=other, kind="register")
    client.force_login(clerk)
    name = submitted_register.employee.name
    shown = client.get(LIST, {"q": name[:3]}).context["cl"].result_list
    assert [f.id for f in shown] == [submitted_register.id]


def test_the_filing_page_offers_its_moves_as_buttons_and_no_save(client, hired, clerk, manager):
    """A submitted filing: a manager may confirm, reject or withdraw it, a clerk only withdraw;
    no save button, as nothing on the page is edited by hand."""
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=filing.id)
    page = f"{LIST}{filing.id}/change/"
    client.force_login(manager)
    html = client.get(page).content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    moves = re.findall(r'data-move="(\w+)"', html)
    assert moves == ["confirm", "reject", "withdraw"]
    client.force_login(clerk)
    assert re.findall(r'data-move="(\w+)"', client.get(page).content.decode()) == ["withdraw"]


def test_a_draft_offers_submit_and_withdraw_and_a_decided_filing_nothing(client, hired, clerk):
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    client.force_login(clerk)
    page = f"{LIST}{filing.id}/change/"
    assert re.findall(r'data-move="(\w+)"', client.get(page).content.decode()) == [
        "submit",
        "withdraw",
    ]
    client.post(LIST, {"action": "withdraw", "_selected_action": [filing.id]})
    assert re.findall(r'data-move="(\w+)"', client.get(page).content.decode()) == []


def test_confirming_from_the_filing_page_asks_the_reference_and_comes_back(
    client, hired, clerk, manager
):
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    filing_submit(actor=clerk, filing_id=filing.id)
    client.force_login(manager)
    button = {"action": "confirm", "_selected_action": [filing.id], "_from_filing": filing.id}
    asked = client.post(LIST, button)
    assert f'name="_from_filing" value="{filing.id}"' in asked.content.decode()
    assert Filing.objects.get(id=filing.id).state == "submitted"
    done = client.post(LIST, {**button, "confirm_form": "1", "agency_reference": "SH-7"})
    assert done.status_code == 302
    assert done["Location"] == f"{LIST}{filing.id}/change/"  # back on the filing's page
    assert Filing.objects.get(id=filing.id).agency_reference == "SH-7"


def test_withdrawing_from_the_filing_page_comes_back_to_it(client, hired, clerk):
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    client.force_login(clerk)
    button = {"action": "withdraw", "_selected_action": [filing.id], "_from_filing": filing.id}
    done = client.post(LIST, button)
    assert done["Location"] == f"{LIST}{filing.id}/change/"
    assert Filing.objects.get(id=filing.id).state == "withdrawn"
    odd = client.post(LIST, {**button, "_from_filing": "../../evil"})
    assert odd["Location"] == LIST  # only a filing id is followed


def test_a_layoff_submitted_from_the_filing_page_asks_then_comes_back(client, staff, clerk):
    """Art. 41 asks first (3 of 3 employees); the acknowledgement brings the clerk back to the
    filing's page, not the list."""
    filing = filing_create_draft(
        actor=clerk,
        employee=staff[0],
        kind="dissolve",
        reason="economic_layoff",
        effective_date=datetime.date(2026, 6, 30),
    )
    for person in staff[1:]:
        filing_create_draft(
            actor=clerk,
            employee=person,
            kind="dissolve",
            reason="economic_layoff",
            effective_date=datetime.date(2026, 6, 30),
        )
    client.force_login(clerk)
    ids = list(Filing.objects.values_list("id", flat=True))
    button = {"action": "submit", "_selected_action": ids, "_from_filing": filing.id}
    asked = client.post(LIST, button)
    assert f'name="_from_filing" value="{filing.id}"' in asked.content.decode()
    done = client.post(LIST, {**button, "apply": "1", "acknowledge_layoff": "on"})
    assert done["Location"] == f"{LIST}{filing.id}/change/"
    assert Filing.objects.filter(state="submitted").count() == 3
