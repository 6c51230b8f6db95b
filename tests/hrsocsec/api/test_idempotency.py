"""hrsocsec.api.idempotency: a POST retried with its Idempotency-Key is answered once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from employees.models import Employee, Membership
from filings.models import Filing, FilingEvent
from filings.services import filing_create_draft
from hrsocsec.api.models import IdempotencyKey
from hrsocsec.api.tasks import idempotency_keys_purge_task
from tests.factories import EmployeeFactory, make_id_number, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_api(api, clerk):
    api.force_authenticate(clerk)
    return api


def hire(employer, **overrides):
    return {
        "employer": employer.id,
        "name": "李娜",
        "id_number": make_id_number(datetime.date(1992, 8, 8), male=False),
        "language": "en",
        "hire_date": timezone.localdate().isoformat(),
        "monthly_wage": "15000.00",
    } | overrides


def post(api, url, data, key):
    return api.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_replay_returns_the_first_response_and_creates_nothing(clerk_api, employer):
    body = hire(employer)
    first = post(clerk_api, "/api/employees/", body, "hire-lina-1")
    again = post(clerk_api, "/api/employees/", body, "hire-lina-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Employee.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(clerk_api, employer):
    post(clerk_api, "/api/employees/", hire(employer), "k1")
    other = post(clerk_api, "/api/employees/", hire(employer, name="王芳"), "k1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Employee.objects.count() == 1


def test_a_refusal_is_replayed_too(clerk_api, employer):
    body = hire(employer, hire_date="2026-02-30")
    first = post(clerk_api, "/api/employees/", body, "bad")
    again = post(clerk_api, "/api/employees/", body, "bad")
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()


def test_keys_are_each_users_own(clerk_api, employer):
    post(clerk_api, "/api/employees/", hire(employer), "shared")
    colleague = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    colleague.force_authenticate(member(Membership.Role.CLERK, employer))
    body = hire(employer, id_number=make_id_number(datetime.date(1990, 1, 1)))
    assert post(colleague, "/api/employees/", body, "shared").status_code == 201
    assert Employee.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ", "a\tb"])
def test_a_malformed_key_is_a_field_error(clerk_api, employer, key):
    response = post(clerk_api, "/api/employees/", hire(employer), key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert Employee.objects.count() == 0


def test_a_key_whose_request_still_runs_is_a_conflict(clerk_api, employer):
    body = hire(employer)
    response = post(clerk_api, "/api/employees/", body, "running")
    digest = IdempotencyKey.objects.get(key="running").fingerprint
    IdempotencyKey.objects.filter(key="running").update(status_code=0)
    again = post(clerk_api, "/api/employees/", body, "running")
    assert response.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "idempotency_key_in_progress"
    assert IdempotencyKey.objects.get(key="running").fingerprint == digest


def test_a_request_that_died_may_run_again_after_a_while(clerk_api, clerk, employer):
    IdempotencyKey.objects.create(user=clerk, key="died", fingerprint="0" * 64)
    IdempotencyKey.objects.filter(key="died").update(
        created_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    assert post(clerk_api, "/api/employees/", hire(employer), "died").status_code == 201


def test_the_purge_forgets_expired_keys_only(clerk):
    old = IdempotencyKey.objects.create(user=clerk, key="old", fingerprint="0" * 64)
    IdempotencyKey.objects.filter(id=old.id).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    IdempotencyKey.objects.create(user=clerk, key="new", fingerprint="0" * 64)
    assert idempotency_keys_purge_task() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_an_upload_is_told_apart_by_its_content(clerk_api, clerk, employer):
    from tests.filings.files import pdf_bytes

    employee = EmployeeFactory(employer=employer)
    filing = filing_create_draft(actor=clerk, employee=employee, kind="register")
    url = f"/api/filings/{filing.id}/vouchers/"

    def upload(content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = SimpleUploadedFile("v.pdf", content, content_type="application/pdf")
        return clerk_api.post(
            url, {"kind": "other", "file": file}, format="multipart", HTTP_IDEMPOTENCY_KEY="up"
        )

    assert upload(pdf_bytes()).status_code == 201
    assert upload(pdf_bytes()).status_code == 201  # the replay
    assert upload(pdf_bytes(padding=3)).status_code == 422
    assert filing.vouchers.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submits_with_one_key_make_one_transition(employer, clerk):
    draft = filing_create_draft(
        actor=clerk, employee=EmployeeFactory(employer=employer), kind="register"
    )
    barrier, statuses = threading.Barrier(4), []

    def submit():
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(clerk)
        barrier.wait()
        try:
            response = post(client, f"/api/filings/{draft.id}/submit/", {}, "submit-once")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) >= 1
    assert set(statuses) <= {200, 409}  # a replay, or "still running"
    assert Filing.objects.get(id=draft.id).state == "submitted"
    assert FilingEvent.objects.filter(filing=draft, to_state="submitted").count() == 1


def fresh(user):
    """The user as the next request loads it (no roles remembered from an earlier one)."""
    return type(user).objects.get(pk=user.pk)


def test_a_replay_after_the_membership_is_revoked_is_a_404(api, employer, clerk):
    """The stored 201 holds the employee (and a wage): once the caller is no member, the same
    key answers 404, as for anything of another employer, and nothing is created."""
    api.force_authenticate(clerk)
    body = hire(employer)
    assert post(api, "/api/employees/", body, "hire-then-leave").status_code == 201
    Membership.objects.filter(user=clerk).delete()
    api.force_authenticate(fresh(clerk))
    again = post(api, "/api/employees/", body, "hire-then-leave")
    assert again.status_code == 404
    assert again.json()["code"] == "not_found"
    assert Employee.objects.count() == 1


def test_a_replay_after_a_demotion_to_viewer_is_refused(api, employer, clerk):
    """On an action of one object too: a clerk made viewer gets 403, not the stored answer."""
    api.force_authenticate(clerk)
    person = EmployeeFactory(employer=employer, registration_state="registered")
    body = {"separation_date": timezone.localdate().isoformat(), "reason": "mutual_agreement"}
    url = f"/api/employees/{person.id}/separate/"
    assert post(api, url, body, "separate-once").status_code == 201
    Membership.objects.filter(user=clerk).update(role=Membership.Role.VIEWER)
    api.force_authenticate(fresh(clerk))
    again = post(api, url, body, "separate-once")
    assert again.status_code == 403
    assert "Idempotent-Replayed" not in again
    Membership.objects.filter(user=clerk).update(role=Membership.Role.CLERK)
    api.force_authenticate(fresh(clerk))
    assert post(api, url, body, "separate-once")["Idempotent-Replayed"] == "true"
