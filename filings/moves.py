"""Filings that moved, told to whoever builds on filings. filings knows nothing of the apps after
it (notifications tells HR), so it emits an event: ``filings_moved``, sent inside the
transaction of the move, so that what the receivers write (a message in the ledger) commits or
rolls back with the move itself. Network I/O never runs in a receiver; it is enqueued after
the commit.

Moves made inside ``together()`` (confirming or rejecting many filings at once) are told once
per employer at its end, as one batch's submit is: one message, not one per filing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.dispatch import Signal

# Sent with employer_id and event_ids (FilingEvent ids, in order).
filings_moved = Signal()

_gathered: ContextVar[dict[int, list[int]] | None] = ContextVar("filings_moved", default=None)


def moved(employer_id: int, event_ids: Sequence[int]) -> None:
    """Called by every transition, in its transaction."""
    if not event_ids:
        return
    gathered = _gathered.get()
    if gathered is not None:
        gathered.setdefault(employer_id, []).extend(event_ids)
        return
    filings_moved.send(sender=None, employer_id=employer_id, event_ids=list(event_ids))


@contextmanager
def together() -> Iterator[None]:
    """One transaction for the moves made inside; they are told at its end, together. A move
    refused inside (its own savepoint rolled back) is not told."""
    gathered: dict[int, list[int]] = {}
    token = _gathered.set(gathered)
    try:
        with transaction.atomic():
            yield
            _gathered.reset(token)
            token = None
            for employer_id, event_ids in gathered.items():
                filings_moved.send(sender=None, employer_id=employer_id, event_ids=event_ids)
    finally:
        if token is not None:
            _gathered.reset(token)
