"""Sign-in protection: lockout after repeated failures, API tokens that end, idle sessions."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from employees.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = "/admin/login/"
API_LOGIN = "/api/auth/login/"
PASSWORD = "correct horse battery"


def sign_in(client, url, username, password, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", [ADMIN_LOGIN, API_LOGIN])
def test_a_user_name_is_locked_out_after_the_failure_limit_whatever_the_address(
    client, settings, url
):
    """AXES_FAILURE_LIMIT wrong passwords, from any addresses: then even the right password
    is refused (429) until the cool-off, with a message that names no user."""
    settings.AXES_FAILURE_LIMIT = 3
    user = member(Membership.Role.CLERK, username="lin")
    codes = [sign_in(client, url, "lin", "wrong", f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]  # the failure that reaches the limit is locked out
    locked = sign_in(client, url, "lin", PASSWORD, "198.51.100.99")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(1)):
        assert sign_in(client, url, "lin", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.id


def test_an_address_is_locked_out_after_the_failure_limit_whatever_the_user_name(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    member(Membership.Role.CLERK, username="chen")
    for name in ("a", "b", "c"):
        sign_in(client, ADMIN_LOGIN, name, "guess", "192.0.2.10")  # three names, one address
    assert sign_in(client, ADMIN_LOGIN, "chen", PASSWORD, "192.0.2.10").status_code == 429
    assert sign_in(client, ADMIN_LOGIN, "chen", PASSWORD, "192.0.2.11").status_code == 302


def test_the_lockout_reads_the_same_for_a_user_who_does_not_exist(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    member(Membership.Role.CLERK, username="real")
    answers = []
    for name, address in (("real", "192.0.2.1"), ("ghost", "192.0.2.2")):
        sign_in(client, ADMIN_LOGIN, name, "wrong", address)
        answer = sign_in(client, ADMIN_LOGIN, name, "wrong", address)
        text = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", answer.content.decode())
        answers.append((answer.status_code, text.replace(name, "NAME")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_bad_tokens_from_one_address_are_throttled_then_even_a_good_one_waits(throttle_rates):
    """THROTTLE_BAD_TOKENS per address: past it a 429 in the one error shape, whatever the
    token, so a 429 says nothing of whether a token was good; another address is unaffected."""
    throttle_rates(bad_token="3/min")
    token = Token.objects.create(user=member(Membership.Role.CLERK))
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.50")
    codes = [
        api.get("/api/employees/", HTTP_AUTHORIZATION=f"Token bad{n}").status_code for n in range(3)
    ]
    assert codes == [401, 401, 401]
    throttled = api.get("/api/employees/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert "Retry-After" in throttled
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.51")
    ok = elsewhere.get("/api/employees/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ok.status_code == 200


def test_a_token_older_than_api_token_days_is_refused(settings):
    settings.API_TOKEN_DAYS = 30
    token = Token.objects.create(user=member(Membership.Role.CLERK))
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get("/api/employees/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        expired = api.get("/api/employees/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert expired.status_code == 401
    assert "expired" in expired.json()["message"]


def test_changing_a_password_ends_the_users_api_tokens(client):
    """In the admin's own change form, and by manage.py changepassword's path (set_password
    and save): the token is gone; another user's stays."""
    user = member(Membership.Role.CLERK, username="wu")
    other = Token.objects.create(user=member(Membership.Role.CLERK))
    Token.objects.create(user=user)
    client.force_login(user)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer new one 42",
            "new_password2": "a much longer new one 42",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert Token.objects.filter(pk=other.pk).exists()
    Token.objects.create(user=user)
    fetched = get_user_model().objects.get(pk=user.pk)
    fetched.set_password("yet another long one 43")
    fetched.save()
    assert not Token.objects.filter(user=user).exists()
    call_command("check")  # the hook is a password validator: the settings still load


def test_an_admin_session_ends_after_the_idle_timeout_and_a_request_renews_it(client, settings):
    """SESSION_IDLE_MINUTES (60): a page 50 minutes after the last keeps the session; 61
    minutes of nothing ends it."""
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    member(Membership.Role.CLERK, username="idle")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, ADMIN_LOGIN, "idle", PASSWORD).status_code == 302
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=100), tick=False):
        assert client.get("/admin/").status_code == 200  # 50 minutes after the last request
    with time_machine.travel(start + datetime.timedelta(minutes=161), tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)
