from employees.admin.employees import EmployeeAdmin
from filings.admin.batches import BatchAdmin
from filings.admin.bulk import BULK_ACTIONS
from filings.admin.certificates import issue_termination_certificates, termination_certificate
from filings.admin.filings import EmployeeFilingInline, FilingAdmin
from filings.admin.vouchers import VoucherAdmin

EmployeeAdmin.extend(
    inlines=[EmployeeFilingInline],
    actions=[*BULK_ACTIONS, issue_termination_certificates],
    readonly=[termination_certificate],
)

__all__ = ["BatchAdmin", "FilingAdmin", "VoucherAdmin"]
