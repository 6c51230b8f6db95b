import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REQUIRE_SERVICES


@pytest.mark.skipif(not REQUIRE_SERVICES, reason="only CI promises PostgreSQL and Redis")
@pytest.mark.django_db
def test_ci_runs_on_postgresql_and_redis():
    """In CI the suite really runs on PostgreSQL and Redis, not on the embedded defaults."""
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
