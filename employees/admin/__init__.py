from employees.admin.employees import EmployeeAdmin
from employees.admin.employers import EmployerAdmin, MembershipAdmin, RegionAdmin

__all__ = ["EmployeeAdmin", "EmployerAdmin", "MembershipAdmin", "RegionAdmin"]
