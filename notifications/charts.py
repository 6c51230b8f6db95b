"""The landing page's charts, per employer of the user over the last 12 calendar months (Asia/
Shanghai, ending with the current one): the insured with joiners and leavers; the employer's
contributions by insurance line, only where the user may see money (access.may_see_wages: any
amount works back to wages); the registrations overdue at each month's end. The figures are
notifications.chart_figures' and chart_costs', a fixed number of queries for all the employers
together. Each chart reaches the page twice, as the data its drawing reads (json_script) and
as the table under it, from the same lists, so the two always agree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from contributions.models import ContributionLine
from employees import access
from employees.models import Employee
from law.payments import last_months
from notifications import chart_figures as figures
from notifications.chart_costs import employer_costs

MONTHS = 12
# Employers charted, in the dashboard's order (by name): an operator or an outsourcing firm
# with many would otherwise wait for hundreds of charts; the page says when some are left out.
CHARTED_AT_MOST = 10
ZERO = Decimal("0.00")


@dataclass
class Series:
    label: str
    values: list  # a figure a month: int, or Decimal for money
    kind: str = ""  # drawn as this Chart.js type within the chart (a line over bars)
    axis: str = "y"


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # the Chart.js type: "bar" or "line"
    months: list[str]
    series: list[Series]
    axes: dict[str, str] = field(default_factory=dict)  # axis id -> title
    money: bool = False
    stacked: bool = False

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The table: a row a month, a figure a series."""
        return [(m, [s.values[i] for s in self.series]) for i, m in enumerate(self.months)]

    def drawn(self) -> dict:
        series = [
            {
                "label": s.label,
                "kind": s.kind,
                "axis": s.axis,
                "values": [str(v) if self.money else v for v in s.values],
            }
            for s in self.series
        ]
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "axes": self.axes,
            "money": self.money,
            "stacked": self.stacked,
            "months": self.months,
            "series": series,
        }


@dataclass
class EmployerCharts:
    employer_id: int
    name: str
    charts: list[Chart]

    @property
    def script_id(self) -> str:
        return f"chart-data-{self.employer_id}"

    @property
    def data(self) -> dict:
        """What static/notifications/charts.js draws, read from the page's json_script."""
        return {"employer": self.employer_id, "charts": [chart.drawn() for chart in self.charts]}


@dataclass
class Charts:
    employers: list[EmployerCharts]
    total: int  # the user's employers, charted or not
    months: int = MONTHS


def dashboard_charts(user, today: datetime.date, now: datetime.datetime | None = None) -> Charts:
    now = now or timezone.now()
    employers = list(access.employers_for(user).order_by("name").values_list("id", "name"))
    charted = employers[:CHARTED_AT_MOST]
    ids = [employer_id for employer_id, _name in charted]
    if not ids:
        return Charts([], len(employers))
    months = last_months(today, MONTHS)
    employees = Employee.objects.filter(employer_id__in=ids)
    access.known_roles(user, ids)  # may_see_wages below, in one query
    money = [employer_id for employer_id in ids if access.may_see_wages(user, employer_id)]
    found = {
        "insured": figures.insured(employees, months),
        "joiners": figures.joiners(employees, months),
        "leavers": figures.leavers(employees, months),
        "overdue": figures.overdue(ids, months, today, now),
    }
    costs = employer_costs(money, months)
    labels = [f"{month:%Y-%m}" for month in months]
    return Charts(
        [
            EmployerCharts(
                employer_id,
                name,
                _charts(
                    employer_id, months, labels, found, costs if employer_id in money else None
                ),
            )
            for employer_id, name in charted
        ],
        len(employers),
    )


def _charts(employer_id, months, labels, found, costs) -> list[Chart]:
    def per_month(name):
        return [found[name].get((employer_id, month), 0) for month in months]

    people = Chart(
        "people",
        _("Insured, joiners and leavers"),
        "bar",
        labels,
        [
            Series(_("people insured"), per_month("insured"), kind="line"),
            Series(_("joiners"), per_month("joiners"), axis="y1"),
            Series(_("leavers"), per_month("leavers"), axis="y1"),
        ],
        axes={"y": _("people insured"), "y1": _("joiners and leavers")},
    )
    charts = [people]
    if costs is not None:
        lines = [
            Series(
                str(line.label),
                [costs.get((employer_id, month, line.value), ZERO) for month in months],
            )
            for line in ContributionLine.Line
        ]
        charts.append(
            Chart(
                "cost",
                _("Employer's contributions by insurance line"),
                "bar",
                labels,
                lines,
                money=True,
                stacked=True,
            )
        )
    overdue = Series(_("registrations overdue"), per_month("overdue"))
    charts.append(
        Chart("overdue", _("Registrations overdue at each month's end"), "line", labels, [overdue])
    )
    return charts
