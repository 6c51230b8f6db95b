"""Every write to employers and employees goes through these functions."""

from employees.services.employees import employee_hire, employee_update
from employees.services.employers import (
    EMPLOYER_FIELDS,
    clean_employer,
    clean_hr_emails,
    employer_create,
    employer_update,
    membership_revoke,
    membership_set,
    refuse_losing_last_manager,
)
from employees.services.reads import find_lookup, id_number_reads_record
from employees.services.registration import (
    deadlines_recompute,
    employee_move_registration,
    employee_record_confirmed,
    employee_transfer_done,
    employees_move_registration,
)

__all__ = [
    "EMPLOYER_FIELDS",
    "clean_employer",
    "clean_hr_emails",
    "deadlines_recompute",
    "employee_hire",
    "employee_move_registration",
    "employee_record_confirmed",
    "employee_transfer_done",
    "employee_update",
    "employees_move_registration",
    "employer_create",
    "employer_update",
    "find_lookup",
    "id_number_reads_record",
    "membership_revoke",
    "membership_set",
    "refuse_losing_last_manager",
]
