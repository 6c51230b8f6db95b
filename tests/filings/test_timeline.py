import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format

from filings.services import (
    certificate_issue,
    filing_confirm,
    filing_create_draft,
    filing_reject,
    filing_submit,
    voucher_attach,
)
from filings.timeline import filing_entries
from tests.employment_history import WAGE, full_history, on
from tests.filings.files import png_bytes

pytestmark = pytest.mark.django_db


def told(entries):
    return [(e.kind, e.day, e.detail, e.actor) for e in entries]


def test_a_whole_employment_is_told_filing_by_filing(employer, clerk, manager, smtp_server):
    """Hire, register filed and confirmed, dissolve filed and confirmed: the filings' part, the
    drafts left out, each decision with the agency's reference."""
    history = full_history(employer, clerk, manager)
    days, leaves = history.days, history.days["leaves"]
    last_month = date_format(history.dissolve.last_paid_month, "YEAR_MONTH_FORMAT")
    assert told(filing_entries(history.employee, clerk)) == [
        (
            "register_submitted",
            days["register_filed"],
            f"effective {date_format(days['hired'])}",
            clerk.username,
        ),
        (
            "register_confirmed",
            days["registered"],
            "agency reference SH-2026-0042",
            manager.username,
        ),
        (
            "dissolve_submitted",
            days["separation_filed"],
            f"mutual agreement (art. 36) · effective {date_format(leaves)}",
            clerk.username,
        ),
        (
            "dissolve_confirmed",
            days["stopped"],
            f"agency reference SH-2026-0107 · last month paid {last_month}",
            manager.username,
        ),
    ]
    labels = [e.label for e in filing_entries(history.employee, clerk)]
    assert labels[0] == "registration filed"
    assert labels[-1] == "stopped: separation confirmed by the agency"


def test_a_rejection_gives_the_agencys_reason_and_the_resubmission_follows(hired, clerk, manager):
    draft = filing_create_draft(actor=clerk, employee=hired, kind="register")
    with on(datetime.date(2026, 3, 3)):
        filing_submit(actor=clerk, filing_id=draft.id)
    with on(datetime.date(2026, 3, 6)):
        filing_reject(actor=manager, filing_id=draft.id, reason="name differs from the ID card")
    with on(datetime.date(2026, 3, 9)):
        filing_submit(actor=clerk, filing_id=draft.id, note="name corrected")
    assert [(e.kind, e.day, e.detail) for e in filing_entries(hired, clerk)] == [
        ("register_submitted", datetime.date(2026, 3, 3), "effective March 2, 2026"),
        (
            "register_rejected",
            datetime.date(2026, 3, 6),
            "agency's reason: name differs from the ID card",
        ),
        (
            "register_submitted",
            datetime.date(2026, 3, 9),
            "effective March 2, 2026 · name corrected",
        ),
    ]


def test_a_renewal_tells_the_new_contract_end(insured, clerk, manager):
    renew = filing_create_draft(
        actor=clerk,
        employee=insured,
        kind="renew",
        effective_date=datetime.date(2029, 3, 2),
        new_contract_end_date=datetime.date(2032, 3, 1),
    )
    filing_submit(actor=clerk, filing_id=renew.id)
    filing_confirm(actor=manager, filing_id=renew.id, agency_reference="R-9")
    found = [(e.kind, e.label, e.detail) for e in filing_entries(insured, clerk)]
    assert found == [
        (
            "renew_submitted",
            "renewal filed",
            "new contract end March 1, 2032 · effective March 2, 2029",
        ),
        ("renew_confirmed", "renewed: confirmed by the agency", "agency reference R-9"),
    ]


def test_a_receipt_attached_is_told_but_the_certificate_is_the_employees_entry(
    employer, clerk, manager, smtp_server
):
    history = full_history(employer, clerk, manager)
    receipt = SimpleUploadedFile("receipt.png", png_bytes())
    voucher_attach(
        actor=clerk, filing_id=history.register.id, kind="agency_receipt", upload=receipt
    )
    certificate_issue(actor=clerk, employee=history.employee, language="en")
    vouchers = [e for e in filing_entries(history.employee, clerk) if e.kind == "voucher"]
    assert [(v.label, v.detail, v.actor) for v in vouchers] == [
        ("voucher attached", "agency's receipt · register", clerk.username)
    ]


def test_filing_entries_take_two_queries_however_long_the_history(
    employer, clerk, manager, hired, smtp_server, django_assert_num_queries
):
    history = full_history(employer, clerk, manager)
    with django_assert_num_queries(2):
        few = list(filing_entries(hired, clerk))
    with django_assert_num_queries(2):
        many = list(filing_entries(history.employee, clerk))
    assert (len(few), len(many)) == (0, 4)
    text = " ".join(f"{e.label} {e.detail} {e.actor}" for e in many)
    assert str(WAGE) not in text
    assert history.employee.id_number not in text
