from celery import shared_task
from django.db import InterfaceError, OperationalError

from employees import selectors, services

# A lost connection or a locked database passes; anything else is a bug to see, not to retry.
TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task
def deadlines_refresh_task() -> list[int]:
    """Beat's daily tick: the years a newer chinesecalendar brought are taken in, and each
    year that provisional deadlines wait for and that has its arrangement now gets its
    recomputation (saving a year enqueues it at once; this catches a lost one)."""
    from employees.services.holidays import holiday_years_from_package

    holiday_years_from_package()
    years = selectors.stale_provisional_years()
    for year in years:
        deadlines_recompute_year_task.delay(year)
    return years


# A recomputation may run again whole: a worker lost mid-task leaves the message to be run again,
# a lost connection is retried with backoff.
RERUNNABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(**RERUNNABLE, soft_time_limit=1800, time_limit=1900)
def deadlines_recompute_year_task(year: int) -> int:
    """Every deadline a year's arrangement moves, in one task (batched by hire date inside).
    Safe to run twice."""
    from employees.services.holidays import deadlines_recompute_year

    return deadlines_recompute_year(year)


@shared_task(**RERUNNABLE)
def deadlines_recompute_task(employee_ids: list[int]) -> int:
    """Safe to run twice: a deadline already right is left alone."""
    return services.deadlines_recompute(employee_ids)


@shared_task(ignore_result=True)
def employee_imports_purge_task() -> int:
    """Uploads previewed but never confirmed hold personal data: gone once they cannot be
    confirmed any more. Safe to run twice."""
    from employees.imports.storage import imports_purge

    return imports_purge()
