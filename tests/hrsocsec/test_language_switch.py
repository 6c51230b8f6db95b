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


def test_each_language_is_named_in_itself(client):
    """A reader who does not know the page's language still finds their own: 简体中文 and
    English, not 英语 on a Chinese page."""
    for accept in ("zh-CN", "en"):
        page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()
        switch = page.split('id="language-switch"')[1].split("</form>")[0]
        assert ">简体中文</button>" in switch
        assert ">English</button>" in switch
        assert "英语" not in switch
