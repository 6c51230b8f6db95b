"""Every month the employer pays has a statement and a payment notice (SI Law arts. 60, 74;
DOMAIN.md "Money"), the extra months of a late or after-cut-off stop included, and no month after
the last. Each case lives through its months day by day as the sweep would: the filings on their
days, a sweep on each notice day, and the exact months asserted at the end."""

import datetime

import pytest

from contributions.models import MonthlyStatement
from employees.models import Employee
from filings.models import Filing
from filings.services import filing_confirm, filing_create_draft, filing_reject, filing_submit
from notifications.models import Notification
from notifications.sweep import sweep
from tests.contributions.test_services import insure, own_rule
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HIRED = D(2026, 6, 10)
UNTIL = D(2027, 4, 30)


def months(first: D, last: D) -> list[str]:
    out, month = [], first
    while month <= last:
        out.append(month.strftime("%Y-%m"))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return out


def notice_days(until: D) -> list[D]:
    """The 5th of every month after the hire up to ``until``: the sweep's notice days."""
    return [D(int(m[:4]), int(m[5:]), 5) for m in months(D(2026, 7, 1), until)]


@pytest.fixture
def live(employer, clerk, manager, frozen_today):
    """Run one employment through ``until``: ``steps`` maps a day to what happens on it (hire,
    file the dissolve, the agency's answer); a sweep runs on every such day and notice day.
    Returns the months with a statement and those with a payment notice."""
    own_rule(manager, employer, valid_from=D(2026, 1, 1))

    def run(cutoff_day, steps, until):
        employer.region.cutoff_day = cutoff_day
        employer.region.save()
        person = {}
        days = sorted(set(steps) | set(notice_days(until)))
        for day in days:
            frozen_today(day)
            for step in steps.get(day, []):
                step(person)
            sweep(day)
        statements = MonthlyStatement.objects.filter(employee_id=person["employee"].id)
        notices = Notification.objects.filter(
            kind="payment_notice", employee_id=person["employee"].id
        )
        return (
            sorted(m.strftime("%Y-%m") for m in statements.values_list("month", flat=True)),
            sorted(notices.values_list("period", flat=True)),
        )

    def hire(registered_on=None):
        def step(person):
            person["employee"] = EmployeeFactory(
                employer=employer, hire_date=HIRED, email="wu@example.com"
            )

        def register(person):
            insure(person["employee"], clerk, manager, on=HIRED)

        return step, register

    def file_dissolve(separated):
        def step(person):
            draft = filing_create_draft(
                actor=clerk,
                employee=Employee.objects.get(id=person["employee"].id),
                kind="dissolve",
                reason="mutual_agreement",
                effective_date=separated,
            )
            filing_submit(actor=clerk, filing_id=draft.id)
            person["dissolve"] = draft.id

        return step

    def confirm(person):
        filing_confirm(actor=manager, filing_id=person["dissolve"])

    def reject(person):
        filing_reject(actor=manager, filing_id=person["dissolve"], reason="wrong date")

    run.hire, run.file_dissolve, run.confirm, run.reject = hire, file_dissolve, confirm, reject
    return run


def timeline(live, cutoff_day, *, separated, filed, confirmed=None, until=UNTIL):
    hire, register = live.hire()
    steps = {HIRED: [hire, register], filed: [live.file_dissolve(separated)]}
    steps.setdefault(confirmed or filed, []).append(live.confirm)
    return live(cutoff_day, steps, until)


@pytest.mark.parametrize(
    ("cutoff_day", "separated", "filed", "last"),
    [
        # The first case: filed the day after December's cut-off, so December is paid,
        # and (the filing reaching January) January too.
        pytest.param(2, D(2026, 11, 20), D(2026, 12, 3), D(2027, 1, 1), id="after-cutoff"),
        pytest.param(2, D(2026, 11, 20), D(2026, 12, 2), D(2026, 12, 1), id="on-cutoff-day"),
        pytest.param(25, D(2026, 11, 20), D(2026, 11, 25), D(2026, 11, 1), id="in-time"),
        # Separated in September, filed in December: October to December are still paid.
        pytest.param(2, D(2026, 9, 15), D(2026, 12, 2), D(2026, 12, 1), id="late-on-cutoff"),
        pytest.param(2, D(2026, 9, 15), D(2026, 12, 3), D(2027, 1, 1), id="late-day-after"),
        # A cut-off of 31 is February's last day, the 28th in 2027.
        pytest.param(31, D(2027, 2, 10), D(2027, 2, 28), D(2027, 2, 1), id="feb-cutoff-31"),
        pytest.param(31, D(2027, 2, 10), D(2027, 3, 1), D(2027, 3, 1), id="feb-day-after"),
        pytest.param(None, D(2026, 10, 31), D(2026, 11, 30), D(2026, 11, 1), id="no-cutoff"),
    ],
)
def test_every_month_paid_has_a_statement_and_a_notice_and_none_after(
    live, cutoff_day, separated, filed, last
):
    statements, notices = timeline(live, cutoff_day, separated=separated, filed=filed)
    assert statements == months(D(2026, 6, 1), last)
    assert notices == statements


def test_a_dissolve_confirmed_months_later_holds_the_months_after_its_last(live):
    """Filed on December's cut-off day, confirmed in March: the months to December are paid;
    January and February, while the agency had it, get no statement."""
    statements, notices = timeline(
        live, 2, separated=D(2026, 9, 15), filed=D(2026, 12, 2), confirmed=D(2027, 3, 10)
    )
    assert statements == months(D(2026, 6, 1), D(2026, 12, 1))
    assert notices == statements


def test_a_rejected_dissolve_releases_the_months_it_held(live):
    """Rejected in March, the stop never happened: January and February, held while the agency
    had it, are caught up on the day of the rejection, and the months go on."""
    hire, register = live.hire()
    steps = {
        HIRED: [hire, register],
        D(2026, 12, 2): [live.file_dissolve(D(2026, 9, 15))],
        D(2027, 3, 10): [live.reject],
    }
    statements, notices = live(2, steps, D(2027, 3, 31))
    assert statements == months(D(2026, 6, 1), D(2027, 2, 1))
    assert notices == statements


def test_a_registration_confirmed_late_reaches_back_to_its_effective_date(
    live, employer, clerk, manager
):
    """Registered in September from the June hire: June to August are owed, caught up by the
    sweep of the confirmation day; September comes on October's notice day."""
    hire, register = live.hire()
    steps = {HIRED: [hire], D(2026, 9, 20): [register]}
    statements, notices = live(2, steps, D(2026, 10, 31))
    assert statements == months(D(2026, 6, 1), D(2026, 9, 1))
    assert notices == statements
    first = MonthlyStatement.objects.order_by("month").first()
    assert first.created_at.date() == D(2026, 9, 20)  # not waiting for a notice day


def test_the_last_month_is_fixed_on_the_dissolve_when_filed(live):
    """The filing carries the month it reaches, so the statements, the notices and the
    separation notice all read the same month."""
    from notifications.mail import render

    statements, _ = timeline(live, 2, separated=D(2026, 9, 15), filed=D(2026, 12, 3))
    dissolve = Filing.objects.get(kind="dissolve")
    assert dissolve.last_paid_month == D(2027, 1, 1)
    assert statements[-1] == "2027-01"
    notice = Notification.objects.get(kind="separation_notice")
    assert "至 2027-01 为止" in render(notice).text  # the employee chose Chinese
