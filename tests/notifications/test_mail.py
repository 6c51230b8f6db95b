"""The messages as a clerk and an employee read them: money as ¥ and rates as percentages, the
housing fund in its own section, the digest grouped by duty (its law said once), the most
overdue first, each item a link into the admin."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from contributions.models import MonthlyStatement
from notifications.digest import collect
from notifications.mail import Stated, render
from notifications.models import Notification
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def line(name, base, employee_rate, employer_rate):
    base, er, ee = Decimal(base), Decimal(employer_rate), Decimal(employee_rate)
    return {
        "line": name,
        "base": str(base),
        "employee_rate": str(ee),
        "employer_rate": str(er),
        "employee_amount": str((base * ee).quantize(Decimal("0.01"))),
        "employer_amount": str((base * er).quantize(Decimal("0.01"))),
    }


@pytest.fixture
def notice(employer):
    person = EmployeeFactory(employer=employer, name="王芳")
    lines = [
        line("pension", "12000", "0.08", "0.16"),
        line("medical", "12000", "0.02", "0.095"),
        line("housing_fund", "12000", "0.07", "0.07"),
    ]
    statement = MonthlyStatement(
        id=1,
        employee=person,
        employer=employer,
        month=datetime.date(2026, 10, 1),
        wage=Decimal("12000"),
        lines=lines,
        employee_total=Decimal("2040.00"),
        employer_total=Decimal("3900.00"),
    )

    def rendered(language):
        row = Notification(
            kind=Notification.Kind.PAYMENT_NOTICE, payload={"statement_id": 1}, language=language
        )
        return render(row, {"statements": {1: Stated.of(statement)}})

    return rendered


def test_the_payment_notice_shows_rates_as_percentages_and_amounts_in_yuan(notice):
    text = notice("en").text
    assert "pension: base ¥12,000.00 · you 8% = ¥960.00 · employer 16% = ¥1,920.00" in text
    assert "employer 9.5% = ¥1,140.00" in text
    assert "0.08" not in text
    assert "12000.00" not in text
    assert "Your share: ¥2,040.00" in text


def test_the_housing_fund_has_its_own_section_with_its_own_subtotal(notice):
    text = notice("en").text
    insurance, housing = text.split("Social insurance\n")[1].split("Housing provident fund\n")
    assert "pension" in insurance
    assert "medical" in insurance
    assert "housing fund" not in insurance
    assert "Subtotal: you ¥1,200.00 · employer ¥3,060.00" in insurance
    assert housing.startswith("- housing fund: base ¥12,000.00 · you 7% = ¥840.00")
    assert "Subtotal: you ¥840.00 · employer ¥840.00" in housing


def test_the_payment_notice_in_chinese_has_its_sections_in_chinese(notice):
    message = notice("zh-hans")
    assert "社会保险" in message.text
    assert "住房公积金" in message.text
    assert "小计" in message.text
    assert "养老保险" in message.text


def test_the_html_mail_is_styled_for_cjk_text_with_a_readable_table(notice):
    html = notice("zh-hans").html
    assert '<html lang="zh-hans">' in html
    assert '"PingFang SC"' in html
    assert '"Microsoft YaHei"' in html
    assert html.count("<table>") == 3  # social insurance, housing fund, the shares
    assert '<td class="num">¥960.00</td>' in html
    assert "<h2>住房公积金</h2>" in html


@pytest.fixture
def due_items(employer, frozen_today):
    frozen_today(TODAY)
    people = {
        "later": EmployeeFactory(
            employer=employer,
            name="Later",
            registration_deadline=TODAY + datetime.timedelta(days=2),
        ),
        "worst": EmployeeFactory(
            employer=employer,
            name="Worst",
            registration_deadline=TODAY - datetime.timedelta(days=9),
        ),
        "today": EmployeeFactory(employer=employer, name="Today", registration_deadline=TODAY),
        "late": EmployeeFactory(
            employer=employer, name="Late", registration_deadline=TODAY - datetime.timedelta(days=1)
        ),
    }
    return people, collect(TODAY, datetime.datetime.now(datetime.UTC))[employer.id]


@override_settings(SITE_URL="https://hr.example.com")
def test_the_digest_says_the_duty_once_most_overdue_first_each_a_link(employer, due_items):
    people, items = due_items
    row = Notification(
        kind=Notification.Kind.HR_DIGEST, employer=employer, payload={"items": items}
    )
    row.language = "en"
    message = render(row)
    assert message.text.count("register within 30 days of hire (SI Law art. 58)") == 1
    order = [
        message.text.index(f"- {people[k].name}:") for k in ("worst", "late", "today", "later")
    ]
    assert order == sorted(order)
    for person in people.values():
        link = f"https://hr.example.com/admin/employees/employee/{person.id}/change/"
        assert link in message.text
        assert f'<a href="{link}">{person.name}</a>' in message.html
    assert "Nov. 11, 2026" in message.text  # the reader's date format, not 2026-11-11
    assert '<td class="overdue">overdue</td>' in message.html
