"""schemathesis against the schema, in process (the WSGI app), authenticated as a clerk: every
check, a bounded number of examples per operation. No server error, no response outside the
schema."""

import datetime

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from employees.models import Membership
from hrsocsec.wsgi import application
from tests.factories import EmployeeFactory, EmployerFactory, member

# Every check, with one setting: a schema-valid request may still be refused by the domain's
# rules, which no schema can state (another employer's id, a hire date before the employer
# existed, a filing already decided): a 400, 404 or 409 in the one error shape, not a 5xx; and
# the fuzzer sends one Idempotency-Key with different bodies, which is rightly a 422.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "422"]
"""
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
EXAMPLES = 15


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the WSGI app would close the connection (and with it the
    test's transaction) at the end of every request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limits():
    """Hundreds of requests of one user and address: the rate limits (tested on their own)
    would answer 429 to valid requests."""
    rates = dict.fromkeys(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min")
    framework = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with override_settings(REST_FRAMEWORK=framework):
        yield


@pytest.fixture
def clerk_token(db):
    employer = EmployerFactory()
    clerk = member(Membership.Role.CLERK, employer)
    for n in range(3):
        EmployeeFactory(employer=employer, hire_date=datetime.date(2026, 3, 1 + n))
    return Token.objects.create(user=clerk).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples every run: a CI failure reproduces
)
@pytest.mark.django_db
def test_the_api_keeps_to_its_schema(case, clerk_token):
    case.call_and_validate(headers={"Authorization": f"Token {clerk_token}"})
