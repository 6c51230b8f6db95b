"""Labour Contract Law art. 41 at the moment of submitting: every path that sends dissolves to
the agency (one filing or a batch) asks here, under the employer's lock, so two submissions at
once cannot each stay under the threshold."""

from dataclasses import dataclass

from employees.models import Employer
from filings import selectors
from filings.models import Filing
from filings.states import FilingState
from hrsocsec.errors import InvalidInput
from law import layoffs

WITH_AGENCY = (FilingState.SUBMITTED, FilingState.CONFIRMED)
# The cuts a preview counts: drafts too, since they are on their way to the agency.
NOT_WITHDRAWN = (
    FilingState.DRAFT,
    FilingState.SUBMITTED,
    FilingState.CONFIRMED,
    FilingState.REJECTED,
)


@dataclass(frozen=True)
class Layoff:
    headcount: int
    workforce: int

    @property
    def warning(self) -> str:
        return layoffs.warning_text(self.headcount, self.workforce)


def is_layoff(filing: Filing) -> bool:
    return filing.kind == Filing.Kind.DISSOLVE and filing.reason == Filing.Reason.ECONOMIC_LAYOFF


def layoff_reached(
    employer_id: int, filings: list[Filing], *, states=WITH_AGENCY, lock: bool = True
) -> Layoff | None:
    """The art. 41 layoff these filings take part in, counted with the employer's other cuts
    in ``states``; None when it stays under the threshold. Locks the employer row unless told
    not to (a preview)."""
    cuts = [(f.employee_id, f.effective_date) for f in filings if is_layoff(f)]
    if not cuts:
        return None
    if lock:
        Employer.objects.select_for_update().filter(id=employer_id).values_list("id").first()
    mine = set(cuts)
    for on in sorted({day for _employee, day in mine}):
        others = set(selectors.layoff_cuts(employer_id, on, states=states))
        headcount = layoffs.headcount(others | mine, on)
        workforce = selectors.workforce(employer_id, on)
        if layoffs.reaches_threshold(headcount, workforce):
            return Layoff(headcount, workforce)
    return None


def require_acknowledgement(layoff: Layoff | None, acknowledged: bool) -> None:
    if layoff and not acknowledged:
        raise InvalidInput(layoff.warning, fields={"acknowledge_layoff": [layoff.warning]})


def layoff_preview(employer_id: int, employee_ids, effective_date) -> Layoff | None:
    """The art. 41 layoff that economic-layoff dissolves of these employees on this date would
    reach, counting the employer's other cuts, drafts included; nothing is locked or written."""
    cuts = [
        Filing(
            employee_id=employee_id,
            kind=Filing.Kind.DISSOLVE,
            reason=Filing.Reason.ECONOMIC_LAYOFF,
            effective_date=effective_date,
        )
        for employee_id in employee_ids
    ]
    return layoff_reached(employer_id, cuts, states=NOT_WITHDRAWN, lock=False)
