"""The employee's admin page: the filings, statements and notices of that employee."""

import datetime

import pytest

from filings.services import filing_create_draft, filing_submit
from notifications.models import Notification
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_employee_page_shows_filings_statements_and_notices(
    insured_with_statement, client, clerk
):
    person, filing, statement, notice = insured_with_statement
    client.force_login(clerk)
    page = client.get(f"/admin/employees/employee/{person.id}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/admin/filings/filing/{filing.id}/change/" in html  # the filing, a link away
    assert "SH-7" in html  # its agency reference
    assert str(statement.employee_total) in html
    assert notice.period in html
    assert "failed" in html or "失败" in html


@pytest.fixture
def insured_with_statement(employer, clerk, manager):
    from contributions.services import statements_compute
    from filings.services import filing_confirm
    from tests.contributions.test_services import own_rule

    person = EmployeeFactory(employer=employer, email="p@example.com")
    draft = filing_create_draft(actor=clerk, employee=person, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)
    filing_confirm(actor=manager, filing_id=draft.id, agency_reference="SH-7")
    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1))
    statements_compute(datetime.date(2026, 4, 1), [person.id])
    statement = person.statements.get()
    notice = Notification.objects.create(
        kind="payment_notice",
        recipient=person.email,
        subject_key=f"employee:{person.id}",
        period="2026-04",
        employer=employer,
        employee=person,
        language="en",
        status="failed",
        last_error="SMTP 550",
    )
    return person, draft, statement, notice
