from filings.models.batches import Batch, BatchRow
from filings.models.filings import Filing, FilingEvent
from filings.models.vouchers import Voucher

__all__ = [
    "Batch",
    "BatchRow",
    "Filing",
    "FilingEvent",
    "Voucher",
]
