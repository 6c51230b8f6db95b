import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.models import Employee, EmployeeEvent, Membership
from employees.workflow import RegistrationState as S
from filings.models import Batch, BatchRow, Filing, FilingEvent
from filings.services import batch_create, batch_submit, filing_create_draft, filing_submit
from hrsocsec.errors import InvalidInput, NotFound
from tests.factories import EmployeeFactory, EmployerFactory, member
from tests.oncommit import told
from tests.oracles import registration_state_from_filings

pytestmark = pytest.mark.django_db
LAST_DAY = datetime.date(2026, 6, 30)


def dissolve_batch(clerk, employer, n, reason="mutual_agreement"):
    staff = EmployeeFactory.create_batch(n, employer=employer, registration_state=S.REGISTERED)
    return batch_create(
        actor=clerk,
        employer_id=employer.id,
        employee_ids=[e.id for e in staff],
        kind="dissolve",
        reason=reason,
        effective_date=LAST_DAY,
    )


def test_submitting_a_batch_submits_every_draft_and_stops_pending(
    employer, clerk, django_capture_on_commit_callbacks
):
    batch = dissolve_batch(clerk, employer, 3)
    with django_capture_on_commit_callbacks() as callbacks:
        result = batch_submit(actor=clerk, batch_id=batch.id, note="sent in one go")
    assert (result.submitted, result.refused) == (3, {})
    filings = Filing.objects.filter(batch_row__batch=batch)
    assert set(filings.values_list("state", flat=True)) == {"submitted"}
    assert all(f.submitted_at for f in filings)
    for filing in filings:
        assert Employee.objects.get(id=filing.employee_id).registration_state == S.STOP_PENDING
        assert registration_state_from_filings(filing.employee_id) == S.STOP_PENDING
        event = FilingEvent.objects.get(filing=filing, to_state="submitted")
        assert (event.from_state, event.actor, event.note) == ("draft", clerk, "sent in one go")
        moved = EmployeeEvent.objects.get(employee_id=filing.employee_id, to_state="stop_pending")
        assert moved.from_state == "registered"
    assert Batch.objects.get(id=batch.id).submitted_at is not None
    # One message to HR for the whole batch, after the commit.
    events = sorted(FilingEvent.objects.filter(to_state="submitted").values_list("id", flat=True))
    assert told(callbacks) == [("filings_moved", events)]


def test_submitting_a_batch_again_submits_nothing_more(
    employer, clerk, django_capture_on_commit_callbacks
):
    batch = dissolve_batch(clerk, employer, 2)
    batch_submit(actor=clerk, batch_id=batch.id)
    with django_capture_on_commit_callbacks() as callbacks:
        again = batch_submit(actor=clerk, batch_id=batch.id)
    assert again.submitted == 0
    assert FilingEvent.objects.filter(to_state="submitted").count() == 2
    assert callbacks == []


def test_a_draft_whose_employee_moved_on_stays_a_draft_and_the_rest_go(employer, clerk):
    batch = dissolve_batch(clerk, employer, 3)
    gone = Filing.objects.filter(batch_row__batch=batch).order_by("id").first()
    Employee.objects.filter(id=gone.employee_id).update(registration_state=S.STOPPED)
    result = batch_submit(actor=clerk, batch_id=batch.id)
    assert result.submitted == 2
    assert list(result.refused) == [gone.id]
    assert "employee" in result.refused[gone.id]
    assert "employee" in BatchRow.objects.get(filing=gone).errors  # kept for whoever looks later
    assert Filing.objects.get(id=gone.id).state == "draft"


def test_only_a_clerk_of_the_employer_submits(employer, clerk):
    batch = dissolve_batch(clerk, employer, 1)
    with pytest.raises(NotFound):
        batch_submit(actor=member(), batch_id=batch.id)
    viewer = member(Membership.Role.VIEWER, employer)
    with pytest.raises(Exception, match="viewer"):
        batch_submit(actor=viewer, batch_id=batch.id)
    assert not Filing.objects.filter(state="submitted").exists()


def test_the_number_of_queries_does_not_grow_with_the_batch(clerk):
    def queries_for(n):
        employer = EmployerFactory()
        Membership.objects.create(user=clerk, employer=employer, role=Membership.Role.CLERK)
        batch = dissolve_batch(clerk, employer, n)
        with CaptureQueriesContext(connection) as queries:
            assert batch_submit(actor=clerk, batch_id=batch.id).submitted == n
        return len(queries)

    small, large = queries_for(3), queries_for(60)
    assert large == small if connection.vendor == "postgresql" else large <= small + 6


