"""The benchmark's employers and employee rows, built with bench.employees' generator.

Insured: registered employees of a handful of employers in Shanghai and Beijing (the regions
with shipped sample rules), every one with an address and hired before the statement month's
end. Background: bench.employees' realistic mix (unfiled recent hires with deadlines around the
day, pending filings, contracts ending, separations), with a few more recent separations, so
the daily sweep has reminders and separation notices to find.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator

from bench.employees import data as employee_data
from bench.employees import tenants

MARK = "(bench.notifications)"
USERNAME = "bench-notifications"
INSURED_EMPLOYERS = 8
INSURED_REGIONS = ("310000", "110000")  # the sample rules' regions (filings migration 0006)
# Shares of the background given a separation in the last RECENT_DAYS: registered ones are
# separated with the stop not yet filed (the sweep's "stop" reminders); stopped ones have a
# recently confirmed dissolve (the separation notices).
RECENT_SEPARATIONS = {"registered": 0.003, "stopped": 0.02}
RECENT_DAYS = 25


def create_employers(rng: random.Random, regions: list[str], kind: str) -> list[int]:
    """Marked employers, each with one or two HR addresses (so digests are produced)."""
    from employees.models import Employer

    employers = []
    for number, region in enumerate(regions):
        words = rng.choice(tenants.COMPANY_WORDS) + rng.choice(tenants.COMPANY_KINDS)
        emails = [f"hr{number}-{kind}@bench-notifications.example.cn"]
        if rng.random() < 0.3:
            emails.append(f"payroll{number}-{kind}@bench-notifications.example.cn")
        employers.append(
            Employer(
                name=f"{words}有限公司 {kind}{number:04d} {MARK}",
                credit_code=tenants.credit_code(rng, region),
                region_id=region,
                hr_emails=emails,
            )
        )
    return [employer.pk for employer in Employer.objects.bulk_create(employers)]


def insured_employers(rng: random.Random) -> list[int]:
    regions = [INSURED_REGIONS[n % 2] for n in range(INSURED_EMPLOYERS)]
    return create_employers(rng, regions, "insured")


def background_employers(rng: random.Random, count: int) -> list[int]:
    regions = tenants.agency_regions()
    return create_employers(rng, [rng.choice(regions) for _ in range(count)], "background")


def filing_user_id() -> int:
    """The user the bench's filings are created by (filings_filing.created_by is required)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"password": make_password(None)}
    )
    return user.pk


def insured_rows(
    *, seed: int, count: int, employer_ids: list[int], weights, day, statement_month, now
) -> Iterator[employee_data.EmployeeRow]:
    """count registered employees, every one with an address, hired before the month's end."""
    month_end = (statement_month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    rows = employee_data.employee_rows(
        seed=seed,
        count=count * 3,  # about 70 % come out registered; the generator is lazy
        employer_ids=employer_ids,
        weights=weights,
        today=day,
        now=now,
    )
    wanted = (
        row for row in rows if row.registration_state == "registered" and row.hire_date < month_end
    )
    made = 0
    for row in itertools.islice(wanted, count):
        yield row._replace(email=f"i{made:07d}@mail.example.cn")
        made += 1
    if made < count:
        raise RuntimeError(f"only {made} insured employees out of {count * 3} rows")


def recent(rng: random.Random, hire: datetime.date, day: datetime.date) -> datetime.date:
    return max(hire, day - datetime.timedelta(days=rng.randint(0, RECENT_DAYS)))


def background_rows(
    *, seed: int, count: int, employer_ids: list[int], weights, day, now
) -> Iterator[employee_data.EmployeeRow]:
    rng = random.Random(seed + 7)  # apart from the generator's, which stays as bench.employees'
    for row in employee_data.employee_rows(
        seed=seed, count=count, employer_ids=employer_ids, weights=weights, today=day, now=now
    ):
        share = RECENT_SEPARATIONS.get(row.registration_state)
        if share and rng.random() < share:
            row = row._replace(separation_date=recent(rng, row.hire_date, day))
        yield row
