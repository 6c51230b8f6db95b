"""Sending one ledger row: claim it, render and send outside any transaction, record the
outcome. Safe to run twice and from two workers at once: only the claimer sends, and a row
already sent is never sent again."""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends import smtp
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from filings import mail
from filings.models import Notification

logger = logging.getLogger(__name__)
Status = Notification.Status


def claim_expires() -> datetime.timedelta:
    """A claim older than this is taken for a worker lost mid-send; the sweep enqueues it."""
    return datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)


# Worth another try later: the server or the network, not the message.
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, OSError)
TRANSIENT_SMTP_CODES = range(400, 500)


class _Connection:
    """One SMTP connection per worker process, kept open between sends (a new one per message
    would cost a handshake each); dropped on any error, so the next send opens a fresh one."""

    backend = None
    server = None

    def send(self, email: EmailMultiAlternatives) -> None:
        if not issubclass(_backend_class(), smtp.EmailBackend):
            email.send()  # file, console and test backends: nothing to keep open
            return
        server = (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)
        if server != self.server:
            self.close()  # the settings point elsewhere now
            self.server = server
        if self.backend is None:
            self.backend = get_connection()
            self.backend.open()
        try:
            self.backend.send_messages([email])  # raises: fail_silently is off
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            finally:
                self.backend = None


def _backend_class():
    return import_string(settings.EMAIL_BACKEND)


connection = _Connection()


class SendLater(Exception):
    """A transient failure: the task retries with backoff (the row is pending again)."""


def _claim(notification_id: int) -> Notification | None:
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(id=notification_id)
            .first()
        )
        if row is None or row.status in (Status.SENT, Status.FAILED, Status.STALE):
            return None  # sent, given up, or being claimed by another worker right now
        if row.status == Status.SENDING and timezone.now() - row.claimed_at < claim_expires():
            return None  # another worker holds it
        row.status, row.claimed_at, row.attempts = Status.SENDING, timezone.now(), row.attempts + 1
        row.save(update_fields=["status", "claimed_at", "attempts"])
        return row


def _record(row: Notification, status: str, error: str = "") -> None:
    fields = {"status": status, "last_error": error[:500]}
    if status == Status.SENT:
        fields["sent_at"] = timezone.now()
    Notification.objects.filter(id=row.id).update(**fields)


def notification_send(notification_id: int, *, final_attempt: bool = False) -> str:
    """Returns the row's new status, or "" when there was nothing for this run to do."""
    row = _claim(notification_id)
    if row is None:
        return ""
    message = mail.render(row)
    if message is None:
        _record(row, Status.STALE)
        return Status.STALE
    email = EmailMultiAlternatives(message.subject, message.text, None, [row.recipient])
    email.attach_alternative(message.html, "text/html")
    try:
        try:
            connection.send(email)
        except smtplib.SMTPServerDisconnected:
            connection.send(email)  # a kept connection closed while idle: once more, fresh
    except smtplib.SMTPResponseException as exc:
        transient = exc.smtp_code in TRANSIENT_SMTP_CODES
        return _failed(row, f"SMTP {exc.smtp_code}", transient and not final_attempt)
    except smtplib.SMTPRecipientsRefused as exc:
        return _failed(row, f"recipient refused ({len(exc.recipients)})", False)
    except TRANSIENT as exc:
        return _failed(row, type(exc).__name__, not final_attempt)
    _record(row, Status.SENT)
    return Status.SENT


def _failed(row: Notification, error: str, retry: bool) -> str:
    logger.warning("notification %s not sent: %s", row.id, error)
    if retry:
        _record(row, Status.PENDING, error)
        raise SendLater(error)
    _record(row, Status.FAILED, error)
    return Status.FAILED
