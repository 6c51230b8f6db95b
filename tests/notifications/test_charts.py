"""notifications.charts and notifications.chart_figures: the landing page's charts of the last 12
months, per employer of the user, from a small population built through the services (so the
filings and the state events carry their real times)."""

import datetime
import json
import re
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from contributions.models import ContributionRule, MonthlyStatement
from contributions.selectors import candidates
from employees.models import Employee, Membership
from filings.models import Filing
from filings.services import filing_confirm, filing_create_draft, filing_reject, filing_submit
from law.payments import last_months
from notifications import charts as charts_module
from notifications.charts import MONTHS as SHOWN
from notifications.charts import dashboard_charts
from notifications.dashboard import dashboard
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 25)
MONTHS = last_months(TODAY, SHOWN)  # 2025-07 ... 2026-06


def month(text: str) -> int:
    """The index of "2026-03" among MONTHS."""
    return [f"{m:%Y-%m}" for m in MONTHS].index(text)


def per_month(**figures) -> list:
    """A figure a month, 0 unless given: per_month(**{"2026-03": 1})."""
    values = [0] * len(MONTHS)
    for label, figure in figures.items():
        values[month(label)] = figure
    return values


@pytest.fixture
def at(time_machine):
    def move(moment: str):
        when = datetime.datetime.fromisoformat(moment).replace(tzinfo=SHANGHAI)
        time_machine.move_to(when, tick=False)

    return move


def file_register(clerk, employee):
    draft = filing_create_draft(actor=clerk, employee=employee, kind="register")
    return filing_submit(actor=clerk, filing_id=draft.id)


def statement(employee, month_text, **employer_amounts):
    """A monthly statement with the employer's share of each line given (as the service writes
    it: amounts as strings)."""
    rule = ContributionRule.objects.get_or_create(
        region_id=employee.employer.region_id,
        employer=employee.employer,
        valid_from=datetime.date(2025, 1, 1),
        defaults={"source": "test notice"},
    )[0]
    lines = [
        {"line": line, "base": "10000.00", "employer_amount": amount, "employee_amount": "1.00"}
        for line, amount in employer_amounts.items()
    ]
    return MonthlyStatement.objects.create(
        employee=employee,
        employer=employee.employer,
        month=datetime.date.fromisoformat(f"{month_text}-01"),
        rule=rule,
        wage=D("10000.00"),
        lines=lines,
        employee_total=D("1.00") * len(lines),
        employer_total=sum(D(a) for a in employer_amounts.values()),
    )


@pytest.fixture
def population(at, employer, clerk, manager):
    """Five employments of the employer, filed at their times:
    early: hired 2025-09-01, registered on time;
    left: hired 2025-12-01, registered, dissolved on 2026-03-31 (confirmed);
    bounced: hired 2026-01-05 (deadline 2026-02-04), filed on time, rejected on 2026-02-20,
        filed again and confirmed in March: overdue at February's end only;
    late: hired 2026-03-02 (deadline 2026-04-01), filed on 2026-05-10: overdue at April's end;
    never: hired 2026-04-15 (deadline 2026-05-15), nothing filed: overdue since.
    And another employer's people, who must never be counted."""
    hires = {
        "early": "2025-09-01",
        "left": "2025-12-01",
        "bounced": "2026-01-05",
        "late": "2026-03-02",
        "never": "2026-04-15",
    }
    people = {
        name: EmployeeFactory(employer=employer, hire_date=datetime.date.fromisoformat(day))
        for name, day in hires.items()
    }
    at("2025-09-10 09:00")
    filing_confirm(actor=manager, filing_id=file_register(clerk, people["early"]).id)
    at("2025-12-05 09:00")
    filing_confirm(actor=manager, filing_id=file_register(clerk, people["left"]).id)
    at("2026-01-20 09:00")
    bounced = file_register(clerk, people["bounced"])
    at("2026-02-20 09:00")
    filing_reject(actor=manager, filing_id=bounced.id, reason="wrong ID number")
    at("2026-03-10 09:00")
    filing_submit(actor=clerk, filing_id=bounced.id)
    filing_confirm(actor=manager, filing_id=bounced.id)
    at("2026-03-20 09:00")
    left = people["left"]
    left.refresh_from_db()
    dissolve = filing_create_draft(
        actor=clerk,
        employee=left,
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=datetime.date(2026, 3, 31),
    )
    filing_submit(actor=clerk, filing_id=dissolve.id)
    at("2026-03-25 09:00")
    filing_confirm(actor=manager, filing_id=dissolve.id)
    at("2026-05-10 09:00")
    filing_confirm(actor=manager, filing_id=file_register(clerk, people["late"]).id)
    for person in people.values():
        person.refresh_from_db()
    statement(people["early"], "2026-05", pension="1600.00", medical="980.00")
    statement(people["late"], "2026-05", pension="1234.56", medical="500.10")
    statement(people["early"], "2026-06", housing_fund="840.00", pension="1600.00")

    theirs = EmployerFactory(name="Not Theirs Ltd")
    stranger = EmployeeFactory(employer=theirs, hire_date=datetime.date(2026, 3, 2))
    EmployeeFactory(employer=theirs, hire_date=datetime.date(2026, 4, 15))  # overdue there
    stranger_clerk = member(Membership.Role.CLERK, theirs)
    filing_confirm(
        actor=member(Membership.Role.MANAGER, theirs),
        filing_id=file_register(stranger_clerk, stranger).id,
    )
    statement(stranger, "2026-05", pension="99999.99")
    at("2026-06-25 10:00")
    return people


