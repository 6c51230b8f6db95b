"""A real SMTP server on localhost (aiosmtpd), for delivery tests: it keeps what it accepted,
and can be told to answer the next messages with an error code."""

from __future__ import annotations

import email
import logging
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line


class Inbox:
    def __init__(self):
        self.messages: list[Message] = []
        self.refuse_with: list[str] = []  # e.g. "451 try later", used up one per message
        self.peers: list[tuple] = []  # the client's address per accepted message: its connection

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_with:
            return self.refuse_with.pop(0)
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        self.peers.append(session.peer)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Mail from the app goes to this server for the test."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port, chosen by the kernel
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield inbox
    finally:
        controller.stop()


def text_of(message: Message, subtype: str = "plain") -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text/{subtype} part")
