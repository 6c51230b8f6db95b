"""The landing page's charts in Chromium: Chart.js comes from the site's own static files (no
request leaves the site), each chart is drawn, and what it draws is the table under it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contributions.models import ContributionRule, MonthlyStatement
from employees.models import Membership
from filings.services import filing_confirm, filing_create_draft, filing_submit
from law.payments import month_of
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import log_in
from tests.browser.test_content_security_policy import refusals
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALL_DRAWN = """() => window.Chart && [...document.querySelectorAll('#dashboard-charts canvas')]
  .every(canvas => Chart.getChart(canvas))"""
# Each chart's datasets, read from Chart.js itself; and the table under its canvas.
DRAWN = """() => [...document.querySelectorAll('#dashboard-charts canvas')].map(canvas => {
  const chart = Chart.getChart(canvas);
  const table = canvas.closest('figure').querySelector('table');
  return {
    id: canvas.id,
    width: canvas.width,
    labels: chart ? chart.data.labels : null,
    datasets: chart ? chart.data.datasets.map(d => ({label: d.label, data: d.data})) : null,
    header: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
    rows: [...table.querySelectorAll('tbody tr')].map(tr =>
      [...tr.children].map(cell => cell.textContent.trim())),
  };
})"""


def months_ago(n: int) -> datetime.date:
    month = month_of(timezone.localdate())
    for _ in range(n):
        month = month_of(month - datetime.timedelta(days=1))
    return month


@pytest.fixture
def charted():
    employer = EmployerFactory(name="Chart Works Ltd")
    clerk = member(Membership.Role.CLERK, employer, username="chen")
    manager = member(Membership.Role.MANAGER, employer)
    rule = ContributionRule.objects.create(
        region_id=employer.region_id,
        employer=employer,
        valid_from=months_ago(12),
        source="test notice",
    )
    for n, ago in enumerate((9, 6, 6, 3, 1)):
        person = EmployeeFactory(
            employer=employer, hire_date=months_ago(ago) + datetime.timedelta(n)
        )
        draft = filing_create_draft(actor=clerk, employee=person, kind="register")
        filing_submit(actor=clerk, filing_id=draft.id)
        filing_confirm(actor=manager, filing_id=draft.id)
        for month in (months_ago(2), months_ago(1)):
            lines = [
                {"line": "pension", "employer_amount": f"{1600 + n * 100}.25"},
                {"line": "medical", "employer_amount": f"{900 + n}.10"},
            ]
            MonthlyStatement.objects.create(
                employee=person,
                employer=employer,
                month=month,
                rule=rule,
                wage=Decimal("10000"),
                lines=lines,
                employee_total=Decimal("0"),
                employer_total=Decimal("0"),
            )
    today = timezone.localdate()
    for days in (3, 40):  # overdue registrations, nothing filed
        EmployeeFactory(
            employer=employer,
            hire_date=today - datetime.timedelta(days=days + 31),
            registration_deadline=today - datetime.timedelta(days=days),
        )
    return employer


def figure(text: str) -> float:
    return float(text.replace("¥", "").replace(",", ""))


def test_the_charts_draw_the_figures_of_their_tables_from_our_own_static_files(
    page, live_server, charted
):
    refused = refusals(page)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, "chen")
    page.locator("#dashboard-charts canvas").first.wait_for()
    page.wait_for_function(ALL_DRAWN)
    drawn = page.evaluate(DRAWN)
    snap(page, "dashboard-charts")

    assert [chart["id"] for chart in drawn] == [
        f"chart-{charted.id}-people",
        f"chart-{charted.id}-cost",
        f"chart-{charted.id}-overdue",
    ]
    for chart in drawn:
        assert chart["width"] > 0
        assert chart["header"][1:] == [d["label"] for d in chart["datasets"]]
        assert [row[0] for row in chart["rows"]] == chart["labels"]
        assert len(chart["labels"]) == 12
        for column, dataset in enumerate(chart["datasets"], start=1):
            assert [figure(row[column]) for row in chart["rows"]] == dataset["data"]
    people, cost, overdue = drawn
    assert people["datasets"][0]["data"][-1] == 5  # all five insured this month
    assert cost["rows"][-2][1] == "¥9,001.25"  # pension: 1,600.25 + ... + 2,000.25
    assert overdue["datasets"][0]["data"][-1] == 2

    ours = live_server.url
    assert [url for url in requests if not url.startswith(ours)] == []
    assert f"{ours}/static/notifications/vendor/chart.umd.min.js" in requests
    assert page.evaluate("window.__csp") == []
    assert refused == []
