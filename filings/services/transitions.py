"""One service per transition of FILING_TRANSITIONS; each moves the employee's registration
state in the same transaction, so the state is always explained by the filings."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import access
from employees.models import Employee, Employer, Membership
from employees.services import (
    employee_move_registration,
    employee_record_confirmed,
    employees_move_registration,
)
from employees.workflow import CONFIRMED, PENDING, RETURNED
from filings import moves
from filings.eligibility import check_filing
from filings.models import Filing, FilingEvent
from filings.services.layoffs import layoff_reached, require_acknowledgement
from filings.states import FILING_TRANSITIONS, FilingState
from hrsocsec.errors import DomainError
from law.payments import last_contribution_month

Kind = Filing.Kind


class FilingMoveRefused(DomainError):
    code = "invalid_transition"


# Who may make each move: a clerk files and withdraws; the agency's decision is recorded by a
# manager (the filing page shows each user only the moves of this table they may make).
MOVE_ROLES = {
    FilingState.SUBMITTED: Membership.Role.CLERK,
    FilingState.CONFIRMED: Membership.Role.MANAGER,
    FilingState.REJECTED: Membership.Role.MANAGER,
    FilingState.WITHDRAWN: Membership.Role.CLERK,
}


def _move(filing_id: int, to_state: str, *, actor, note: str, apply=None) -> Filing:
    """Lock, return unchanged when already there, refuse what the table does not allow, save,
    record the event, and let ``apply`` do the transition's own work in the same transaction."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(id=filing_id)
        access.require_role(actor, filing.employer_id, MOVE_ROLES[to_state])
        from_state = filing.state
        if from_state == to_state:
            return filing
        if to_state not in FILING_TRANSITIONS[from_state]:
            raise FilingMoveRefused(
                _("A %(state)s filing cannot become %(to)s.")
                % {"state": FilingState(from_state).label, "to": FilingState(to_state).label},
                fields={"state": [FilingState(from_state).label]},
            )
        fields = ["state", "updated_at"]
        if apply:
            fields += apply(filing)
        filing.state = to_state
        filing.save(update_fields=fields)
        event = FilingEvent.objects.create(
            filing=filing, from_state=from_state, to_state=to_state, actor=actor, note=note[:500]
        )
        moves.moved(filing.employer_id, [event.id])
    return filing


def _employee_to(filing: Filing, states: dict, actor, note: str) -> None:
    if filing.kind in states:
        employee_move_registration(
            actor=actor, employee_id=filing.employee_id, to_state=states[filing.kind], note=note
        )


def _last_paid_months(filings: list[Filing], filed_at) -> None:
    """A dissolve fixes its last month when filed, under its region's cut-off that day."""
    dissolves = [filing for filing in filings if filing.kind == Kind.DISSOLVE]
    if not dissolves:
        return
    cutoffs = dict(
        Employer.objects.filter(id__in={f.employer_id for f in dissolves}).values_list(
            "id", "region__cutoff_day"
        )
    )
    filed_on = timezone.localdate(filed_at)
    for filing in dissolves:
        cutoff_day = cutoffs[filing.employer_id]
        filing.last_paid_month = last_contribution_month(
            filing.effective_date, filed_on, cutoff_day
        )


def filing_submit(
    *, actor, filing_id: int, note: str = "", acknowledge_layoff: bool = False
) -> Filing:
    """Send to the agency (again, after a rejection was corrected). A dissolve that makes an
    economic layoff reach art. 41 needs ``acknowledge_layoff``, and records who gave it."""

    def apply(filing):
        employee = Employee.objects.select_for_update().get(id=filing.employee_id)
        check_filing(filing, employee)
        layoff = layoff_reached(filing.employer_id, [filing])
        require_acknowledgement(layoff, acknowledge_layoff)
        _employee_to(filing, PENDING, actor, note)
        filing.submitted_at = timezone.now()
        _last_paid_months([filing], filing.submitted_at)
        if layoff:
            filing.layoff_acknowledged_by, filing.layoff_acknowledged_at = actor, timezone.now()
        return [
            "submitted_at",
            "last_paid_month",
            "layoff_acknowledged_by",
            "layoff_acknowledged_at",
        ]

    return _move(
        filing_id,
        FilingState.SUBMITTED,
        actor=actor,
        note=note,
        apply=apply,
    )


