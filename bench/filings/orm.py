"""The services measured: batch_create, then batch_submit, each call timed with its queries."""

from __future__ import annotations

import datetime

import psycopg

from bench.filings.timing import Run, orm_call, settle

# Not economic_layoff: art. 41's 10 % rule would then ask for an acknowledgement first.
REASON = "mutual_agreement"


def run(
    raw: psycopg.Connection,
    *,
    clerk_id: int,
    employer_id: int,
    employee_ids: list[int],
    effective_date: datetime.date,
) -> Run:
    from django.contrib.auth import get_user_model

    from filings.services.batches import batch_create, batch_submit

    users = get_user_model().objects
    # A user object of its own for each call, as each request loads one: access.role_for caches
    # the roles on it, which would take a query off the second call and off the second size.
    actor = users.get(pk=clerk_id)
    settle(raw)
    create = orm_call(
        lambda: batch_create(
            actor=actor,
            employer_id=employer_id,
            employee_ids=employee_ids,
            kind="dissolve",
            reason=REASON,
            effective_date=effective_date,
        )
    )
    batch_id = create.result.id
    actor = users.get(pk=clerk_id)
    settle(raw)
    # The enqueue (delay_on_commit) runs at the commit, inside the timed call.
    submit = orm_call(lambda: batch_submit(actor=actor, batch_id=batch_id))
    return Run("ORM", len(employee_ids), batch_id, create, submit, submit.result.event_ids)
