"""GET /api/deadlines/: what needs action across the caller's employers, soonest first."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from employees.models import Membership
from employees.workflow import RegistrationState as S
from filings.models import Filing
from filings.services import filing_create_draft, filing_submit
from law.money import fen
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/deadlines/"
TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def today(frozen_today):
    return frozen_today(TODAY)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def situation(employer, clerk):
    """One item of each kind at the employer, and one at an employer the clerk is not in."""
    people = {
        "registration": EmployeeFactory(employer=employer, registration_deadline=days(3)),
        "late": EmployeeFactory(employer=employer, registration_deadline=days(-2)),
        "far": EmployeeFactory(employer=employer, registration_deadline=days(20)),
        "stop": EmployeeFactory(
            employer=employer, registration_state=S.REGISTERED, separation_date=days(-40)
        ),
        "contract": EmployeeFactory(
            employer=employer, registration_state=S.REGISTERED, contract_end_date=days(5)
        ),
        "stranger": EmployeeFactory(employer=EmployerFactory(), registration_deadline=days(1)),
    }
    waiting = EmployeeFactory(employer=employer)
    draft = filing_create_draft(actor=clerk, employee=waiting, kind="register")
    filing_submit(actor=clerk, filing_id=draft.id)
    Filing.objects.filter(id=draft.id).update(
        submitted_at=timezone.now() - datetime.timedelta(days=12)
    )
    people["unconfirmed"] = waiting
    return people, draft


def test_what_needs_action_soonest_first_overdue_included(api, clerk, situation):
    people, draft = situation
    api.force_authenticate(clerk)
    response = api.get(URL, {"within": 7})
    assert response.status_code == 200
    items = response.json()["results"]
    due = [i["due_date"] for i in items]
    assert due == sorted(due)
    by_employee = {i["employee"]: i for i in items}
    assert by_employee[people["late"].id]["days_left"] == -2
    assert by_employee[people["registration"].id]["kind"] == "registration"
    assert by_employee[people["stop"].id]["kind"] == "stop"  # May's cut-off passed: overdue
    assert by_employee[people["stop"].id]["days_left"] < 0
    assert by_employee[people["contract"].id]["due_date"] == days(5).isoformat()
    assert by_employee[people["unconfirmed"].id]["filing"] == draft.id
    assert people["far"].id not in by_employee  # due in 20 days: beyond the window
    assert people["stranger"].id not in by_employee  # another employer's
    assert "id_number" not in str(items)


def test_the_window_and_filters_narrow_the_list(api, clerk, employer, situation):
    people, _ = situation
    api.force_authenticate(clerk)
    wide = {i["employee"] for i in api.get(URL, {"within": 30}).json()["results"]}
    assert people["far"].id in wide
    only = api.get(URL, {"within": 30, "kind": "contract"}).json()["results"]
    assert [i["employee"] for i in only] == [people["contract"].id]
    mine = api.get(URL, {"employer": employer.id}).json()["count"]
    assert mine == api.get(URL).json()["count"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"within": "-1"}, "within"), ({"within": "abc"}, "within"), ({"kind": "x"}, "kind")],
)
def test_bad_parameters_are_named(api, clerk, query, field):
    api.force_authenticate(clerk)
    response = api.get(URL, query)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_another_employers_id_as_a_filter_is_a_field_error(api, clerk):
    api.force_authenticate(clerk)
    response = api.get(URL, {"employer": EmployerFactory().id})
    assert response.status_code == 400
    assert "employer" in response.json()["fields"]


def test_a_viewer_sees_the_deadlines_too(api, employer, situation):
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    assert api.get(URL).json()["count"] >= 5


def test_a_stop_says_what_missing_the_cut_off_costs(api, clerk, manager, employer, situation):
    """One more month of both shares under the employer's rule; null for the other kinds."""
    from tests.contributions.test_services import PENSION, own_rule

    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1), lines=[PENSION])
    people, _draft = situation
    api.force_authenticate(clerk)
    rows = api.get(URL, {"within": 7}).json()["results"]
    costs = {row["kind"]: row["cost_if_missed"] for row in rows}
    floor, ceiling = Decimal(PENSION["base_floor"]), Decimal(PENSION["base_ceiling"])
    base = min(max(people["stop"].monthly_wage, floor), ceiling)
    shares = [fen(base * Decimal(PENSION[rate])) for rate in ("employer_rate", "employee_rate")]
    assert costs["stop"] == f"{sum(shares):.2f}"
    assert {kind: cost for kind, cost in costs.items() if kind != "stop"} == {
        "registration": None,
        "contract": None,
        "unconfirmed": None,
    }


