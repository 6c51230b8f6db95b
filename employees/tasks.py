from celery import shared_task
from django.db import InterfaceError, OperationalError

from employees import selectors, services

# Ids per recompute task: one short transaction each, well inside the time limits.
RECOMPUTE_BATCH_SIZE = 1000
# A lost connection or a locked database passes; anything else is a bug to see, not to retry.
TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task
def deadlines_refresh_task() -> int:
    """Beat's daily tick: fan out the stale deadlines to recompute, in batches of ids."""
    ids = list(selectors.stale_deadline_ids())
    for start in range(0, len(ids), RECOMPUTE_BATCH_SIZE):
        deadlines_recompute_task.delay(ids[start : start + RECOMPUTE_BATCH_SIZE])
    return len(ids)


@shared_task(
    acks_late=True,  # a worker lost mid-task leaves the message to be run again
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def deadlines_recompute_task(employee_ids: list[int]) -> int:
    """Safe to run twice: a deadline already right is left alone."""
    return services.deadlines_recompute(employee_ids)


@shared_task(ignore_result=True)
def employee_imports_purge_task() -> int:
    """Uploads previewed but never confirmed hold personal data: gone once they cannot be
    confirmed any more. Safe to run twice."""
    from employees.imports.storage import imports_purge

    return imports_purge()
