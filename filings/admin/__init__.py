from employees.admin.employees import EmployeeAdmin
from filings.admin.batches import BatchAdmin
from filings.admin.bulk import BULK_ACTIONS
from filings.admin.filings import EmployeeFilingInline, FilingAdmin
from filings.admin.vouchers import VoucherAdmin

EmployeeAdmin.extend(inlines=[EmployeeFilingInline], actions=BULK_ACTIONS)

__all__ = ["BatchAdmin", "FilingAdmin", "VoucherAdmin"]
