from employees.states import RegistrationState as S
from filings.models import Filing
from filings.states import FilingState as F

Kind = Filing.Kind


def registration_state_from_filings(employee_id: int) -> str:
    """The registration state the filings alone explain (DOMAIN.md): the stored state must
    always equal it. One query on filing_employee_idx."""
    with_agency = set(
        Filing.objects.filter(
            employee_id=employee_id,
            kind__in=[Kind.REGISTER, Kind.DISSOLVE],
            state__in=[F.SUBMITTED, F.CONFIRMED],
        ).values_list("kind", "state")
    )
    for kind, state, registration in (
        (Kind.DISSOLVE, F.CONFIRMED, S.STOPPED),
        (Kind.DISSOLVE, F.SUBMITTED, S.STOP_PENDING),
        (Kind.REGISTER, F.CONFIRMED, S.REGISTERED),
        (Kind.REGISTER, F.SUBMITTED, S.REGISTRATION_PENDING),
    ):
        if (kind, state) in with_agency:
            return registration
    return S.UNREGISTERED
