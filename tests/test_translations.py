import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from employees.idnumbers import parse_id_number
from employees.models import Membership
from tests.factories import EmployerFactory, make_id_number, member


def _po_entries(text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, continuation lines joined; a plural entry gives its
    one Chinese form (nplurals=1) as msgstr."""
    entries, current, field = [], {}, None
    for line in [*text.splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ", "msgstr[0] ", "msgid_plural ")):
            field, _, value = line.partition(" ")
            field = "msgstr" if field == "msgstr[0]" else field
            current[field] = value[1:-1]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif not line.strip() and current:
            entries.append((current.get("msgid", ""), current.get("msgstr", "")))
            current, field = {}, None
    return entries


def test_every_message_of_ours_has_a_chinese_translation():
    """The zh-hans catalogue is complete: no empty or fuzzy entry."""
    po = (
        Path(__file__).parent.parent / "hrsocsec/locale/zh_Hans/LC_MESSAGES/django.po"
    ).read_text()
    entries = [(msgid, msgstr) for msgid, msgstr in _po_entries(po) if msgid]
    assert len(entries) > 50
    assert [msgid for msgid, msgstr in entries if not msgstr] == []
    assert "#, fuzzy" not in po


def test_id_number_errors_are_in_chinese_in_zh_hans():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        parse_id_number("110105194912310021", today=datetime.date(2026, 1, 1))
    assert info.value.messages == ["最后一位（校验码）与前17位不符：号码有录入错误。"]


@pytest.mark.django_db
def test_a_chinese_clerk_gets_our_field_errors_in_chinese():
    """With no Accept-Language, the API answers in Chinese, our own messages included."""
    employer = EmployerFactory()
    client = APIClient()
    client.force_authenticate(member(Membership.Role.CLERK, employer))
    young = make_id_number(datetime.date(2015, 1, 1))
    response = client.post(
        "/api/employees/",
        {
            "employer": employer.id,
            "name": "张三",
            "id_number": young,
            "hire_date": "2026-03-02",
            "monthly_wage": "5000",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "请求中有无效字段。"
    assert "《劳动法》第十五条" in body["fields"]["hire_date"][0]


def test_the_deadline_warning_is_rendered_in_the_readers_language():
    """The stored fact (the uncovered year) becomes a sentence in the active language."""
    from employees.models import deadline_warning_text

    with translation.override("zh-hans"):
        assert deadline_warning_text(2027).startswith("暂定：尚未录入国务院2027年节假日安排")
    assert deadline_warning_text(2027).startswith("Provisional: the State Council's")


OUR_APPS = ("employees", "filings", "contributions", "notifications", "api")
# Words of the data or the trade a Chinese label may hold: the hash's name, an acronym.
LATIN_ALLOWED = re.compile(r"SHA-256|ID|HR|API|PDF")


def _latin(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", LATIN_ALLOWED.sub("", text)))


def test_every_model_and_field_name_reads_in_chinese():
    """What the admin's sidebar, titles, columns and inline headers show: every model's name
    (one and many), every app's, every field's label, in zh-hans, no English word left."""
    from django.apps import apps

    english = []
    with translation.override("zh-hans"):
        for label in OUR_APPS:
            config = apps.get_app_config(label)
            if label != "api" and _latin(str(config.verbose_name)):
                english.append(f"{label}: {config.verbose_name}")
            for model in config.get_models():
                meta = model._meta
                for name in (meta.verbose_name, meta.verbose_name_plural):
                    if _latin(str(name)):
                        english.append(f"{model.__name__}: {name}")
                for field in meta.concrete_fields:
                    if field.name != "id" and _latin(str(field.verbose_name)):
                        english.append(f"{model.__name__}.{field.name}: {field.verbose_name}")
    assert english == []


@pytest.mark.django_db
@pytest.mark.parametrize("operator", [False, True])
def test_the_admin_sidebar_is_chinese_for_a_clerk_and_the_operator(operator):
    """The operator's also lists the libraries' apps: users, tokens, sign-in lockouts."""
    employer = EmployerFactory()
    user = member(Membership.Role.CLERK, employer, is_superuser=operator)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    with translation.override("zh-hans"):
        response = client.get("/admin/")
        apps_shown = response.context["app_list"]
        names = [str(app["name"]) for app in apps_shown]
        names += [str(m["name"]) for app in apps_shown for m in app["models"]]
    assert len(names) > 8
    assert all(name in response.content.decode() for name in names)
    assert [name for name in names if _latin(name)] == []


def test_a_persons_name_is_xingming_and_an_employers_mingcheng():
    from employees.imports.columns import COLUMNS
    from employees.models import Employee, Employer

    with translation.override("zh-hans"):
        assert str(Employee._meta.get_field("name").verbose_name) == "姓名"
        assert str(COLUMNS["name"][0]) == "姓名"
        assert str(Employer._meta.get_field("name").verbose_name) == "名称"
