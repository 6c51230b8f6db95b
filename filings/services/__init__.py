"""Every write to filings goes through these functions."""

from filings.services.batches import BatchSubmitted, batch_create, batch_submit
from filings.services.certificates import certificate_issue
from filings.services.drafts import filing_create_draft
from filings.services.separations import employee_separate
from filings.services.transitions import (
    FilingMoveRefused,
    filing_confirm,
    filing_reject,
    filing_submit,
    filing_withdraw,
)
from filings.services.vouchers import voucher_attach

__all__ = [
    "BatchSubmitted",
    "FilingMoveRefused",
    "batch_create",
    "batch_submit",
    "certificate_issue",
    "employee_separate",
    "filing_confirm",
    "filing_create_draft",
    "filing_reject",
    "filing_submit",
    "filing_withdraw",
    "voucher_attach",
]