def filing_confirm(*, actor, filing_id: int, agency_reference: str = "", note: str = "") -> Filing:
    """The agency confirmed: the employee's state follows; a dissolve records the separation."""

    def apply(filing):
        _employee_to(filing, CONFIRMED, actor, note)
        changes = {}
        if filing.kind == Kind.DISSOLVE:
            changes["separation_date"] = filing.effective_date
        elif filing.kind == Kind.RENEW:
            changes["contract_end_date"] = filing.new_contract_end_date
        if changes:
            label = _("filing #%(id)s confirmed") % {"id": filing.id}
            employee_record_confirmed(
                actor=actor, employee_id=filing.employee_id, note=label, **changes
            )
        filing.agency_reference = agency_reference.strip()[:100]
        filing.decided_at = timezone.now()
        return ["agency_reference", "decided_at"]

    return _move(
        filing_id,
        FilingState.CONFIRMED,
        actor=actor,
        note=note,
        apply=apply,
    )


def filing_reject(*, actor, filing_id: int, reason: str, note: str = "") -> Filing:
    """The agency rejected, with its reason: correctable and submittable again."""

    def apply(filing):
        if not (reason or "").strip():
            raise FilingMoveRefused(
                _("Give the agency's reason for rejecting."), fields={"reason": ["required"]}
            )
        _employee_to(filing, RETURNED, actor, note)
        filing.rejection_reason = reason.strip()[:500]
        filing.decided_at = timezone.now()
        return ["rejection_reason", "decided_at"]

    return _move(
        filing_id,
        FilingState.REJECTED,
        actor=actor,
        note=note,
        apply=apply,
    )


def filing_withdraw(*, actor, filing_id: int, note: str = "") -> Filing:
    """Withdrawn before confirmation; a filing with the agency gives the employee's state back."""

    def apply(filing):
        if filing.state == FilingState.SUBMITTED:
            _employee_to(filing, RETURNED, actor, note)
        return []

    return _move(
        filing_id,
        FilingState.WITHDRAWN,
        actor=actor,
        note=note,
        apply=apply,
    )


def filings_submit_many(
    *, actor, filings: list[Filing], note: str = "", layoff_acknowledged: bool = False
) -> list[int]:
    """Submit many filings of one kind at once, in a fixed number of statements: for batches.
    The caller holds the locks of the filings and their employees and has checked each filing;
    returns the ids of the events written."""
    if not filings:
        return []
    kinds = {filing.kind for filing in filings}
    if len(kinds) != 1:
        raise ValueError("one kind per call")
    for filing in filings:
        if FilingState.SUBMITTED not in FILING_TRANSITIONS[filing.state]:
            raise FilingMoveRefused(
                _("A %(state)s filing cannot become %(to)s.")
                % {"state": FilingState(filing.state).label, "to": FilingState.SUBMITTED.label},
                fields={"state": [FilingState(filing.state).label]},
            )
    (kind,) = kinds
    now = timezone.now()
    if kind in PENDING:
        employees_move_registration(
            actor=actor,
            employee_ids=[filing.employee_id for filing in filings],
            from_state=RETURNED[kind],
            to_state=PENDING[kind],
            note=note,
        )
    acknowledged = {"layoff_acknowledged_by": actor, "layoff_acknowledged_at": now}
    # A dissolve fixes its last month as it is filed: in the same UPDATE, one per month (a
    # batch has one date, so one statement as a rule).
    _last_paid_months(filings, now)
    by_month = defaultdict(list)
    for filing in filings:
        by_month[filing.last_paid_month].append(filing.id)
    for month, ids in by_month.items():
        Filing.objects.filter(id__in=ids).update(
            state=FilingState.SUBMITTED,
            submitted_at=now,
            updated_at=now,
            last_paid_month=month,
            **(acknowledged if layoff_acknowledged else {}),
        )
    events = FilingEvent.objects.bulk_create(
        FilingEvent(
            filing_id=filing.id,
            from_state=filing.state,
            to_state=FilingState.SUBMITTED,
            actor=actor,
            note=note[:500],
        )
        for filing in filings
    )
    for filing in filings:
        filing.state, filing.submitted_at, filing.updated_at = FilingState.SUBMITTED, now, now
    return [event.id for event in events]
