"""A ledger row's message as it goes on the wire: the same MIME that Django's EmailMessage makes
(multipart/alternative, UTF-8 text and HTML, 8bit or quoted-printable as Django chooses),
written out directly. Django's build folds every header through email.header and walks the
message tree with a generator, which cost more than rendering the notice; here the fixed
headers are written once per process and only the subject is encoded per message.

The Message-ID comes from the row, so a message sent again after a lost worker carries the
same one and mail clients show it once."""

from __future__ import annotations

import functools
import re
import secrets
from email import charset as email_charset
from email.header import Header
from email.utils import formatdate
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.message import DNS_NAME, RFC5322_EMAIL_LINE_LENGTH_LIMIT, sanitize_address

CRLF = "\r\n"
_QP = email_charset.Charset("utf-8")
_QP.body_encoding = email_charset.QP


def message_id(notification_id: int, created_at) -> str:
    """Unique to the row (its id, and when it was made, should ids ever start again) and to
    the installation (its host), and the same however often the row is sent."""
    host = urlsplit(settings.SITE_URL).hostname or str(DNS_NAME)
    return f"<notification.{notification_id}.{int(created_at.timestamp())}@{host}>"


@functools.lru_cache(maxsize=8)
def sender(from_email: str) -> str:
    """The From header and envelope sender, as Django writes them (a name encoded if need be)."""
    return sanitize_address(from_email, "utf-8")


@functools.lru_cache(maxsize=4096)
def _subject(subject: str) -> str:
    """Encoded once per subject and process: a month's notices of one employer share theirs."""
    if subject.isascii() and len(subject) <= 60:
        return subject
    return Header(subject, "utf-8", header_name="Subject").encode(linesep=CRLF)


# An address as the ledger holds it (validated as an email address when it was entered): plain
# ASCII with nothing to quote or encode is what sanitize_address would return unchanged.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def recipient(address: str) -> str:
    """The recipient as Django's SMTP backend writes it, without parsing a plain address."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return sanitize_address(address, "utf-8")


def _part(content_type: str, body: str) -> str:
    """One text part, as Django's SafeMIMEText: 7bit or 8bit, quoted-printable if a line is too
    long for SMTP."""
    encoded = body.encode()
    long_lines = len(encoded) > RFC5322_EMAIL_LINE_LENGTH_LIMIT and any(
        len(line) > RFC5322_EMAIL_LINE_LENGTH_LIMIT for line in encoded.splitlines()
    )
    if long_lines:
        encoding, body = "quoted-printable", _QP.body_encode(body)
    else:
        encoding = "7bit" if body.isascii() else "8bit"
    body = body.replace("\r\n", "\n").replace("\n", CRLF)
    return (
        f'Content-Type: {content_type}; charset="utf-8"{CRLF}MIME-Version: 1.0{CRLF}'
        f"Content-Transfer-Encoding: {encoding}{CRLF}{CRLF}{body}{CRLF}"
    )


def wire(*, subject: str, text: str, html: str, to: str, from_email: str, message_id: str) -> bytes:
    """The whole message, CRLF line ends, ready for SMTP DATA; ``to`` as sanitize_address()
    wrote it (it is the envelope's recipient too)."""
    parts = [_part("text/plain", text), _part("text/html", html)]
    boundary = f"=_{secrets.token_hex(12)}"
    while any(f"--{boundary}" in part for part in parts):  # as good as never
        boundary = f"=_{secrets.token_hex(12)}"
    head = (
        f"Subject: {_subject(subject)}{CRLF}"
        f"From: {sender(from_email)}{CRLF}"
        f"To: {to}{CRLF}"
        f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}{CRLF}"
        f"Message-ID: {message_id}{CRLF}"
        f"MIME-Version: 1.0{CRLF}"
        f'Content-Type: multipart/alternative; boundary="{boundary}"{CRLF}{CRLF}'
    )
    body = "".join(f"--{boundary}{CRLF}{part}" for part in parts) + f"--{boundary}--{CRLF}"
    return (head + body).encode()