def charts_of(user, employer=None):
    found = dashboard_charts(user, TODAY)
    (ours,) = [e for e in found.employers if employer is None or e.employer_id == employer.id]
    return {chart.key: chart for chart in ours.charts}


def values(chart, label):
    (series,) = [s for s in chart.series if s.label == label]
    return series.values


def test_the_months_are_the_last_twelve_ending_with_the_current_one():
    assert MONTHS[0] == datetime.date(2025, 7, 1)
    assert MONTHS[-1] == datetime.date(2026, 6, 1)
    assert len(set(MONTHS)) == 12


def test_a_hire_is_a_joiner_in_the_month_of_its_hire_date(population, clerk):
    people = charts_of(clerk)["people"]
    expected = {"2025-09": 1, "2025-12": 1, "2026-01": 1, "2026-03": 1, "2026-04": 1}
    assert values(people, "joiners") == per_month(**expected)


def test_a_confirmed_dissolve_is_a_leaver_in_the_month_of_its_effective_date(population, clerk):
    assert values(charts_of(clerk)["people"], "leavers") == per_month(**{"2026-03": 1})


def test_the_confirmed_date_counts_when_the_separation_date_was_changed_after(population, clerk):
    """The dissolve confirmed for 2026-03-31, the separation date corrected later to a day
    before the charted months: still a leaver of March; one separated within the months whose
    confirmed date lies before them is a leaver of none (windowed on the date that counts)."""
    Employee.objects.filter(id=population["left"].id).update(
        hire_date=datetime.date(2024, 1, 2), separation_date=datetime.date(2024, 5, 31)
    )
    assert values(charts_of(clerk)["people"], "leavers") == per_month(**{"2026-03": 1})
    Employee.objects.filter(id=population["left"].id).update(
        separation_date=datetime.date(2026, 4, 30)
    )
    Filing.objects.filter(employee=population["left"], kind="dissolve").update(
        effective_date=datetime.date(2025, 6, 30)
    )
    assert values(charts_of(clerk)["people"], "leavers") == per_month()


def test_a_separation_with_nothing_confirmed_counts_in_its_own_month(population, employer, clerk):
    EmployeeFactory(employer=employer, registration_state="registered", separation_date=TODAY)
    EmployeeFactory(
        employer=employer,
        registration_state="registered",
        hire_date=datetime.date(2025, 1, 2),
        separation_date=datetime.date(2025, 6, 30),  # the month before the charts
    )
    leavers = values(charts_of(clerk)["people"], "leavers")
    assert leavers == per_month(**{"2026-03": 1, "2026-06": 1})


def test_the_insured_each_month_are_contributions_candidates(population, employer, clerk):
    """Registered from the effective month (a late registration reaches back to the hire), the
    leaver paid through the month of separation and not after."""
    insured = values(charts_of(clerk)["people"], "people insured")
    assert insured == [0, 0, 1, 1, 1, 2, 3, 3, 4, 3, 3, 3]
    ours = Employee.objects.filter(employer=employer)
    assert insured == [candidates(m, ours).count() for m in MONTHS]


