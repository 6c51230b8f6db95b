from celery import shared_task

from employees import selectors, services

# Ids per recompute task: one short transaction each, well inside the time limits.
RECOMPUTE_BATCH_SIZE = 1000


@shared_task
def deadlines_refresh_task() -> int:
    """Beat's daily tick: fan out the stale deadlines to recompute, in batches of ids."""
    ids = list(selectors.stale_deadline_ids())
    for start in range(0, len(ids), RECOMPUTE_BATCH_SIZE):
        deadlines_recompute_task.delay(ids[start : start + RECOMPUTE_BATCH_SIZE])
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=300, max_retries=5)
def deadlines_recompute_task(employee_ids: list[int]) -> int:
    """Safe to run twice: a deadline already right is left alone."""
    return services.deadlines_recompute(employee_ids)
