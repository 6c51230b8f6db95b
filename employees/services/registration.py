from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import access
from employees.holidays import current_calendar
from employees.models import Employee, EmployeeEvent, Membership
from employees.workflow import REGISTRATION_TRANSITIONS, RegistrationState
from hrsocsec.errors import DomainError
from law.deadlines import registration_deadline


class RegistrationMoveRefused(DomainError):
    code = "invalid_transition"


def employee_move_registration(
    *, actor, employee_id: int, to_state: str, note: str = ""
) -> Employee:
    """The one place the registration state changes; the filings workflow drives it."""
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(id=employee_id)
        from_state = employee.registration_state
        if from_state == to_state:
            return employee
        if to_state not in REGISTRATION_TRANSITIONS[from_state]:
            raise RegistrationMoveRefused(
                _("Registration cannot move from %(from)s to %(to)s.")
                % {"from": from_state, "to": to_state},
                fields={"registration_state": [from_state]},
            )
        employee.registration_state = to_state
        employee.save(update_fields=["registration_state", "updated_at"])
        EmployeeEvent.objects.create(
            employee=employee,
            action=EmployeeEvent.Action.STATE_CHANGED,
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            note=note[:500],
        )
    return employee


# What a confirmed filing changes of the employment: a dissolve's separation date, a
# renewal's new contract end.
CONFIRMED_FIELDS = ("separation_date", "contract_end_date")


def employee_record_confirmed(*, actor, employee_id: int, note: str = "", **changes) -> Employee:
    """The agency confirmed a filing that changes the employment: recorded, like every change,
    with an event naming the fields. The filing's own checks have passed; the caller holds the
    transaction."""
    unknown = set(changes) - set(CONFIRMED_FIELDS)
    if unknown:
        raise ValueError(f"not changed by a filing: {sorted(unknown)}")
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(id=employee_id)
        changed = sorted(f for f, value in changes.items() if getattr(employee, f) != value)
        if not changed:
            return employee
        for field in changed:
            setattr(employee, field, changes[field])
        employee.save(update_fields=[*changed, "updated_at"])
        EmployeeEvent.objects.create(
            employee=employee,
            action=EmployeeEvent.Action.UPDATED,
            actor=actor,
            changed_fields=changed,
            note=note[:500],
        )
    return employee


class TransferRefused(DomainError):
    code = "invalid"
    http_status = 400


def employee_transfer_done(
    *, actor, employee_id: int, note: str, on=None, by_certificate: bool = False
) -> Employee:
    """Labour Contract Law art. 50 met: the termination certificate issued and the file and the
    social-insurance relation transferred, on ``on`` (today by default), recorded as an event
    with the note (what was done, or the certificate's voucher). Marked by hand it needs a
    separation recorded; a certificate attached to the dissolve counts whenever it comes. Done
    once: a second call changes nothing."""
    note = (note or "").strip()
    if not note:
        raise TransferRefused(
            _("Say what was done (the certificate, the file's transfer)."),
            fields={"note": [_("This field is required.")]},
        )
    with transaction.atomic():
        employee = Employee.objects.select_for_update().get(id=employee_id)
        access.require_role(actor, employee.employer_id, Membership.Role.CLERK)
        if employee.separation_date is None and not by_certificate:
            raise TransferRefused(
                _("No separation is recorded for this employee: nothing to transfer yet."),
                fields={"separation_date": [_("Record the separation first.")]},
            )
        if employee.transfer_done_on is not None:
            return employee
        employee.transfer_done_on = on or timezone.localdate()
        employee.save(update_fields=["transfer_done_on", "updated_at"])
        EmployeeEvent.objects.create(
            employee=employee,
            action=EmployeeEvent.Action.UPDATED,
            actor=actor,
            changed_fields=["transfer_done_on"],
            note=note[:500],
        )
    return employee


def deadlines_recompute(employee_ids: Sequence[int]) -> int:
    """Recompute stored deadlines of these employments still unregistered; return how many
    moved. (Tasks queued before deadlines_recompute_year existed carry ids.)"""
    calendar = current_calendar()
    with transaction.atomic():
        employees = list(
            Employee.objects.select_for_update()
            .filter(id__in=employee_ids, registration_state=RegistrationState.UNREGISTERED)
            .only("id", "hire_date", "registration_deadline", "deadline_uncovered_year")
        )
        moved, before = [], {}
        for employee in employees:
            deadline = registration_deadline(employee.hire_date, calendar)
            if deadline.date != employee.registration_deadline:  # the same day stands
                before[employee.id] = employee.registration_deadline
                employee.registration_deadline = deadline.date
                employee.deadline_uncovered_year = deadline.uncovered_year
                moved.append(employee)
        fields = ["registration_deadline", "deadline_uncovered_year"]
        Employee.objects.bulk_update(moved, fields)
        EmployeeEvent.objects.bulk_create(
            EmployeeEvent(
                employee=e,
                action=EmployeeEvent.Action.DEADLINE_RECOMPUTED,
                changed_fields=["registration_deadline"],
                deadline_from=before[e.id],
                deadline_to=e.registration_deadline,
            )
            for e in moved
        )
    return len(moved)


def employees_move_registration(
    *, actor, employee_ids: Sequence[int], from_state: str, to_state: str, note: str = ""
) -> int:
    """The same move for many employments at once, in two statements and a bulk insert: for
    batches. The caller holds the rows' locks and has checked they are all in ``from_state``."""
    if to_state not in REGISTRATION_TRANSITIONS[from_state]:
        raise RegistrationMoveRefused(
            _("Registration cannot move from %(from)s to %(to)s.")
            % {"from": from_state, "to": to_state},
            fields={"registration_state": [from_state]},
        )
    with transaction.atomic():
        moved = Employee.objects.filter(id__in=employee_ids, registration_state=from_state).update(
            registration_state=to_state, updated_at=timezone.now()
        )
        if moved != len(employee_ids):
            raise RegistrationMoveRefused(
                _("%(n)s of these employees are no longer %(from)s.")
                % {"n": len(employee_ids) - moved, "from": from_state},
                fields={"registration_state": [from_state]},
            )
        EmployeeEvent.objects.bulk_create(
            EmployeeEvent(
                employee_id=employee_id,
                action=EmployeeEvent.Action.STATE_CHANGED,
                actor=actor,
                from_state=from_state,
                to_state=to_state,
                note=note[:500],
            )
            for employee_id in employee_ids
        )
    return moved
