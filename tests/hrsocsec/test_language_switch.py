import pytest

from employees.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_admin_follows_the_browser_until_switched(client):
    client.force_login(member(Membership.Role.CLERK))
    chinese = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "<title>今日待办" in chinese
    assert 'id="language-switch"' in chinese

    switched = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/admin/employees/employee/"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert switched.status_code == 302
    assert switched["Location"] == "/admin/employees/employee/"
    english = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "What needs doing" in english
    assert 'lang="en"' in english


def test_the_login_page_has_the_switch_too(client):
    page = client.get("/admin/login/").content.decode()
    assert 'action="/i18n/setlang/"' in page


def test_an_unknown_language_or_an_outside_next_changes_nothing_harmful(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies
