import datetime

import pytest
from django.db import DataError, connection, connections
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.test import override_settings
from psycopg.pq import Format

from hrsocsec.db.timestamptz import TIMESTAMPTZ_OID, UtcTimestamptzLoader
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
UTC = datetime.UTC

# Microseconds at every precision PostgreSQL prints, offsets of whole hours, minutes and seconds
# (Shanghai's local mean time before 1901), Shanghai's summer time of 1986-1991, the ends of the
# range, the moment of a DST change elsewhere.
TEXTS = [
    "2026-03-02 10:00:00+08",
    "2026-03-02 10:00:00.5+08",
    "2026-03-02 10:00:00.123456+08",
    "2026-03-02 10:00:00.000001-03:30",
    "1988-07-01 12:00:00 Asia/Shanghai",
    "1899-12-31 23:59:59 Asia/Shanghai",
    "2026-03-08 02:30:00 America/New_York",
    "2026-11-01 01:30:00.999999 America/New_York",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "2024-02-29 23:59:59.999999+05:45",
]


def read(sql: str, params=(), *, djangos: bool) -> list:
    """The values of a query through the test's connection, read by the loader registered on it
    now, or by Django's own (registered on the cursor, as Django does when zones differ)."""
    with connection.cursor() as cursor:
        if djangos:
            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(sql, params)
        return cursor.fetchall()


def exactly(rows) -> list:
    """Each value with its zone object, so a value in another zone object would differ."""
    return [[(repr(value), getattr(value, "tzinfo", None)) for value in row] for row in rows]


def test_the_connection_reads_timestamps_with_psycopgs_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert loader is UtcTimestamptzLoader


def test_values_are_the_ones_djangos_loader_returns():
    sql = "SELECT %s::timestamptz, NULL::timestamptz"
    for text in TEXTS:
        ours = read(sql, [text], djangos=False)
        assert exactly(ours) == exactly(read(sql, [text], djangos=True)), text
        assert ours[0][0].tzinfo is UTC
        assert ours[0][1] is None


def test_an_employees_timestamps_read_through_the_orm_are_the_same():
    employee = EmployeeFactory()
    sql = "SELECT created_at, updated_at FROM employees_employee WHERE id = %s"
    theirs = read(sql, [employee.pk], djangos=True)
    found = type(employee).objects.values_list("created_at", "updated_at").get(pk=employee.pk)
    assert exactly([found]) == exactly(theirs)
    assert found[0].microsecond == employee.created_at.microsecond


@pytest.mark.parametrize("text", ["infinity", "-infinity"])
def test_infinity_is_refused_as_djangos_loader_refuses_it(text):
    refused = {}
    for djangos in (False, True):
        with pytest.raises(DataError) as raised:
            read("SELECT %s::timestamptz", [text], djangos=djangos)
        refused[djangos] = str(raised.value)
    assert refused[False] == refused[True]


def test_a_zone_set_by_hand_keeps_djangos_relabelling():
    """Off UTC, Django's loader relabels the local time as UTC; the same values are returned."""
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Asia/Shanghai'")
    try:
        sql = "SELECT %s::timestamptz"
        for text in TEXTS[:5]:
            assert exactly(read(sql, [text], djangos=False)) == exactly(
                read(sql, [text], djangos=True)
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")


def test_without_use_tz_djangos_loader_reads_naive_values():
    with override_settings(USE_TZ=False):
        [[value]] = read("SELECT %s::timestamptz", [TEXTS[2]], djangos=False)
    assert value == datetime.datetime(2026, 3, 2, 10, 0, 0, 123456)  # Shanghai's wall clock
    assert value.tzinfo is None


def test_a_connection_opened_without_use_tz_keeps_djangos_loader():
    with override_settings(USE_TZ=False):
        other = connections.create_connection("default")
        try:
            other.ensure_connection()
            loader = other.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        finally:
            other.close()
    assert loader is not UtcTimestamptzLoader
    assert loader.timezone is None
