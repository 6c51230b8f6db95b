"""A real browser: Debian's Chromium, driven by Playwright (never a downloaded browser), against
Django's live server. Screenshots of each step go to test-artifacts/browser/ (CI keeps them)."""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls (fixtures,
# checks, the flush after) are still synchronous and are safe here (Playwright's Django advice).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture
def browser(transactional_db):
    """Per test, and only once the test's database is ready: Playwright's sync API keeps an
    event loop in this thread, and a database set up under it (the serialized rollback that puts
    the shipped regions back) was not seen by the test."""
    if not os.path.exists(CHROMIUM):
        message = f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("HRSOCSEC_REQUIRE_SERVICES"):
            pytest.fail(message)  # CI installs it: missing there is a failure, never a skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()
        from django.db import connections

        # Those opened while Playwright's loop ran, so the test database can be dropped.
        connections.close_all()


@pytest.fixture
def page(browser, live_server, request):
    """An English-speaking page on the live server; a screenshot after the test, pass or fail."""
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]", "_", request.node.name)
    page.screenshot(path=str(ARTIFACTS / f"{name}-last.png"), full_page=True)
    context.close()


def snap(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
