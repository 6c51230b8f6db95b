"""Sending ledger rows, a batch at a time: claim them, render and send each outside any
transaction, then record the batch's outcomes in one statement. Safe to run twice and from two
workers at once: only the claimer sends, and a row already recorded sent is never sent again. A
worker lost mid-batch leaves its batch claimed; once the claim expires the messages it sent
but had not recorded go again, with the same Message-ID (notifications.envelope)."""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends import smtp
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications import envelope, mail
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

    def send(self, row: Notification, message: mail.Message) -> None:
        identifier = envelope.message_id(row.id, row.created_at)
        if not issubclass(_backend_class(), smtp.EmailBackend):
            # File, console and test backends: Django's own message, nothing to keep open.
            email = EmailMultiAlternatives(
                message.subject,
                message.text,
                None,
                [row.recipient],
                headers={"Message-ID": identifier},
            )
            email.attach_alternative(message.html, "text/html")
            email.send()
            return
        server = (settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)
        if server != self.server:
            self.close()  # the settings point elsewhere now
            self.server = server
        if self.backend is None:
            backend = get_connection()
            backend.open()  # raises: fail_silently is off
            self.backend = backend
        from_email = settings.DEFAULT_FROM_EMAIL
        to = envelope.recipient(row.recipient)
        data = envelope.wire(
            subject=message.subject,
            text=message.text,
            html=message.html,
            to=to,
            from_email=from_email,
            message_id=identifier,
        )
        try:
            # Django's backend opened and holds the connection (TLS, login, timeout); the
            # message is already on the wire's terms, so it goes to smtplib as it is.
            self.backend.connection.sendmail(envelope.sender(from_email), [to], data)
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
    left behind; all marked sending at once. The employers of rows other than payment notices
    (digests and records name theirs) come with them; a payment notice's come with its
    statement."""
    if not ids:
        return []
    now = timezone.now()
    expired = now - claim_expires()
    if db_connection.vendor == "postgresql":
        params = [Status.SENDING, now, list(ids), Status.PENDING, Status.SENDING, expired]
        rows = list(Notification.objects.raw(_CLAIM, params))
    else:
        rows = _claim_in_two(ids, now, expired)
    rows.sort(key=lambda row: row.id)
    named = [row for row in rows if row.kind != Notification.Kind.PAYMENT_NOTICE]
    prefetch_related_objects(named, "employer")
    return rows


_TABLE = Notification._meta.db_table
# One statement: the rows locked (another claimer's skipped), marked and returned. A row a
# concurrent claim changed before the lock is checked again against the WHERE as it is now.
_CLAIM = f"""
UPDATE {_TABLE} SET status = %s, claimed_at = %s, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM {_TABLE} WHERE id = ANY(%s)
       AND (status = %s OR (status = %s AND claimed_at < %s))
       FOR UPDATE SKIP LOCKED
)
RETURNING *
"""  # noqa: S608 -- the model's table


def _claim_in_two(ids, now, expired) -> list[Notification]:
    """The same elsewhere (SQLite: one writer at a time, no SKIP LOCKED): read, then mark."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(id__in=ids)
            .filter(Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=expired))
        )
        if rows:
            Notification.objects.filter(id__in=[row.id for row in rows]).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    for row in rows:
        row.status, row.claimed_at, row.attempts = Status.SENDING, now, row.attempts + 1
    return rows


class _Outcomes:
    """The batch's outcomes, kept until the batch ends and then written in one statement (one
    per message cost as much as the rest of the send put together)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, str, datetime.datetime | None]] = []

    def add(self, row: Notification, status: str, error: str = "") -> None:
        sent_at = timezone.now() if status == Status.SENT else None
        self.rows.append((row.id, status, error[:500], sent_at))

    def record(self) -> None:
        if self.rows:
            _record(self.rows)
            self.rows = []


# PostgreSQL: the batch in one UPDATE ... FROM (VALUES ...); elsewhere one UPDATE per row.
_RECORD_ROW = (
    f"UPDATE {_TABLE} SET status = %s, last_error = %s, "  # noqa: S608 -- the model's table
    "sent_at = COALESCE(%s, sent_at) WHERE id = %s"
)
_RECORD_BATCH = (
    f"UPDATE {_TABLE} AS n SET status = v.status, last_error = v.error, "  # noqa: S608
    "sent_at = COALESCE(v.sent_at, n.sent_at) FROM (VALUES {values}) "
    "AS v (id, status, error, sent_at) WHERE n.id = v.id"
)
_VALUE = "(%s::bigint, %s::varchar, %s::varchar, %s::timestamptz)"


def _record(rows: list[tuple[int, str, str, datetime.datetime | None]]) -> None:
    """Each row's outcome, committed at once; the commit does not wait for the disk
    (synchronous_commit off: only a crash of PostgreSQL itself loses the last moments of
    them, and those messages go again, as after a lost worker)."""
    with transaction.atomic(), db_connection.cursor() as cursor:
        if db_connection.vendor != "postgresql":
            cursor.executemany(_RECORD_ROW, [(s, e, at, i) for i, s, e, at in rows])
            return
        cursor.execute("SET LOCAL synchronous_commit TO off")
        values = ", ".join([_VALUE] * len(rows))
        cursor.execute(_RECORD_BATCH.format(values=values), [v for row in rows for v in row])


class _ServerDown(Exception):
    """The server or the network failed, not one message: the rest of the batch waits too."""


def _send(row: Notification, message: mail.Message) -> None:
    try:
        try:
            connection.send(row, message)
        except smtplib.SMTPServerDisconnected:
            connection.send(row, message)  # a kept connection closed while idle: once more
    except SERVER_REPLIES as exc:
        raise _ServerDown(f"SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
        raise  # about this message only
    except TRANSIENT as exc:
        raise _ServerDown(type(exc).__name__) from exc


def notifications_send(ids: Sequence[int], *, final_attempt: bool = False) -> Sent:
    """Claim the rows, then render and send each in turn, outside any transaction, and record
    the outcomes when the batch is done (or stops). Rows already sent, given up, stale or held
    by another worker are left alone."""
    result = Sent()
    rows = _claim(ids)
    preloaded = mail.preload(rows)
    outcomes = _Outcomes()
    try:
        for index, row in enumerate(rows):
            message = mail.render(row, preloaded)
            if message is None:
                outcomes.add(row, Status.STALE)
                result.statuses[row.id] = Status.STALE
                continue
            try:
                _send(row, message)
            except smtplib.SMTPResponseException as exc:
                transient = exc.smtp_code in TRANSIENT_SMTP_CODES
                retry = transient and not final_attempt
                _failed(row, f"SMTP {exc.smtp_code}", retry, result, outcomes)
            except smtplib.SMTPRecipientsRefused as exc:
                _failed(row, f"recipient refused ({len(exc.recipients)})", False, result, outcomes)
            except _ServerDown as exc:
                outcomes.record()
                _give_back(rows[index:], str(exc), final_attempt, result)
                break
            else:
                outcomes.add(row, Status.SENT)
                result.statuses[row.id] = Status.SENT
    finally:
        outcomes.record()  # what was sent is recorded, whatever stopped the batch
    return result


def _failed(row: Notification, error: str, retry: bool, result: Sent, outcomes: _Outcomes) -> None:
    logger.warning("notification %s not sent: %s", row.id, error)
    status = Status.PENDING if retry else Status.FAILED
    outcomes.add(row, status, error)
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
