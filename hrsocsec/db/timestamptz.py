"""PostgreSQL timestamps read by psycopg's C loader instead of Django's pure-Python one.

Django registers on every psycopg connection a timestamptz loader of its own: psycopg's
pure-Python loader, then the value relabelled with the connection's zone (``replace(tzinfo=)``).
About 4 to 8 µs a value here against 0.2 to 0.4 µs for psycopg's C loader; a page of 100
employees carries 200 (``created_at``, ``updated_at``): 1.5 ms of a 5 ms page (bench.employees).

When the connection's zone is UTC, which Django sets it to with ``USE_TZ`` and no database
``TIME_ZONE``, the two return the same values: aware, in ``datetime.timezone.utc`` (psycopg maps
the zone "UTC" to that object), to the microsecond; both refuse ``infinity`` the same way
(tests/hrsocsec/db/test_timestamptz.py). In any other case Django's loader stays.
"""

import datetime

from django.db.backends.postgresql.psycopg_any import BaseTzLoader, is_psycopg3
from psycopg import adapters as psycopg_adapters
from psycopg.adapt import Loader
from psycopg.pq import Format

UTC = datetime.UTC
TIMESTAMPTZ_OID = psycopg_adapters.types["timestamptz"].oid
# psycopg's own text loader: the C one with psycopg's C implementation (psycopg[binary]), its
# Python one without it (then this gains less, and changes nothing either).
PsycopgLoader = psycopg_adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


class UtcTimestamptzLoader(Loader):
    """psycopg's loader behind the attribute Django's loaders have. A C class cannot be
    subclassed, so this one delegates to it."""

    # Django's create_cursor() compares this with connection.timezone and, when they differ (a
    # test overriding USE_TZ, say), registers its own loader on that cursor, as it always has.
    timezone = UTC

    def __init__(self, oid: int, context=None):
        super().__init__(oid, context)
        # The zone is read once per cursor's result, as psycopg's loaders do. Off UTC (a SET TIME
        # ZONE by hand) Django's loader would relabel, psycopg's would not: keep Django's there.
        if self.connection is not None and self.connection.info.timezone is not UTC:
            self._loader = DjangoUtcLoader(oid, context)
        else:
            self._loader = PsycopgLoader(oid, context)

    def load(self, data):
        return self._loader.load(data)


class DjangoUtcLoader(BaseTzLoader):
    """The loader Django registers for UTC (psycopg_any.register_tzloader)."""

    timezone = UTC


def on_connection_created(sender, connection, **kwargs) -> None:
    """Registered on each new PostgreSQL connection whose zone is UTC, Django's and the server's
    (Django has set it by now: connection_created is sent after init_connection_state)."""
    if connection.vendor != "postgresql" or not is_psycopg3 or connection.timezone is not UTC:
        return
    raw = connection.connection
    if raw.info.parameter_status("TimeZone") == "UTC":
        raw.adapters.register_loader("timestamptz", UtcTimestamptzLoader)
