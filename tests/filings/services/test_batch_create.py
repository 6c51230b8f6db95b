import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from employees.models import Membership
from employees.workflow import RegistrationState as S
from filings.models import Batch, BatchRow, Filing, FilingEvent
from filings.selectors import batch_counts
from filings.services import batch_create, filing_create_draft
from filings.services import batches as batches_module
from hrsocsec.errors import NotFound, RoleRefused
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
LAST_DAY = datetime.date(2026, 6, 30)


def insured_staff(employer, n):
    return EmployeeFactory.create_batch(n, employer=employer, registration_state=S.REGISTERED)


def dissolve(clerk, employer, ids, **fields):
    fields = {"reason": "mutual_agreement", "effective_date": LAST_DAY, **fields}
    return batch_create(
        actor=clerk, employer_id=employer.id, employee_ids=ids, kind="dissolve", **fields
    )


def test_each_allowed_employee_gets_a_draft_and_each_other_one_a_reason(employer, clerk):
    staff = insured_staff(employer, 3)
    unregistered = EmployeeFactory(employer=employer)
    already = EmployeeFactory(employer=employer, registration_state=S.REGISTERED)
    open_one = filing_create_draft(
        actor=clerk, employee=already, kind="dissolve", reason="retirement", effective_date=LAST_DAY
    )
    hired_later = EmployeeFactory(
        employer=employer, registration_state=S.REGISTERED, hire_date=datetime.date(2026, 7, 1)
    )
    ids = [e.id for e in staff] + [unregistered.id, already.id, hired_later.id]

    batch = dissolve(clerk, employer, ids)

    rows = {row.employee_id: row for row in BatchRow.objects.filter(batch=batch)}
    assert [rows[e.id].outcome for e in staff] == ["created"] * 3
    assert "employee" in rows[unregistered.id].errors
    assert f"#{open_one.id}" in rows[already.id].errors["kind"][0]
    assert "2026-07-01" in rows[hired_later.id].errors["effective_date"][0]
    assert batch_counts(batch.id) == {
        "rows": {"created": 3, "refused": 3},
        "filings": {"draft": 3, "submitted": 0, "confirmed": 0, "rejected": 0, "withdrawn": 0},
    }
    filing = rows[staff[0].id].filing
    assert (filing.kind, filing.reason, filing.effective_date, filing.created_by) == (
        "dissolve",
        "mutual_agreement",
        LAST_DAY,
        clerk,
    )
    event = FilingEvent.objects.get(filing=filing)
    assert (event.to_state, event.actor, event.note) == ("draft", clerk, f"batch #{batch.id}")


def test_a_register_batch_takes_effect_on_each_hire_date(employer, clerk):
    first = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 3, 2))
    second = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 4, 13))
    batch = batch_create(
        actor=clerk, employer_id=employer.id, employee_ids=[first.id, second.id], kind="register"
    )
    dates = dict(
        Filing.objects.filter(batch_row__batch=batch).values_list("employee_id", "effective_date")
    )
    assert dates == {first.id: first.hire_date, second.id: second.hire_date}


def test_another_employers_id_in_the_list_is_not_found_and_nothing_is_created(employer, clerk):
    mine = insured_staff(employer, 2)
    theirs = EmployeeFactory(registration_state=S.REGISTERED)  # another employer's
    with pytest.raises(NotFound, match=str(theirs.id)):
        dissolve(clerk, employer, [mine[0].id, theirs.id, mine[1].id])
    assert not Batch.objects.exists()
    assert not Filing.objects.exists()


def test_a_non_member_is_not_found_and_a_viewer_is_refused(employer):
    staff = insured_staff(employer, 1)
    with pytest.raises(NotFound):
        dissolve(member(), employer, [staff[0].id])
    with pytest.raises(RoleRefused):
        dissolve(member(Membership.Role.VIEWER, employer), employer, [staff[0].id])
    assert not Batch.objects.exists()


@pytest.mark.parametrize(
    ("ids", "message"),
    [([], "at least one"), ("twice", "more than once")],
)
def test_a_bad_list_is_refused_whole(employer, clerk, ids, message):
    staff = insured_staff(employer, 2)
    if ids == "twice":
        ids = [staff[0].id, staff[1].id, staff[0].id]
    with pytest.raises(ValidationError) as info:
        dissolve(clerk, employer, ids)
    assert message in info.value.message_dict["employee_ids"][0]
    assert not Batch.objects.exists()


