from filings.models.batches import Batch, BatchRow
from filings.models.filings import Filing, FilingEvent
from filings.models.notices import HRNotice
from filings.models.notifications import Notification, ReminderStage
from filings.models.vouchers import Voucher

__all__ = [
    "Batch",
    "BatchRow",
    "Filing",
    "FilingEvent",
    "HRNotice",
    "Notification",
    "ReminderStage",
    "Voucher",
]
