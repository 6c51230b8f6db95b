"""The baseline of figure B's sends: the same number of messages, rendered before the clock
starts, sent with plain smtplib over one connection to the same sink.

The message is a real payment notice of the run (notifications.mail.render on a ledger row, built
into the same EmailMultiAlternatives as notifications.delivery), so its size and encoding are the
workers'; each copy gets its own recipient and Message-ID.
"""

from __future__ import annotations

import smtplib
import time
from email.utils import parseaddr

from bench.notifications.sink import Sink

PLACEHOLDER = "bench0000000"
DOMAIN = "mail.example.cn"


def sample_bytes(notification_id: int) -> tuple[str, bytes]:
    """(envelope sender, the message as Django's SMTP backend sends it) for one ledger row."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    from notifications import mail
    from notifications.models import Notification

    row = Notification.objects.get(id=notification_id)
    message = mail.render(row)
    email = EmailMultiAlternatives(
        message.subject,
        message.text,
        None,
        [f"{PLACEHOLDER}@{DOMAIN}"],
        headers={"Message-ID": f"<{PLACEHOLDER}@bench.notifications>"},
    )
    email.attach_alternative(message.html, "text/html")
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return sender, email.message().as_bytes(linesep="\r\n")


def run(sink: Sink, count: int, notification_id: int) -> dict:
    sender, template = sample_bytes(notification_id)
    messages = [
        (f"bench{n:07d}@{DOMAIN}", template.replace(PLACEHOLDER.encode(), f"bench{n:07d}".encode()))
        for n in range(count)
    ]
    before = sink.messages()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        start = time.perf_counter()
        for recipient, message in messages:
            smtp.sendmail(sender, [recipient], message)
        seconds = time.perf_counter() - start
    received = sink.settled() - before
    return {"messages": count, "seconds": seconds, "received": received, "bytes": len(template)}
