"""rules_for: each employer's rule from its own region chain, however many employers of other
regions are asked for at once."""

import datetime

import pytest

from contributions.models import ContributionRule
from contributions.selectors import rules_for
from employees.models import Region
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2026, 1, 1)


def test_employers_of_different_regions_each_get_their_regions_rule():
    """Asked together, a Shanghai employer gets Shanghai's rule and a Beijing one Beijing's,
    though both regions' rules are read in one query (it once failed on the other region's)."""
    shanghai = EmployerFactory(region=Region.objects.get(code="310000"))
    beijing = EmployerFactory(region=Region.objects.get(code="110000"))
    found = rules_for({shanghai: {MONTH}, beijing: {MONTH}})
    samples = {r.region_id: r for r in ContributionRule.objects.filter(is_sample=True)}
    assert found[shanghai.id, MONTH] == samples["310000"]
    assert found[beijing.id, MONTH] == samples["110000"]


def test_a_region_without_rules_gets_none_not_another_regions():
    """Shijiazhuang (Hebei) has no rule in its chain: none, though Beijing's is read too."""
    hebei = EmployerFactory(region=Region.objects.get(code="130100"))
    beijing = EmployerFactory(region=Region.objects.get(code="110000"))
    found = rules_for({hebei: {MONTH}, beijing: {MONTH}})
    assert found[beijing.id, MONTH].region_id == "110000"
    assert (hebei.id, MONTH) not in found


def test_the_region_chains_cost_a_query_per_level_not_per_employer(django_assert_max_num_queries):
    employers = [
        EmployerFactory(region=Region.objects.get(code=code))
        for code in ("130100", "110000", "310000", "130100", "130200")
    ]
    with django_assert_max_num_queries(2 + 3):  # two for the rules, the regions by level
        found = rules_for({employer: {MONTH} for employer in employers})
    assert {key[0] for key in found} == {employers[1].id, employers[2].id}
