"""The ways rows get into employees_employee: binary COPY (raw psycopg or Django's connection)
and the ORM's bulk_create; emptying the table between them; checking what was loaded."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg
from psycopg import sql as pgsql

from bench.employees.data import COPY_COLUMNS, EmployeeRow

TABLE = "employees_employee"
# Our own constant identifiers: nothing to quote.
COPY_SQL = f"COPY {TABLE} ({', '.join(COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"


def column_types(cursor) -> list[int]:
    """The type oids of the COPY columns, which binary COPY needs; any DB-API cursor will do."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
        "AND attnum > 0 AND NOT attisdropped",
        [TABLE],
    )
    oids = dict(cursor.fetchall())
    return [oids[column] for column in COPY_COLUMNS]


def copy_raw(conn: psycopg.Connection, rows: Iterable[EmployeeRow]) -> None:
    """The floor: binary COPY on a plain psycopg connection, one transaction."""
    with conn.transaction(), conn.cursor() as cursor:
        types = column_types(cursor)
        with cursor.copy(COPY_SQL) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def copy_django(rows: Iterable[EmployeeRow]) -> None:
    """Binary COPY through Django's own connection, as a production bulk load would run it.

    c.cursor is the psycopg cursor under Django's wrapper; rows may be a generator, so the
    rows are built while earlier ones are already on their way to the server.
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as c:
        types = column_types(c)
        with c.cursor.copy(COPY_SQL) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def bulk_create(rows: Iterable[EmployeeRow], batch_size: int) -> None:
    """The ORM's way: Employee objects, bulk_create in batches (created_at/updated_at are
    set by auto_now(_add) again, as they would be)."""
    from employees.models import Employee

    batch = []
    for row in rows:
        batch.append(Employee(**row._asdict()))
        if len(batch) == batch_size:
            Employee.objects.bulk_create(batch)
            batch = []
    if batch:
        Employee.objects.bulk_create(batch)


def referencing_tables(conn: psycopg.Connection) -> list[str]:
    """Tables with a foreign key to employees_employee (TRUNCATE ... CASCADE empties them)."""
    return [
        name
        for (name,) in conn.execute(
            "SELECT DISTINCT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE k.contype = 'f' AND k.confrelid = %s::regclass",
            [TABLE],
        )
    ]


def empty_employees(conn: psycopg.Connection) -> None:
    """Empty the table for the next load, losing nothing else, with no dirty pages pending."""
    # CASCADE would also empty the referencing tables (events, filings, the ledger, ...): the
    # reset emptied them and the bench writes none, so make sure of it rather than wipe silently.
    for name in referencing_tables(conn):
        query = pgsql.SQL("SELECT EXISTS (SELECT FROM {})").format(pgsql.Identifier(name))
        if conn.execute(query).fetchone()[0]:
            raise RuntimeError(f"{name} references {TABLE} and is not empty")
    conn.execute(f"TRUNCATE {TABLE} RESTART IDENTITY CASCADE")
    # Each load starts without the previous one's dirty pages still to be written out.
    conn.execute("CHECKPOINT")


def count_employees(conn: psycopg.Connection) -> int:
    return conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]


def table_digest(conn: psycopg.Connection) -> tuple[int, int]:
    """(rows, order-independent hash of every row with its id): equal means the same data."""
    columns = ", ".join(("id", *COPY_COLUMNS))
    return conn.execute(
        f"SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0) "
        f"FROM (SELECT {columns} FROM {TABLE}) t"
    ).fetchone()
