"""notifications.sweep: the month's payment notices are handed to the enqueue chunk by chunk,
each once its transaction has committed, and nothing is handed twice."""

import datetime

import pytest
from django.db import connection

from notifications import sweep as sweep_module
from notifications.models import Notification
from notifications.sweep import sweep
from tests.contributions.test_services import insure, own_rule
from tests.factories import EmployeeFactory

NOTICE_DAY = datetime.date(2026, 11, 5)


# A real commit per chunk; serialized rollback brings the shipped data back after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_chunk_of_notices_is_enqueued_once_it_has_committed(
    employer, clerk, manager, monkeypatch
):
    own_rule(manager, employer, valid_from=datetime.date(2026, 9, 1))
    for n in range(5):
        person = EmployeeFactory(
            employer=employer, email=f"p{n}@example.com", hire_date=datetime.date(2026, 10, 1)
        )
        insure(person, clerk, manager)
    monkeypatch.setattr(sweep_module, "SWEEP_CHUNK", 2)
    handed = []

    def enqueue(ids):
        assert not connection.in_atomic_block  # committed: a worker can read the rows
        assert Notification.objects.filter(id__in=ids).count() == len(ids)
        handed.append(list(ids))

    result = sweep(NOTICE_DAY, enqueue=enqueue)
    notices = list(
        Notification.objects.filter(kind="payment_notice")
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert [len(ids) for ids in handed] == [2, 2, 1]  # the chunks of the month, as they commit
    assert sorted(i for ids in handed for i in ids) == notices
    assert result.enqueued == notices
    assert sweep(NOTICE_DAY, enqueue=enqueue).enqueued == []  # a rerun hands nothing again
    assert len(handed) == 3