def test_a_list_over_the_cap_is_refused(employer, clerk, monkeypatch):
    monkeypatch.setattr(batches_module, "BATCH_MAX_EMPLOYEES", 2)
    staff = insured_staff(employer, 3)
    with pytest.raises(ValidationError) as info:
        dissolve(clerk, employer, [e.id for e in staff])
    assert "at most 2" in info.value.message_dict["employee_ids"][0]


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("dissolve", {"reason": ""}, "reason"),
        ("dissolve", {"reason": "other", "reason_text": "  "}, "reason_text"),
        ("dissolve", {"effective_date": None}, "effective_date"),
        ("renew", {"reason": "", "new_contract_end_date": None}, "new_contract_end_date"),
        ("register", {"reason": "retirement"}, "reason"),
        ("transfer", {}, "kind"),
    ],
)
def test_what_is_wrong_with_the_batch_itself_names_the_field(employer, clerk, kind, fields, field):
    staff = insured_staff(employer, 1)
    values = {"reason": "mutual_agreement", "effective_date": LAST_DAY, **fields}
    with pytest.raises(ValidationError) as info:
        batch_create(
            actor=clerk, employer_id=employer.id, employee_ids=[staff[0].id], kind=kind, **values
        )
    assert field in info.value.message_dict
    assert not Batch.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_batch(clerk, employer):
    def queries_for(n):
        other = EmployerFactory()
        Membership.objects.create(user=clerk, employer=other, role=Membership.Role.CLERK)
        ids = [e.id for e in insured_staff(other, n)]
        with CaptureQueriesContext(connection) as queries:
            dissolve(clerk, other, ids)
        return len(queries)

    # SQLite splits bulk inserts by its parameter limit; PostgreSQL does not.
    small, large = queries_for(3), queries_for(60)
    assert large == small if connection.vendor == "postgresql" else large <= small + 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_batches_over_the_same_people_file_each_person_once(employer, clerk):
    """Two connections at once: the employees' locks order them; the second batch's rows are
    refused with the first batch's open filings named, and nobody gets two."""
    staff = insured_staff(employer, 5)
    ids = [e.id for e in staff]
    start = threading.Barrier(2)
    batches = []

    def attempt():
        try:
            start.wait(timeout=10)
            with translation.override("en"):  # activation is per thread
                batches.append(dissolve(clerk, employer, ids))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(batches) == 2
    counts = sorted(batch_counts(b.id)["rows"]["created"] for b in batches)
    assert counts == [0, 5]
    assert Filing.objects.filter(employee_id__in=ids).count() == 5
    refused = BatchRow.objects.filter(outcome="refused").first()
    assert "already has an open dissolve filing" in refused.errors["kind"][0]


def test_the_note_is_kept_on_the_batch_and_each_first_event(employer, clerk):
    staff = insured_staff(employer, 2)
    batch = dissolve(clerk, employer, [e.id for e in staff], note="  site closes  ")
    assert batch.note == "site closes"
    notes = FilingEvent.objects.filter(filing__batch_row__batch=batch).values_list(
        "note", flat=True
    )
    assert set(notes) == {f"batch #{batch.id}: site closes"}


def test_an_acknowledged_layoff_is_recorded_when_the_batch_reaches_art_41(employer, clerk):
    staff = insured_staff(employer, 3)
    ids = [e.id for e in staff]
    batch = dissolve(clerk, employer, ids, reason="economic_layoff", acknowledge_layoff=True)
    assert (batch.layoff_headcount, batch.layoff_workforce) == (3, 3)
    batch.refresh_from_db()
    assert batch.layoff_acknowledged_by == clerk
    assert batch.layoff_acknowledged_at is not None


def test_an_acknowledgement_is_not_recorded_where_art_41_does_not_apply(clerk):
    employer = clerk.memberships.get().employer
    staff = insured_staff(employer, 30)
    batch = dissolve(clerk, employer, [staff[0].id], acknowledge_layoff=True)
    batch.refresh_from_db()
    assert (batch.layoff_headcount, batch.layoff_acknowledged_at) == (None, None)
