"""Reads of filings that more than one caller needs: the art. 41 counts and a batch's counts."""

import datetime
from collections.abc import Sequence

from django.db.models import Count, Q

from employees.models import Employee
from employees.workflow import RegistrationState as S
from filings.models import BatchRow, Filing
from filings.states import FilingState
from law.layoffs import LAYOFF_REACH

Kind = Filing.Kind


def layoff_cuts(
    employer_id: int, on: datetime.date, *, states: Sequence[str]
) -> list[tuple[int, datetime.date]]:
    """(employee id, effective date) of the employer's economic-layoff dissolves in ``states``
    that can share an art. 41 period with ``on``."""
    return list(
        Filing.objects.filter(
            employer_id=employer_id,
            kind=Kind.DISSOLVE,
            reason=Filing.Reason.ECONOMIC_LAYOFF,
            state__in=states,
            effective_date__range=(on - LAYOFF_REACH, on + LAYOFF_REACH),
        ).values_list("employee_id", "effective_date")
    )


def workforce(employer_id: int, on: datetime.date) -> int:
    """The employer's workforce for art. 41: employed now, or separated within the window (so
    a layoff already confirmed does not shrink the base it is measured against)."""
    since = on - LAYOFF_REACH
    return (
        Employee.objects.filter(employer_id=employer_id)
        .filter(~Q(registration_state=S.STOPPED) | Q(separation_date__gte=since))
        .count()
    )


def batch_counts(batch_id: int) -> dict:
    """Rows per outcome and the batch's filings per state: two grouped queries."""
    rows = dict(
        BatchRow.objects.filter(batch_id=batch_id)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("outcome", "n")
    )
    states = dict(
        Filing.objects.filter(batch_row__batch_id=batch_id)
        .values("state")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("state", "n")
    )
    return {
        "rows": {outcome: rows.get(outcome, 0) for outcome in BatchRow.Outcome.values},
        "filings": {state: states.get(state, 0) for state in FilingState.values},
    }
