from employees.admin.access_log import IdNumberReadAdmin
from employees.admin.employees import EmployeeAdmin
from employees.admin.employers import EmployerAdmin, MembershipAdmin, RegionAdmin
from employees.admin.holidays import HolidayYearAdmin

__all__ = [
    "EmployeeAdmin",
    "EmployerAdmin",
    "HolidayYearAdmin",
    "IdNumberReadAdmin",
    "MembershipAdmin",
    "RegionAdmin",
]
