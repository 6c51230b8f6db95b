"""Sending ledger rows, a batch at a time: claim them, then render and send each outside any
transaction and record its outcome. Safe to run twice and from two workers at once: only the
claimer sends, and a row already sent is never sent again."""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends import smtp
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications import mail
from notifications.models import Notification

logger = logging.getLogger(__name__)
Status = Notification.Status


def claim_expires() -> datetime.timedelta:
    """A claim older than this is taken for a worker lost mid-send; the sweep enqueues it."""
    return datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)


# Worth another try later: the server or the network, not the message.
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, OSError)
TRANSIENT_SMTP_CODES = range(400, 500)
# Replies about the server or the account, not one message: the rest of the batch waits too.
SERVER_REPLIES = (smtplib.SMTPConnectError, smtplib.SMTPHeloError, smtplib.SMTPAuthenticationError)


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


@dataclass
class Sent:
    """What one run did: each claimed row's new status, and the rows put back for a retry."""

    statuses: dict[int, str] = field(default_factory=dict)
    later: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def _claim(ids: Sequence[int]) -> list[Notification]:
    """The rows of these ids that nobody else holds: pending ones, and claims a lost worker
    left behind; all marked sending in one short transaction."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(id__in=ids)
            .filter(
                Q(status=Status.PENDING)
                | Q(status=Status.SENDING, claimed_at__lt=now - claim_expires())
            )
            .select_related("employer")
            .order_by("id")
        )
        if rows:
            Notification.objects.filter(id__in=[row.id for row in rows]).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    for row in rows:
        row.status, row.claimed_at, row.attempts = Status.SENDING, now, row.attempts + 1
    return rows


# One statement per message on the hot path, so written out: the ORM's compile of the same
# UPDATE cost a third of a millisecond a message (bench.notifications --profile).
RECORD_SQL = (
    f"UPDATE {Notification._meta.db_table} SET status = %s, last_error = %s, "  # noqa: S608
    "sent_at = COALESCE(%s, sent_at) WHERE id = %s"
)


def _record(row: Notification, status: str, error: str = "") -> None:
    sent_at = timezone.now() if status == Status.SENT else None
    with db_connection.cursor() as cursor:
        cursor.execute(RECORD_SQL, [status, error[:500], sent_at, row.id])


@contextmanager
def _unflushed_commits():
    """Each outcome is committed on its own, right after its send, so a worker killed mid-batch
    leaves at most the message in flight unrecorded. Those commits do not wait for the disk
    (synchronous_commit off; the last few hundred milliseconds of them are lost only if
    PostgreSQL itself crashes, when those messages would be sent again: the same window as a
    crash between the SMTP server's acceptance and the record)."""
    postgres = db_connection.vendor == "postgresql"
    if postgres:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        if postgres and db_connection.connection is not None:
            with db_connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO DEFAULT")


class _ServerDown(Exception):
    """The server or the network failed, not one message: the rest of the batch waits too."""


def _send(row: Notification, message: mail.Message) -> None:
    email = EmailMultiAlternatives(message.subject, message.text, None, [row.recipient])
    email.attach_alternative(message.html, "text/html")
    try:
        try:
            connection.send(email)
        except smtplib.SMTPServerDisconnected:
            connection.send(email)  # a kept connection closed while idle: once more, fresh
    except SERVER_REPLIES as exc:
        raise _ServerDown(f"SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
        raise  # about this message only
    except TRANSIENT as exc:
        raise _ServerDown(type(exc).__name__) from exc


def notifications_send(ids: Sequence[int], *, final_attempt: bool = False) -> Sent:
    """Claim the rows, then render, send and record each in turn, outside any transaction.
    Rows already sent, given up, stale or held by another worker are left alone."""
    result = Sent()
    rows = _claim(ids)
    preloaded = mail.preload(rows)
    with _unflushed_commits():
        for index, row in enumerate(rows):
            message = mail.render(row, preloaded)
            if message is None:
                _record(row, Status.STALE)
                result.statuses[row.id] = Status.STALE
                continue
            try:
                _send(row, message)
            except smtplib.SMTPResponseException as exc:
                transient = exc.smtp_code in TRANSIENT_SMTP_CODES
                _failed(row, f"SMTP {exc.smtp_code}", transient and not final_attempt, result)
            except smtplib.SMTPRecipientsRefused as exc:
                _failed(row, f"recipient refused ({len(exc.recipients)})", False, result)
            except _ServerDown as exc:
                _give_back(rows[index:], str(exc), final_attempt, result)
                break
            else:
                _record(row, Status.SENT)
                result.statuses[row.id] = Status.SENT
    return result


def _failed(row: Notification, error: str, retry: bool, result: Sent) -> None:
    logger.warning("notification %s not sent: %s", row.id, error)
    status = Status.PENDING if retry else Status.FAILED
    _record(row, status, error)
    result.statuses[row.id], result.errors[row.id] = status, error
    if retry:
        result.later.append(row.id)


def _give_back(rows: list[Notification], error: str, final_attempt: bool, result: Sent) -> None:
    """The server is unreachable: this row and the rest of the batch, pending again (failed on
    the last attempt), without trying each against a server that is down."""
    logger.warning("notifications %s..%s not sent: %s", rows[0].id, rows[-1].id, error)
    status = Status.FAILED if final_attempt else Status.PENDING
    Notification.objects.filter(id__in=[row.id for row in rows]).update(
        status=status, last_error=error[:500]
    )
    for row in rows:
        result.statuses[row.id], result.errors[row.id] = status, error
        if not final_attempt:
            result.later.append(row.id)
