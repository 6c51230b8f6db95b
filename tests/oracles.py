"""Test oracles: the same answers as the product's, worked out another way."""

from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.states import FilingState

Kind = Filing.Kind


def registration_state_from_filings(employee_id: int) -> str:
    """The registration state the filings alone explain (DOMAIN.md): the stored state must
    always equal it. One query on filing_employee_idx."""
    with_agency = set(
        Filing.objects.filter(
            employee_id=employee_id,
            kind__in=[Kind.REGISTER, Kind.DISSOLVE],
            state__in=[FilingState.SUBMITTED, FilingState.CONFIRMED],
        ).values_list("kind", "state")
    )
    for kind, state, registration in (
        (Kind.DISSOLVE, FilingState.CONFIRMED, S.STOPPED),
        (Kind.DISSOLVE, FilingState.SUBMITTED, S.STOP_PENDING),
        (Kind.REGISTER, FilingState.CONFIRMED, S.REGISTERED),
        (Kind.REGISTER, FilingState.SUBMITTED, S.REGISTRATION_PENDING),
    ):
        if (kind, state) in with_agency:
            return registration
    return S.UNREGISTERED
