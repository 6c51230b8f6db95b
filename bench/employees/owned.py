"""A benchmark's own employers, marked in their names, and removing them with every row that
hangs off them, so one benchmark can clean up after itself and leave the others' data alone;
and emptying tables together with the tables whose rows refer to theirs.

Other benchmarks add rows to any employer they find (bench.api's clerk is a member of every
employer; bench.filings' batches write the ledger), so the delete covers every table referring
to an employer or an employee, children first (the foreign keys are deferred, so the order is
for the reader). A table the product adds later that refers to one of these (a ledger row's
mirror, say) is found in the catalogue and its rows go first: a row whose parent is removed
cannot stay.
"""

from __future__ import annotations

import psycopg

EMPLOYEES = "SELECT id FROM employees_employee WHERE employer_id = ANY(%(ids)s)"
FILINGS = "SELECT id FROM filings_filing WHERE employer_id = ANY(%(ids)s)"
NOTIFICATIONS = (
    "SELECT id FROM filings_notification WHERE employer_id = ANY(%(ids)s) "
    f"OR employee_id IN ({EMPLOYEES})"
)
ROWS = (
    (
        "filings_reminderstage",
        f"employer_id = ANY(%(ids)s) OR notification_id IN ({NOTIFICATIONS})",
    ),
    ("filings_notification", f"id IN ({NOTIFICATIONS})"),
    ("filings_monthlystatement", "employer_id = ANY(%(ids)s)"),
    ("filings_voucher", f"filing_id IN ({FILINGS})"),
    (
        "filings_batchrow",
        "batch_id IN (SELECT id FROM filings_batch WHERE employer_id = ANY(%(ids)s))",
    ),
    ("filings_filingevent", f"filing_id IN ({FILINGS})"),
    ("filings_filing", "employer_id = ANY(%(ids)s)"),
    ("filings_batch", "employer_id = ANY(%(ids)s)"),
    # Insert-only (a trigger refuses a delete): a read of one of these employees' ID numbers
    # stops the delete rather than vanish from the log. bench.api reads its own employee's.
    ("employees_idnumberread", "employer_id = ANY(%(ids)s)"),
    ("employees_employeeevent", f"employee_id IN ({EMPLOYEES})"),
    ("employees_employee", "employer_id = ANY(%(ids)s)"),
    ("employees_employerevent", "employer_id = ANY(%(ids)s)"),
    ("employees_membership", "employer_id = ANY(%(ids)s)"),
    ("employees_employer", "id = ANY(%(ids)s)"),
)
# Single-column foreign keys (Django's): (child table, its column, parent table, parent column).
FOREIGN_KEYS = """
SELECT c.relname, a.attname, p.relname, pa.attname
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_class p ON p.oid = k.confrelid
JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace
"""


def marked_employers(conn: psycopg.Connection, pattern: str) -> list[int]:
    """The employers whose name is LIKE ``pattern`` (a benchmark's mark), by id."""
    query = "SELECT id FROM employees_employer WHERE name LIKE %s ORDER BY id"
    return [employer_id for (employer_id,) in conn.execute(query, [pattern])]


def foreign_keys(conn: psycopg.Connection) -> dict[str, list[tuple[str, str, str]]]:
    """parent table: [(child table, child column, parent column)]."""
    keys: dict[str, list[tuple[str, str, str]]] = {}
    found = [*conn.execute(FOREIGN_KEYS), *unconstrained_keys()]
    for child, column, parent, parent_column in found:
        if child != parent and (child, column, parent_column) not in keys.get(parent, []):
            keys.setdefault(parent, []).append((child, column, parent_column))
    return keys


def unconstrained_keys() -> list[tuple[str, str, str, str]]:
    """The models' references the database holds no constraint for (db_constraint=False: the
    unsent notifications' mirror of the ledger), which the catalogue does not name: emptying
    the ledger without them left 570,000 orphans there after three runs."""
    from django.apps import apps

    return [
        (model._meta.db_table, f.column, f.related_model._meta.db_table, f.target_field.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and not f.db_constraint
    ]


def with_children(conn: psycopg.Connection, tables: tuple[str, ...]) -> list[str]:
    """The tables and, recursively, every table referring to one of them: what TRUNCATE must
    name together (without CASCADE, which would go up to whatever they refer to as well)."""
    keys, found, todo = foreign_keys(conn), list(tables), list(tables)
    while todo:
        for child, _, _ in keys.get(todo.pop(), []):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def truncate(conn: psycopg.Connection, tables: tuple[str, ...]) -> None:
    conn.execute(f"TRUNCATE {', '.join(with_children(conn, tables))}")


def _delete(conn, keys, listed: set[str], table: str, where: str, params: dict) -> None:
    """DELETE ... WHERE where, the rows of unlisted tables that refer to those first."""
    for child, column, parent_column in keys.get(table, []):
        if child not in listed:
            refers = f"{column} IN (SELECT {parent_column} FROM {table} WHERE {where})"
            _delete(conn, keys, listed, child, refers, params)
    conn.execute(f"DELETE FROM {table} WHERE {where}", params)


def delete_employers(conn: psycopg.Connection, ids: list[int]) -> None:
    """The employers and every row that refers to them or theirs, in one transaction (only the
    ID number access log refuses: see ROWS)."""
    if not ids:
        return
    keys, listed = foreign_keys(conn), {table for table, _ in ROWS}
    with conn.transaction():
        for table, where in ROWS:
            _delete(conn, keys, listed, table, where, {"ids": ids})
