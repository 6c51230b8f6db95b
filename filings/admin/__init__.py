from employees.admin.employees import DeadlineFilter, EmployeeAdmin
from filings.admin.batches import BatchAdmin
from filings.admin.bulk import BULK_ACTIONS
from filings.admin.filings import EmployeeFilingInline, FilingAdmin
from filings.admin.notifications import STOP_CHOICE, EmployeeNotificationInline, NotificationAdmin
from filings.admin.vouchers import VoucherAdmin

EmployeeAdmin.extend(
    inlines=[EmployeeFilingInline, EmployeeNotificationInline],
    actions=BULK_ACTIONS,
)
DeadlineFilter.more.update(STOP_CHOICE)

__all__ = [
    "BatchAdmin",
    "FilingAdmin",
    "NotificationAdmin",
    "VoucherAdmin",
]
