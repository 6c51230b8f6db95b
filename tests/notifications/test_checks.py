"""The deploy check on SITE_URL."""

from django.test import override_settings

from notifications.checks import site_url_is_set


@override_settings(DEBUG=False, SITE_URL="https://localhost")
def test_production_without_site_url_is_warned(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    (warning,) = site_url_is_set(None)
    assert warning.id == "notifications.W001"
    assert "https://localhost" in warning.msg


@override_settings(DEBUG=False, SITE_URL="https://hr.example.com")
def test_a_site_url_set_is_not_warned(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://hr.example.com")
    assert site_url_is_set(None) == []
