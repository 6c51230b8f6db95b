import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_regions_ship_with_every_province_and_city(api):
    """All 31 province-level divisions and the prefecture-level cities are there by code."""
    api.force_authenticate(UserFactory())
    rows = api.get("/api/regions/").json()
    by_code = {row["code"]: row for row in rows}
    assert sum(row["level"] == "province" for row in rows) == 31
    assert sum(row["level"] == "prefecture" for row in rows) >= 333
    assert by_code["310000"]["name"] == "上海市"
    assert (by_code["440300"]["name"], by_code["440300"]["parent"]) == ("深圳市", "440000")
    assert by_code["440300"]["cutoff_day"] is None


def test_one_region_by_code(api):
    api.force_authenticate(UserFactory())
    assert api.get("/api/regions/440300/").json()["name_en"] == "Shenzhen"
    assert api.get("/api/regions/999999/").status_code == 404
