from filings.admin.batches import BatchAdmin
from filings.admin.filings import FilingAdmin
from filings.admin.vouchers import VoucherAdmin

__all__ = ["BatchAdmin", "FilingAdmin", "VoucherAdmin"]
