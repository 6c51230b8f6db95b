"""notifications.skeleton and the payment notice built on it: a skeleton filled with one
person's figures is the very text and HTML a full render of the templates gives."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from contributions.models import MonthlyStatement
from notifications import mail
from notifications.models import Notification
from notifications.skeleton import Markers, Skeleton
from tests.factories import EmployeeFactory, EmployerFactory
from tests.notifications.test_mail import line

pytestmark = pytest.mark.django_db

LINES = [
    line("pension", "12345.67", "0.08", "0.16"),
    line("medical", "31884", "0.02", "0.098"),
    line("unemployment", "5000", "0.005", "0.005"),
    line("housing_fund", "7777.77", "0.12", "0.05"),
]
SHAPES = {
    "every line": LINES,
    "no housing fund": LINES[:3],
    "housing fund only": LINES[3:],
    "one line": LINES[:1],
}


def statement(lines, name, employer_name):
    employer = EmployerFactory(name=employer_name)
    made = MonthlyStatement(
        id=1,
        employee=EmployeeFactory(employer=employer, name=name),
        employer=employer,
        month=datetime.date(2026, 10, 1),
        wage=Decimal("12345.67"),
        lines=lines,
        employee_total=sum(Decimal(x["employee_amount"]) for x in lines),
        employer_total=sum(Decimal(x["employer_amount"]) for x in lines),
    )
    return mail.Stated.of(made)  # as the mail worker reads it


def full_render(language, found):
    """The notice as the templates render it with the values themselves."""
    with translation.override(language):
        labels, line_names = mail._payment_words(language)
        shape, values = mail._payment_figures(found, line_names)
        subject = mail._payment_subject(values)
        context = mail._payment_context(shape, labels, values.__getitem__)
        return mail._render("payment_notice", subject, context)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_filled_skeleton_is_the_full_render_byte_for_byte(language, shape):
    # Names that HTML escapes, and one that looks like a marker's number.
    found = statement(SHAPES[shape], 'O\'Brien <"李">', "A&B 科技 0 1")
    row = Notification(
        kind=Notification.Kind.PAYMENT_NOTICE, payload={"statement_id": 1}, language=language
    )
    fast = mail.render(row, {"statements": {1: found}})
    assert fast == full_render(language, found)
    assert "O&#x27;Brien &lt;&quot;李&quot;&gt;" in fast.html
    assert 'O\'Brien <"李">' in fast.text


def test_two_people_of_one_shape_share_a_skeleton_and_keep_their_own_figures():
    mail._payment_skeletons.cache_clear()
    first = statement(LINES, "王芳", "甲公司")
    second = statement([dict(x, base="9999.00") for x in LINES], "张伟", "乙公司")
    row = Notification(
        kind=Notification.Kind.PAYMENT_NOTICE, payload={"statement_id": 1}, language="zh-hans"
    )
    texts = [mail.render(row, {"statements": {1: s}}).text for s in (first, second)]
    assert mail._payment_skeletons.cache_info().misses == 1
    assert "王芳" in texts[0]
    assert "张伟" not in texts[0]
    assert "张伟" in texts[1]
    assert "¥9,999.00" in texts[1]
    assert "¥9,999.00" not in texts[0]


def test_a_skeleton_fills_each_gap_with_its_value_escaped_as_asked():
    markers = Markers()
    rendered = f"<p>{markers('name')} owes {markers('amount')}; {markers('name')}</p>"
    skeleton = Skeleton.of(rendered, markers)
    assert skeleton.slots == ("name", "amount", "name")
    filled = skeleton.fill({"name": "<b>", "amount": "¥1"}, lambda v: v.upper())
    assert filled == "<p><B> owes ¥1; <B></p>"
