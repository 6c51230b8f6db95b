"""A batch: one kind, reason and date over many employees (seed 000), each employee getting a
filing of their own. A row that is not allowed is recorded with its reasons and does not stop
the others. Both services run a fixed number of bulk statements, whatever the batch's size."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees import access
from employees.models import Employee, Membership
from employees.workflow import FilingKind
from filings import moves
from filings.eligibility import check_filing, effective_date_errors
from filings.models import Batch, BatchRow, Filing, FilingEvent
from filings.services.layoffs import NOT_WITHDRAWN, layoff_reached, require_acknowledgement
from filings.services.transitions import filings_submit_many
from filings.states import OPEN_STATES, FilingState
from hrsocsec.errors import NotFound

# The most employees one batch takes: a large employer's whole site, in one transaction that
# stays well under a few seconds (bench/filings).
BATCH_MAX_EMPLOYEES = 10_000
Kind = Filing.Kind
LAYOFF_FIELDS = [
    "layoff_headcount",
    "layoff_workforce",
    "layoff_acknowledged_by",
    "layoff_acknowledged_at",
]


def _clean_ids(employee_ids: Sequence) -> list[int]:
    if not employee_ids:
        raise ValidationError({"employee_ids": [_("Pick at least one employee.")]})
    if len(employee_ids) > BATCH_MAX_EMPLOYEES:
        raise ValidationError(
            {
                "employee_ids": [
                    _("A batch takes at most %(max)s employees; this one has %(n)s.")
                    % {"max": BATCH_MAX_EMPLOYEES, "n": len(employee_ids)}
                ]
            }
        )
    seen, twice = set(), []
    for employee_id in employee_ids:
        if employee_id in seen:
            twice.append(employee_id)
        seen.add(employee_id)
    if twice:
        listed = ", ".join(str(i) for i in sorted(set(twice))[:20])
        raise ValidationError(
            {"employee_ids": [_("These employees are listed more than once: %s.") % listed]}
        )
    return list(employee_ids)


def _clean_header(batch: Batch) -> None:
    """What is wrong with the batch as a whole refuses it whole, per field."""
    errors = {}
    if batch.kind not in Kind.values:
        errors["kind"] = [_("Choose register, renew or dissolve.")]
    elif batch.kind != Kind.REGISTER and batch.effective_date is None:
        errors["effective_date"] = [_("Enter the date the filings take effect.")]
    if too_late := effective_date_errors(batch.kind, batch.effective_date):
        errors["effective_date"] = too_late
    if batch.kind == Kind.DISSOLVE:
        if not batch.reason:
            errors["reason"] = [_("A dissolve needs the reason the contract ends.")]
        elif batch.reason == Filing.Reason.OTHER and not batch.reason_text:
            errors["reason_text"] = [_("Say in words why the contract ends.")]
    elif batch.reason:
        errors["reason"] = [_("Only a dissolve has a reason.")]
    if batch.kind == Kind.RENEW and batch.new_contract_end_date is None:
        errors["new_contract_end_date"] = [_("A renewal needs the new contract end date.")]
    if errors:
        raise ValidationError(errors)


def batch_create(
    *,
    actor,
    employer_id: int,
    employee_ids: Sequence[int],
    kind: str,
    reason: str = "",
    reason_text: str = "",
    effective_date: datetime.date | None = None,
    new_contract_end_date: datetime.date | None = None,
    note: str = "",
    acknowledge_layoff: bool = False,
) -> Batch:
    """A draft filing for every employee the rules allow, a refusal with reasons for the rest.
    An id that is not one of this employer's employees refuses the whole batch as not found.
    ``acknowledge_layoff`` records, when the batch reaches art. 41, that its notice and report
    were acknowledged, so that submitting does not ask again."""
    access.require_role(actor, employer_id, Membership.Role.CLERK)
    ids = _clean_ids(employee_ids)
    batch = Batch(
        employer_id=employer_id,
        kind=kind,
        reason=reason or "",
        reason_text=(reason_text or "").strip(),
        effective_date=effective_date,
        new_contract_end_date=new_contract_end_date,
        note=(note or "").strip(),
        created_by=actor,
    )
    _clean_header(batch)
    with transaction.atomic():
        # Locked in id order, as filing_create_draft locks its one employee: the open-filing
        # check below then holds until commit, and two batches cannot deadlock.
        employees = {
            e.id: e
            for e in Employee.objects.select_for_update()
            .filter(employer_id=employer_id, id__in=ids)
            .only("id", "employer_id", "hire_date", "registration_state", "contract_end_date")
            .order_by("id")
        }
        missing = [i for i in ids if i not in employees]
        if missing:
            raise NotFound(
                ngettext(
                    "No employee with id %(ids)s at this employer.",
                    "No employees with ids %(ids)s at this employer.",
                    len(missing),
                )
                % {"ids": ", ".join(str(i) for i in missing[:20])}
            )
        open_filings = dict(
            Filing.objects.filter(employee_id__in=ids, kind=kind, state__in=OPEN_STATES)
            .order_by()
            .values_list("employee_id", "id")
        )
        batch.save()
        filings, rows = [], []
        for employee_id in ids:
            employee = employees[employee_id]
            filing = Filing(
                employer_id=employer_id,
                employee=employee,
                kind=kind,
                reason=batch.reason,
                reason_text=batch.reason_text,
                effective_date=effective_date or employee.hire_date,
                new_contract_end_date=new_contract_end_date,
                created_by=actor,
            )
            errors = _row_errors(filing, employee, open_filings.get(employee_id))
            if errors:
                rows.append(BatchRow(batch=batch, employee_id=employee_id, errors=errors))
            else:
                filings.append(filing)
                rows.append(BatchRow(batch=batch, employee_id=employee_id, filing=filing))
        Filing.objects.bulk_create(filings)
        FilingEvent.objects.bulk_create(
            FilingEvent(filing_id=f.id, to_state=f.state, actor=actor, note=_batch_note(batch))
            for f in filings
        )
        for row in rows:
            row.outcome = BatchRow.Outcome.CREATED if row.filing else BatchRow.Outcome.REFUSED
            row.filing_id = row.filing.id if row.filing else None
        BatchRow.objects.bulk_create(rows)
        _check_layoff(batch, filings, actor if acknowledge_layoff else None)
    return batch


def _batch_note(batch: Batch) -> str:
    label = _("batch #%(id)s") % {"id": batch.id}
    # FilingEvent.note holds 500 characters, the batch's note as many: the label comes first.
    return f"{label}: {batch.note}"[:500] if batch.note else label


def _row_errors(filing: Filing, employee: Employee, open_id: int | None) -> dict:
    errors = {}
    try:
        check_filing(filing, employee)
    except ValidationError as exc:
        errors = exc.message_dict
    if open_id:
        errors.setdefault("kind", []).append(
            _("This employee already has an open %(kind)s filing (#%(id)s).")
            % {"kind": FilingKind(filing.kind).label, "id": open_id}
        )
    return errors


def _check_layoff(batch: Batch, filings: list[Filing], acknowledged_by=None) -> None:
    """A preview when the batch is made, counting the drafts too; the count that decides is
    taken again at submit (filings.services.layoffs)."""
    layoff = layoff_reached(batch.employer_id, filings, states=NOT_WITHDRAWN, lock=False)
    if layoff:
        batch.layoff_headcount, batch.layoff_workforce = layoff.headcount, layoff.workforce
        if acknowledged_by is not None:
            batch.layoff_acknowledged_by = acknowledged_by
            batch.layoff_acknowledged_at = timezone.now()
        batch.save(update_fields=LAYOFF_FIELDS)


def _record_refusals(batch: Batch, refused: dict[int, dict]) -> None:
    """Why a draft stayed a draft, kept on its row for whoever looks later."""
    if not refused:
        return
    rows = list(BatchRow.objects.filter(batch=batch, filing_id__in=list(refused)))
    for row in rows:
        row.errors = refused[row.filing_id]
    BatchRow.objects.bulk_update(rows, ["errors"])


@dataclass
class BatchSubmitted:
    batch: Batch
    submitted: int = 0
    # Drafts the rules refuse now (the employee changed since the batch), by filing id.
    refused: dict[int, dict] = field(default_factory=dict)
    event_ids: list[int] = field(default_factory=list)


def batch_submit(
    *, actor, batch_id: int, acknowledge_layoff: bool = False, note: str = ""
) -> BatchSubmitted:
    """Submit every draft of the batch the rules still allow. Submitting again submits nothing
    more. An art. 41 warning must be acknowledged first; the acknowledgement is recorded."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(id=batch_id)
        access.require_role(actor, batch.employer_id, Membership.Role.CLERK)
        # Lock order, as for one filing: filings, their employees, then (art. 41) the employer.
        drafts = list(
            Filing.objects.select_for_update(of=("self",))
            .filter(batch_row__batch=batch, state=FilingState.DRAFT)
            .order_by("id")
        )
        employees = {
            e.id: e
            for e in Employee.objects.select_for_update()
            .filter(id__in=[f.employee_id for f in drafts])
            .only("id", "employer_id", "hire_date", "registration_state", "contract_end_date")
            .order_by("id")
        }
        result = BatchSubmitted(batch=batch)
        allowed = []
        for filing in drafts:
            try:
                check_filing(filing, employees[filing.employee_id])
            except ValidationError as exc:
                result.refused[filing.id] = exc.message_dict
            else:
                allowed.append(filing)
        layoff = layoff_reached(batch.employer_id, allowed)
        if layoff:
            require_acknowledgement(
                layoff, acknowledge_layoff or batch.layoff_acknowledged_at is not None
            )
            batch.layoff_headcount, batch.layoff_workforce = layoff.headcount, layoff.workforce
            if batch.layoff_acknowledged_at is None:
                batch.layoff_acknowledged_by = actor
                batch.layoff_acknowledged_at = timezone.now()
        result.event_ids = filings_submit_many(
            actor=actor,
            filings=allowed,
            note=note or _batch_note(batch),
            layoff_acknowledged=layoff is not None,
        )
        result.submitted = len(allowed)
        _record_refusals(batch, result.refused)
        if allowed:
            batch.submitted_at = timezone.now()
            moves.moved(batch.employer_id, result.event_ids)
        batch.save(update_fields=[*LAYOFF_FIELDS, "submitted_at"])
    return result
