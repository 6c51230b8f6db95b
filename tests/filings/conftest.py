import datetime

import pytest

from employees.workflow import RegistrationState as S
from filings.services import filing_create_draft, filing_submit
from tests.factories import EmployeeFactory


@pytest.fixture
def hired(employer):
    """A new hire, nothing filed (hired 2026-03-02, contract to 2029-03-01)."""
    return EmployeeFactory(employer=employer, contract_end_date=datetime.date(2029, 3, 1))


@pytest.fixture
def insured(employer):
    """An employee whose registration the agency confirmed."""
    return EmployeeFactory(
        employer=employer,
        registration_state=S.REGISTERED,
        contract_end_date=datetime.date(2029, 3, 1),
    )


@pytest.fixture
def filing(hired, clerk):
    """A draft register."""
    return filing_create_draft(actor=clerk, employee=hired, kind="register")


@pytest.fixture
def submitted_register(hired, clerk):
    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    return filing_submit(actor=clerk, filing_id=filing.id)


@pytest.fixture
def submitted_dissolve(insured, clerk):
    filing = filing_create_draft(
        actor=clerk,
        employee=insured,
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=datetime.date(2026, 6, 30),
    )
    return filing_submit(actor=clerk, filing_id=filing.id)


def enqueued(callbacks) -> list[tuple[str, tuple]]:
    """What each captured on-commit callback would enqueue: (task name, arguments)."""
    return [(callback.func.__self__.name, callback.args) for callback in callbacks]


NOTIFY = "filings.tasks.filing_events_notify_task"


@pytest.fixture
def staff(employer):
    """Three registered employees of the employer."""
    return EmployeeFactory.create_batch(3, employer=employer, registration_state=S.REGISTERED)