def test_the_cost_per_line_is_the_sum_of_the_statements_employer_share(population, clerk):
    cost = charts_of(clerk)["cost"]
    assert values(cost, "pension") == per_month(**{"2026-05": D("2834.56"), "2026-06": D("1600")})
    assert values(cost, "medical") == per_month(**{"2026-05": D("1480.10")})
    assert values(cost, "housing fund") == per_month(**{"2026-06": D("840.00")})
    assert values(cost, "maternity") == per_month()
    assert [s.label for s in cost.series] == [
        "pension",
        "medical",
        "unemployment",
        "work injury",
        "maternity",
        "housing fund",
    ]


def test_a_statement_added_later_is_in_the_sums_at_once(population, clerk):
    """The sums are kept in the cache only for as long as the statements are the same."""
    assert values(charts_of(clerk)["cost"], "unemployment") == per_month()
    statement(population["bounced"], "2026-06", unemployment="12.34")
    assert values(charts_of(clerk)["cost"], "unemployment") == per_month(**{"2026-06": D("12.34")})


def test_the_overdue_are_counted_as_they_stood_at_each_months_end(population, employer, clerk):
    """The bounced registration was overdue at February's end (rejected, not yet filed again),
    the late one at April's; the one never filed since May; the current month is today's
    count, the dashboard's own."""
    overdue = values(charts_of(clerk)["overdue"], "registrations overdue")
    assert overdue == per_month(**{"2026-02": 1, "2026-04": 1, "2026-05": 1, "2026-06": 1})
    (day,) = dashboard(clerk, TODAY)
    assert overdue[-1] == day.overdue


def test_a_viewer_gets_no_cost_chart_and_no_money_on_the_page(population, employer, client):
    viewer = member(Membership.Role.VIEWER, employer)
    assert list(charts_of(viewer)) == ["people", "overdue"]
    client.force_login(viewer)
    html = client.get("/admin/").content.decode()
    assert f'id="chart-{employer.id}-people"' in html
    assert f'id="chart-{employer.id}-cost"' not in html
    assert "¥" not in html
    assert '"money": true' not in html


def test_another_employers_people_are_never_counted_nor_shown(population, employer, clerk, client):
    found = dashboard_charts(clerk, TODAY)
    assert [e.employer_id for e in found.employers] == [employer.id]
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert "Not Theirs Ltd" not in html
    assert "99,999.99" not in html
    assert "99999.99" not in html


def test_the_queries_are_a_fixed_number_whatever_the_people_and_employers(
    population, at, employer, clerk, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        small = dashboard_charts(clerk, TODAY)
    more = EmployerFactory()
    Membership.objects.create(user=clerk, employer=more, role=Membership.Role.CLERK)
    for day in range(1, 29):
        EmployeeFactory(employer=more, hire_date=datetime.date(2026, 2, day))
        EmployeeFactory(employer=employer, hire_date=datetime.date(2025, 8, day))
    clerk = type(clerk).objects.get(id=clerk.id)  # roles are kept per user object
    with django_assert_max_num_queries(8):
        large = dashboard_charts(clerk, TODAY)
    assert len(large.employers) == len(small.employers) + 1


def test_the_page_has_a_table_under_each_chart_with_its_figures(
    population, employer, clerk, client
):
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    block = re.search(
        rf'<script id="chart-data-{employer.id}" type="application/json">(.*?)</script>', html
    )
    data = json.loads(block.group(1))
    assert [chart["key"] for chart in data["charts"]] == ["people", "cost", "overdue"]
    cost = data["charts"][1]
    assert cost["months"][-2:] == ["2026-05", "2026-06"]
    assert cost["series"][0]["values"][-2] == "2834.56"
    assert "<caption>Employer&#x27;s contributions by insurance line</caption>" in html
    assert "<td>¥2,834.56</td>" in html
    assert html.count('class="chart-table"') == 3
    assert "/static/notifications/vendor/chart.umd.min.js" in html
    assert "/static/notifications/charts.js" in html


def test_the_charts_speak_chinese_in_zh_hans(population, clerk, client):
    client.force_login(clerk)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<th scope="col">养老保险</th>' in html  # the line's name, ContributionLine.Line's
    assert '<th scope="col">月份</th>' in html


def test_only_the_first_employers_are_charted_and_the_page_says_so(
    monkeypatch, employer, clerk, client
):
    monkeypatch.setattr(charts_module, "CHARTED_AT_MOST", 1)
    second = EmployerFactory(name="Zed Ltd")
    Membership.objects.create(user=clerk, employer=second, role=Membership.Role.CLERK)
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert f'id="chart-data-{second.id}"' not in html
    assert "Charts for the first 1 of 2 employers, by name." in html
