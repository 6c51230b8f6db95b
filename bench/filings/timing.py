"""One timed call and what it sent to the database; the runs of both ways."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

HEAD = 110  # characters of each statement kept for the listing


@dataclass
class Call:
    seconds: float
    # (first characters, length) of each statement sent, in order.
    statements: list[tuple[str, int]]
    result: Any = None


@dataclass
class Run:
    way: str  # "ORM" or "raw SQL"
    size: int
    batch_id: int
    create: Call
    submit: Call
    event_ids: list[int] = field(default_factory=list)  # of the submit, as enqueued

    @property
    def seconds(self) -> float:
        return self.create.seconds + self.submit.seconds


def head(sql: str) -> tuple[str, int]:
    return " ".join(sql.split())[:HEAD], len(sql)


def orm_call(fn: Callable) -> Call:
    """Time fn with every query Django sends captured (Django's own test helper).

    The capture forces Django's debug cursor, which keeps each statement's text: a cost per
    statement, not per row, and the statements are few.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    return Call(seconds, [head(q["sql"]) for q in captured.captured_queries], result)


def settle(raw: psycopg.Connection) -> None:
    """No timed call pays for the dirty pages of the one before (or of the load)."""
    raw.execute("CHECKPOINT")