class TestEconomicLayoff:
    """Labour Contract Law art. 41: 20 or more people, or 10 % of the workforce, in 30 days."""

    def test_twenty_people_carry_the_warning_and_need_an_acknowledgement(self, employer, clerk):
        EmployeeFactory.create_batch(200, employer=employer)  # 20 of 220 is under 10 %
        batch = dissolve_batch(clerk, employer, 20, reason="economic_layoff")
        assert (batch.layoff_headcount, batch.layoff_workforce) == (20, 220)
        with pytest.raises(InvalidInput) as info:
            batch_submit(actor=clerk, batch_id=batch.id)
        assert "art. 41" in info.value.fields["acknowledge_layoff"][0]
        assert not Filing.objects.filter(state="submitted").exists()
        assert Batch.objects.get(id=batch.id).layoff_acknowledged_at is None

        result = batch_submit(actor=clerk, batch_id=batch.id, acknowledge_layoff=True)
        assert result.submitted == 20
        batch.refresh_from_db()
        assert batch.layoff_acknowledged_by == clerk
        assert batch.layoff_acknowledged_at is not None

    def test_nineteen_of_a_large_workforce_carry_no_warning(self, employer, clerk):
        EmployeeFactory.create_batch(200, employer=employer)
        batch = dissolve_batch(clerk, employer, 19, reason="economic_layoff")
        assert not batch.layoff_warning
        assert batch_submit(actor=clerk, batch_id=batch.id).submitted == 19

    def test_ten_percent_of_a_small_workforce_carries_the_warning(self, employer, clerk):
        EmployeeFactory.create_batch(27, employer=employer)
        batch = dissolve_batch(clerk, employer, 3, reason="economic_layoff")  # 3 of 30
        assert (batch.layoff_headcount, batch.layoff_workforce) == (3, 30)

    def test_other_reasons_never_warn(self, employer, clerk):
        batch = dissolve_batch(clerk, employer, 3, reason="mutual_agreement")
        assert not batch.layoff_warning

    def test_the_count_that_decides_is_taken_at_submit(self, employer, clerk):
        """Two batches of 15 each stay under 20 when made; the second to be submitted meets
        the first one's cuts, now with the agency, and needs the acknowledgement."""
        EmployeeFactory.create_batch(300, employer=employer)
        first = dissolve_batch(clerk, employer, 15, reason="economic_layoff")
        second = dissolve_batch(clerk, employer, 15, reason="economic_layoff")
        assert second.layoff_headcount == 30  # the preview counts drafts too
        assert batch_submit(actor=clerk, batch_id=first.id, acknowledge_layoff=True).submitted
        with pytest.raises(InvalidInput) as info:
            batch_submit(actor=clerk, batch_id=second.id)
        assert "30 of 330" in info.value.fields["acknowledge_layoff"][0]
        done = batch_submit(actor=clerk, batch_id=second.id, acknowledge_layoff=True)
        assert done.submitted == 15
        acknowledged = Filing.objects.filter(batch_row__batch=second, state="submitted")
        assert set(acknowledged.values_list("layoff_acknowledged_by", flat=True)) == {clerk.id}

    def test_a_flagged_batchs_filing_cannot_slip_through_alone(self, employer, clerk):
        batch = dissolve_batch(clerk, employer, 3, reason="economic_layoff")  # 3 of 3
        filing = Filing.objects.filter(batch_row__batch=batch).first()
        with pytest.raises(InvalidInput):
            filing_submit(actor=clerk, filing_id=filing.id)
        assert Filing.objects.get(id=filing.id).state == "draft"
        filing_submit(actor=clerk, filing_id=filing.id, acknowledge_layoff=True)
        filing.refresh_from_db()
        assert (filing.state, filing.layoff_acknowledged_by) == ("submitted", clerk)

    def test_one_filing_alone_can_reach_ten_percent(self, employer, clerk):
        EmployeeFactory.create_batch(9, employer=employer)
        (person,) = EmployeeFactory.create_batch(
            1, employer=employer, registration_state=S.REGISTERED
        )
        draft = filing_create_draft(
            actor=clerk,
            employee=person,
            kind="dissolve",
            reason="economic_layoff",
            effective_date=LAST_DAY,
        )
        with pytest.raises(InvalidInput) as info:
            filing_submit(actor=clerk, filing_id=draft.id)
        assert "1 of 10" in info.value.fields["acknowledge_layoff"][0]
        assert Employee.objects.get(id=person.id).registration_state == S.REGISTERED

    def test_earlier_layoffs_within_thirty_days_count(self, employer, clerk):
        EmployeeFactory.create_batch(300, employer=employer)
        first = dissolve_batch(clerk, employer, 15, reason="economic_layoff")
        assert not first.layoff_warning
        staff = EmployeeFactory.create_batch(5, employer=employer, registration_state=S.REGISTERED)
        second = batch_create(
            actor=clerk,
            employer_id=employer.id,
            employee_ids=[e.id for e in staff],
            kind="dissolve",
            reason="economic_layoff",
            effective_date=LAST_DAY + datetime.timedelta(days=29),  # one 30-day period
        )
        assert second.layoff_headcount == 20
        later = EmployeeFactory.create_batch(5, employer=employer, registration_state=S.REGISTERED)
        far = batch_create(
            actor=clerk,
            employer_id=employer.id,
            employee_ids=[e.id for e in later],
            kind="dissolve",
            reason="economic_layoff",
            effective_date=LAST_DAY + datetime.timedelta(days=30),  # the first 15 fall outside
        )
        assert far.layoff_headcount is None
