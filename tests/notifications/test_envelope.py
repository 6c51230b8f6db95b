"""notifications.envelope: the wire bytes of a message are what Django's EmailMessage would
send (headers, parts, encodings), and the Message-ID is the row's own."""

import datetime
import email
import email.policy
import re

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address

from notifications import envelope

WHEN = datetime.datetime(2026, 11, 5, 1, 2, 3, tzinfo=datetime.UTC)
CASES = {
    "ascii": ("October contributions", "Dear Ann,\nyour share.\n", "<p>Dear Ann</p>"),
    "chinese, long subject": (
        "北京市海淀区某某科技有限公司：您 2026-10 的社会保险缴费明细" * 2,
        "王芳您好：\n\n养老保险 ¥960.00\n",
        "<h1>社会保险</h1>\n<p>王芳</p>",
    ),
    "a line too long for SMTP": ("Long", "short\n", "<td>" + "社保 ¥1.00 " * 200 + "</td>"),
}


def parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("from_email", ["hrsocsec <noreply@example.com>", "人事部 <hr@example.cn>"])
def test_the_wire_bytes_read_back_as_djangos_message(case, from_email, settings):
    settings.DEFAULT_FROM_EMAIL = from_email
    subject, text, html = CASES[case]
    identifier = "<notification.7.1@hrsocsec.example.com>"
    data = envelope.wire(
        subject=subject,
        text=text,
        html=html,
        to=sanitize_address("wang.fang@example.com", "utf-8"),
        from_email=from_email,
        message_id=identifier,
    )
    django = EmailMultiAlternatives(
        subject, text, None, ["wang.fang@example.com"], headers={"Message-ID": identifier}
    )
    django.attach_alternative(html, "text/html")
    ours, theirs = parse(data), parse(django.message().as_bytes(linesep="\r\n"))
    for header in ("From", "To", "Message-ID", "MIME-Version"):
        assert str(ours[header]) == str(theirs[header]), header
    # Django folds a long encoded subject after "Subject:", so it reads back with a space.
    assert str(ours["Subject"]) == str(theirs["Subject"]).lstrip() == subject
    assert ours.get_content_type() == theirs.get_content_type() == "multipart/alternative"
    for mine, django_part in zip(ours.iter_parts(), theirs.iter_parts(), strict=True):
        assert mine.get_content_type() == django_part.get_content_type()
        assert mine["Content-Transfer-Encoding"] == django_part["Content-Transfer-Encoding"]
        assert mine.get_content() == django_part.get_content()
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line and len(line) <= 998 for line in lines)


def test_the_message_id_is_the_rows_own_and_the_same_every_time(settings):
    settings.SITE_URL = "https://hr.example.com"
    first = envelope.message_id(41, WHEN)
    assert first == envelope.message_id(41, WHEN)
    assert first != envelope.message_id(42, WHEN)
    assert first != envelope.message_id(41, WHEN + datetime.timedelta(seconds=1))
    assert first.startswith("<")
    assert first.endswith("@hr.example.com>")


@pytest.mark.parametrize(
    "address",
    ["wang.fang@example.com", "o'brien+hr@mail.example.cn", "王芳@例子.中国", "a b@example.com"],
)
def test_a_recipient_is_written_as_django_writes_it(address):
    try:
        expected = sanitize_address(address, "utf-8")
    except ValueError as error:  # the same refusal, in the same words
        with pytest.raises(ValueError, match=re.escape(str(error))):
            envelope.recipient(address)
        return
    assert envelope.recipient(address) == expected
