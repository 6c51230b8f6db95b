import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from employees import access
from employees.models import Employee, Membership
from employees.workflow import FilingKind
from filings.eligibility import check_filing
from filings.models import Filing, FilingEvent
from filings.states import OPEN_STATES


def _refuse_second_open_filing(employee_id: int, kind: str) -> None:
    open_one = (
        Filing.objects.filter(employee_id=employee_id, kind=kind, state__in=OPEN_STATES)
        .values_list("id", flat=True)
        .first()
    )
    if open_one:
        raise ValidationError(
            {
                "kind": [
                    _("This employee already has an open %(kind)s filing (#%(id)s).")
                    % {"kind": FilingKind(kind).label, "id": open_one}
                ]
            }
        )


def build_draft(
    *,
    actor,
    employee: Employee,
    kind: str,
    effective_date: datetime.date | None = None,
    reason: str = "",
    reason_text: str = "",
    new_contract_end_date: datetime.date | None = None,
) -> Filing:
    """The unsaved, checked draft: every rule of its kind, and no other open one of that kind.
    Shared by the service and the admin form."""
    if kind not in Filing.Kind.values:
        raise ValidationError({"kind": [_("Choose register, renew or dissolve.")]})
    if effective_date is None and kind == Filing.Kind.REGISTER:
        effective_date = employee.hire_date
    if effective_date is None:
        raise ValidationError({"effective_date": [_("Enter the date the filing takes effect.")]})
    filing = Filing(
        employer_id=employee.employer_id,
        employee=employee,
        kind=kind,
        reason=reason or "",
        reason_text=(reason_text or "").strip(),
        effective_date=effective_date,
        new_contract_end_date=new_contract_end_date,
        created_by=actor,
    )
    check_filing(filing, employee)
    _refuse_second_open_filing(employee.id, kind)
    return filing


def filing_create_draft(*, actor, employee: Employee, **fields) -> Filing:
    """A draft filing for one employee; a register takes effect on the hire date by default."""
    access.require_role(actor, employee.employer_id, Membership.Role.CLERK)
    build_draft(actor=actor, employee=employee, **fields)  # refuse early, before any lock
    try:
        with transaction.atomic():
            # The employee's lock orders this against batches and transitions of the same
            # employee; the partial unique constraint stays the last word.
            locked = Employee.objects.select_for_update().get(id=employee.id)
            filing = build_draft(actor=actor, employee=locked, **fields)
            filing.save()
            FilingEvent.objects.create(filing=filing, to_state=filing.state, actor=actor)
    except IntegrityError:
        # A concurrent request opened one between the check and the insert.
        _refuse_second_open_filing(employee.id, fields["kind"])
        raise
    return filing
