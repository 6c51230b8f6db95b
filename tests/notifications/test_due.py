import datetime
from decimal import Decimal

import pytest

from employees.models import Membership, Region
from employees.workflow import RegistrationState as S
from notifications.due import missed_cutoff_costs, stops_at_risk
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 18)


@pytest.fixture
def shanghai_cutoff_22():
    region = Region.objects.get(code="310000")
    region.cutoff_day = 22
    region.save()
    return region


def test_stops_at_risk_are_the_separated_still_registered_near_the_cutoff(shanghai_cutoff_22):
    """Separated in March, cut-off the 22nd: due within 7 days on the 18th; others are not."""
    employer = EmployerFactory(region=shanghai_cutoff_22)
    user = member(Membership.Role.VIEWER, employer)

    def separated(day, state=S.REGISTERED):
        return EmployeeFactory(
            employer=employer,
            hire_date=D(2025, 1, 6),
            registration_state=state,
            separation_date=day,
        )

    due = separated(D(2026, 3, 10))
    separated(D(2026, 3, 10), S.STOP_PENDING)  # dissolve already with the agency
    separated(D(2026, 4, 2))  # cut-off 2026-04-22: not within 7 days
    separated(D(2026, 2, 20))  # February's cut-off has passed: already one month more
    EmployeeFactory(employer=employer, registration_state=S.REGISTERED)  # not separated
    EmployeeFactory(registration_state=S.REGISTERED, separation_date=D(2026, 3, 10))  # not mine

    rows = stops_at_risk(user, days=7, today=TODAY)
    assert [row.employee_id for row in rows] == [due.id]
    assert rows[0].due_date == D(2026, 3, 22)
    # Missing the cut-off costs April in full under the Shanghai sample, wage 12,000: pension
    # 1,920 + 960, medical 1,080 + 240, maternity 120, unemployment 60 + 60, work injury
    # 31.20, housing fund 840 + 840.
    assert missed_cutoff_costs(rows, TODAY) == {due.id: Decimal("6151.20")}


def test_without_a_cutoff_the_month_end_is_the_deadline():
    employer = EmployerFactory()  # region with no cut-off: month end
    user = member(Membership.Role.VIEWER, employer)
    EmployeeFactory(
        employer=employer, registration_state=S.REGISTERED, separation_date=D(2026, 3, 5)
    )
    assert stops_at_risk(user, days=7, today=TODAY) == []
    rows = stops_at_risk(user, days=14, today=TODAY)
    assert rows[0].due_date == D(2026, 3, 31)


def test_without_a_rule_for_the_month_the_cost_is_unknown_not_zero():
    employer = EmployerFactory(region=Region.objects.get(code="440300"))  # no rule shipped
    user = member(Membership.Role.VIEWER, employer)
    EmployeeFactory(
        employer=employer, registration_state=S.REGISTERED, separation_date=D(2026, 3, 5)
    )
    rows = stops_at_risk(user, days=14, today=TODAY)
    assert missed_cutoff_costs(rows, TODAY) == {rows[0].employee_id: None}
