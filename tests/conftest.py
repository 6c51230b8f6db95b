import datetime
import os
import uuid
from zoneinfo import ZoneInfo

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection, connections
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from hrsocsec.celery import app as celery_app

# CI sets this: a test that needs a service it cannot reach fails there instead of skipping.
REQUIRE_SERVICES = os.environ.get("HRSOCSEC_REQUIRE_SERVICES") == "1"


def needs(service: str, available: bool, how: str) -> None:
    if available:
        return
    message = f"needs {service}: {how}"
    if REQUIRE_SERVICES:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        needs("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://...")


@pytest.fixture(scope="session")
def celery_test_app():
    """The project's Celery app on the configured broker, on a queue of this test session's own.

    A queue per session keeps a developer's running worker and the tests off each other's
    messages, on the filesystem broker and on Redis alike.
    """
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = f"hrsocsec-test-{uuid.uuid4().hex[:8]}"
    celery_app.__dict__.pop("amqp", None)  # rebuilt with the new default queue
    yield celery_app
    celery_app.conf.task_default_queue = previous
    celery_app.__dict__.pop("amqp", None)


def _close_worker_connections(**kwargs):
    connections.close_all()  # the worker thread's own connections, so the test DB can be dropped


@pytest.fixture
def celery_worker(django_db_serialized_rollback, transactional_db, celery_test_app):
    """A real worker (solo pool, in a thread) consuming from the real configured broker.

    The worker thread needs committed rows, so the test is transactional; the serialized
    rollback puts back the shipped region data that the flush after the test removes.
    """
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            celery_test_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


@pytest.fixture
def frozen_today(time_machine):
    """Freeze the clock at 10:00 Asia/Shanghai on the given day."""

    def freeze(day: datetime.date) -> datetime.date:
        moment = datetime.datetime.combine(day, datetime.time(10), ZoneInfo("Asia/Shanghai"))
        time_machine.move_to(moment, tick=False)
        return day

    return freeze


@pytest.fixture(autouse=True)
def _english():
    """Assertions read English messages; tests of Chinese output override the language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The throttles count in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def throttle_rates(settings):
    """``throttle_rates(exports="2/hour")``: those rates for the test, the others as set."""

    def set_rates(**rates):
        framework = settings.REST_FRAMEWORK
        merged = {**framework["DEFAULT_THROTTLE_RATES"], **rates}
        settings.REST_FRAMEWORK = {**framework, "DEFAULT_THROTTLE_RATES": merged}

    return set_rates


@pytest.fixture
def client():
    """Django's test client, asking for English (the default language is Chinese)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api():
    """An API client that asks for English (the default language is Chinese)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production keeps Django's PBKDF2; in tests it would spend most of the run hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def employer():
    from tests.factories import EmployerFactory

    return EmployerFactory()


@pytest.fixture
def clerk(employer):
    from employees.models import Membership
    from tests.factories import member

    return member(Membership.Role.CLERK, employer)


@pytest.fixture
def manager(employer):
    from employees.models import Membership
    from tests.factories import member

    return member(Membership.Role.MANAGER, employer)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads go to the test's own folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


from tests.smtp import smtp_server  # noqa: E402,F401  (a fixture for every test module)


# The filings every workflow test starts from (models imported late: Django is set up after
# this module is read).
@pytest.fixture
def hired(employer):
    """A new hire, nothing filed (hired 2026-03-02, contract to 2029-03-01)."""
    from tests.factories import EmployeeFactory

    return EmployeeFactory(employer=employer, contract_end_date=datetime.date(2029, 3, 1))


@pytest.fixture
def insured(employer):
    """An employee whose registration the agency confirmed."""
    from tests.factories import EmployeeFactory

    return EmployeeFactory(
        employer=employer,
        registration_state="registered",
        contract_end_date=datetime.date(2029, 3, 1),
    )


@pytest.fixture
def filing(hired, clerk):
    """A draft register."""
    from filings.services import filing_create_draft

    return filing_create_draft(actor=clerk, employee=hired, kind="register")


@pytest.fixture
def submitted_register(hired, clerk):
    from filings.services import filing_create_draft, filing_submit

    filing = filing_create_draft(actor=clerk, employee=hired, kind="register")
    return filing_submit(actor=clerk, filing_id=filing.id)


@pytest.fixture
def submitted_dissolve(insured, clerk):
    from filings.services import filing_create_draft, filing_submit

    filing = filing_create_draft(
        actor=clerk,
        employee=insured,
        kind="dissolve",
        reason="mutual_agreement",
        effective_date=datetime.date(2026, 6, 30),
    )
    return filing_submit(actor=clerk, filing_id=filing.id)


@pytest.fixture
def staff(employer):
    """Three registered employees of the employer."""
    from tests.factories import EmployeeFactory

    return EmployeeFactory.create_batch(3, employer=employer, registration_state="registered")