def test_the_list_costs_a_fixed_number_of_queries(
    api, clerk, employer, situation, django_assert_max_num_queries
):
    api.force_authenticate(clerk)
    for n in range(10):
        EmployeeFactory(employer=employer, registration_deadline=days(n % 5))
    # One per kind (the transfers' also asks whether the holiday calendar changed: two), then
    # the page's exposures and stop costs: the employees, their employers once each, and the
    # rules with their lines.
    with django_assert_max_num_queries(14):
        api.get(URL, {"page_size": 100})
    for n in range(10):  # more overdue items, of another month: no more queries
        EmployeeFactory(employer=employer, registration_deadline=days(-n - 3))
    with django_assert_max_num_queries(14):
        api.get(URL, {"page_size": 100, "ordering": "-exposure"})


def test_a_deadline_counted_without_its_years_notice_is_marked_provisional(api, clerk, employer):
    """Hired 2026-12-02: the last day is 2027-01-01, New Year's Day by law; no 2027 notice is
    entered, so the due date is provisional, with the warning naming 2027."""
    later = EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 12, 2))
    certain = EmployeeFactory(employer=employer, registration_deadline=days(3))
    api.force_authenticate(clerk)
    items = {i["employee"]: i for i in api.get(URL, {"within": 300}).json()["results"]}
    assert items[later.id]["due_date"] == "2027-01-04"
    assert items[later.id]["provisional"] is True
    assert "arrangement for 2027 has not been entered" in items[later.id]["warning"]
    assert (items[certain.id]["provisional"], items[certain.id]["warning"]) == (False, "")


def test_overdue_items_show_their_exposure_worked_by_hand(api, clerk, manager, employer, situation):
    """12,000 a month under pension alone (16 % + 8 %): 2,880.00 of premiums a month.
    The registration overdue since hire on 2026-03-02, on 2026-06-10: March 71 days late
    (102.24), April 41 (59.04), May 10 (14.40), June not yet due; 11,520.00 of premiums.
    The stop of a separation on 05-01, its cut-off passed: June is the month its lateness adds."""
    from tests.contributions.test_services import PENSION, own_rule

    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1), lines=[PENSION])
    people, _draft = situation
    api.force_authenticate(clerk)
    rows = api.get(URL, {"within": 7}).json()["results"]
    by_employee = {row["employee"]: row for row in rows}
    late = by_employee[people["late"].id]["exposure"]
    assert late == {
        "months": 4,
        "premiums": "11520.00",
        "surcharge": "175.68",
        "fine_min": "11520.00",
        "fine_max": "34560.00",
        "personal_fine_min": "500.00",
        "personal_fine_max": "3000.00",
    }
    stop = by_employee[people["stop"].id]["exposure"]
    assert (stop["months"], stop["premiums"], stop["surcharge"]) == (1, "2880.00", "0.00")
    assert by_employee[people["registration"].id]["exposure"] is None  # not overdue yet
    assert by_employee[people["contract"].id]["exposure"] is None


def test_a_viewer_sees_the_items_but_no_figure_that_gives_a_wage_back(
    api, manager, employer, situation
):
    """Premiums, surcharge and fines are a wage times rates: a viewer gets none of them, in
    either order, nor a stop's cost of missing the cut-off."""
    from tests.contributions.test_services import PENSION, own_rule

    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1), lines=[PENSION])
    people, _draft = situation
    api.force_authenticate(member(Membership.Role.VIEWER, employer))
    for ordering in ("due_date", "-exposure"):
        rows = api.get(URL, {"within": 7, "ordering": ordering}).json()["results"]
        assert people["late"].id in {row["employee"] for row in rows}
        assert all(row["exposure"] is None for row in rows)
        assert all(row["cost_if_missed"] is None for row in rows)


def test_the_list_sorts_by_exposure_the_most_first(api, clerk, manager, employer, situation):
    from tests.contributions.test_services import PENSION, own_rule

    own_rule(manager, employer, valid_from=datetime.date(2026, 1, 1), lines=[PENSION])
    people, _draft = situation
    api.force_authenticate(clerk)
    rows = api.get(URL, {"within": 7, "ordering": "-exposure"}).json()["results"]
    assert [row["employee"] for row in rows[:2]] == [people["late"].id, people["stop"].id]
    assert all(row["exposure"] is None for row in rows[2:])
    rest = [row["due_date"] for row in rows[2:]]
    assert rest == sorted(rest)  # the others as before, soonest first
    for wrong in ("exposure", ""):
        bad = api.get(URL, {"ordering": wrong})
        assert bad.status_code == 400
        assert "ordering" in bad.json()["fields"]


def test_no_rule_means_no_exposure_not_a_guess(api, clerk, employer, situation):
    """In Shenzhen no rule ships: the premiums are unknown, so nothing is said."""
    employer.region_id = "440300"
    employer.save()
    people, _draft = situation
    api.force_authenticate(clerk)
    rows = api.get(URL, {"within": 7}).json()["results"]
    late = next(row for row in rows if row["employee"] == people["late"].id)
    assert late["exposure"] is None
