import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from filings.models import Filing
from filings.services import filing_create_draft

UNIQUE_OPEN = (
    "filing_one_open_per_employee_and_kind|filings_filing.employee_id, filings_filing.kind"
)


def draft(employee, clerk, **fields):
    values = {
        "employer": employee.employer,
        "employee": employee,
        "kind": "register",
        "effective_date": employee.hire_date,
        "created_by": clerk,
    }
    return Filing(**(values | fields))


@pytest.mark.django_db
def test_one_open_filing_per_kind_is_enforced_by_the_database(hired, clerk):
    draft(hired, clerk).save()
    with pytest.raises(IntegrityError, match=UNIQUE_OPEN), transaction.atomic():
        draft(hired, clerk).save()
    draft(hired, clerk, state="withdrawn").save()  # closed ones do not count


@pytest.mark.django_db
def test_one_open_filing_per_kind_is_enforced_by_model_validation(hired, clerk):
    draft(hired, clerk).save()
    with pytest.raises(ValidationError, match="already has an open filing"):
        draft(hired, clerk).validate_constraints()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"kind": "dissolve"}, "filing_dissolve_has_reason"),
        ({"kind": "dissolve", "reason": "other"}, "filing_other_reason_explained"),
        ({"kind": "renew"}, "filing_renew_has_new_end"),
        ({"state": "lost"}, "filing_state_valid"),
    ],
)
def test_check_constraints_refuse_impossible_filings(hired, clerk, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        draft(hired, clerk, **fields).save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_requests_create_one_filing(hired, clerk):
    """Two connections drafting the same register at once: one filing, one field error."""
    start = threading.Barrier(2)
    outcomes = []

    def attempt():
        try:
            start.wait(timeout=10)
            with translation.override("en"):  # activation is per thread
                filing_create_draft(actor=clerk, employee=hired, kind="register")
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["kind"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2
    assert outcomes.count("created") == 1
    refused = next(o for o in outcomes if o != "created")
    assert "already has an open register filing" in refused
    assert Filing.objects.filter(employee=hired).count() == 1
