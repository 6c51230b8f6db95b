from employees.models.employees import (
    Employee,
    EmployeeEvent,
    EmployeeQuerySet,
    deadline_warning_text,
)
from employees.models.employers import Employer, EmployerEvent, Membership
from employees.models.holidays import HolidayDay, HolidayYear
from employees.models.reads import IdNumberRead
from employees.models.regions import Region

__all__ = [
    "Employee",
    "EmployeeEvent",
    "EmployeeQuerySet",
    "Employer",
    "EmployerEvent",
    "HolidayDay",
    "HolidayYear",
    "IdNumberRead",
    "Membership",
    "Region",
    "deadline_warning_text",
]
