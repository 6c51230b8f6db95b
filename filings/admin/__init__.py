from filings.admin.batches import BatchAdmin
from filings.admin.contributions import ContributionRuleAdmin, MonthlyStatementAdmin
from filings.admin.filings import FilingAdmin
from filings.admin.notifications import NotificationAdmin
from filings.admin.vouchers import VoucherAdmin

__all__ = [
    "BatchAdmin",
    "ContributionRuleAdmin",
    "FilingAdmin",
    "MonthlyStatementAdmin",
    "NotificationAdmin",
    "VoucherAdmin",
]
