"""The Content-Security-Policy in Chromium: the admin's scripts (date shortcuts, actions,
filters) and the Swagger UI run under it, and nothing on those pages is refused."""

import pytest

from employees.models import Membership
from tests.browser.conftest import snap
from tests.browser.test_clerk_day import log_in
from tests.factories import EmployeeFactory, EmployerFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def refusals(page) -> list[str]:
    """What the browser refused under the policy: its console messages, and the page's own
    securitypolicyviolation events (reported even where the console is not)."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


def test_the_admin_and_the_swagger_ui_work_under_the_policy(page):
    employer = EmployerFactory(name="Policy Ltd")
    member(Membership.Role.CLERK, employer, username="csp")
    person = EmployeeFactory(employer=employer, name="Policy Person")
    refused = refusals(page)
    log_in(page, "csp")

    page.goto(f"/admin/employees/employee/{person.id}/change/")
    page.locator("#id_hire_date").fill("")
    page.locator(".datetimeshortcuts a").first.click()  # "Today": the admin's own script
    assert page.locator("#id_hire_date").input_value() != ""
    snap(page, "csp-1-change-page")

    page.goto("/admin/employees/employee/")
    page.locator("#action-toggle").check()  # actions.js ticks every row
    assert page.locator("input.action-select:checked").count() == 1
    assert page.evaluate("window.__csp") == []

    page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for()  # the operations, drawn by Swagger UI's script
    assert page.locator(".opblock").count() > 20
    snap(page, "csp-2-swagger")
    assert page.evaluate("window.__csp") == []
    assert refused == []
