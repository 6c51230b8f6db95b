"""The bench database and Django: a database of its own, migrated, DEBUG off as in production."""

from __future__ import annotations

import os

import psycopg
from psycopg import sql as pgsql

# Every bench uses this one database; HRSOCSEC_BENCH_DB names another (the tests run the benches
# at small sizes in one of their own, never in the database holding a million employees).
BENCH_DB = os.environ.get("HRSOCSEC_BENCH_DB", "hrsocsec_bench")
DEFAULT_DSN_BASE = "postgres://postgres@127.0.0.1:5432"


def ensure_database(dsn_base: str, *, fresh: bool) -> None:
    """Create the bench database (dropping it first with --fresh), from the maintenance db."""
    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        name = pgsql.Identifier(BENCH_DB)
        if fresh:
            conn.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(pgsql.SQL("CREATE DATABASE {}").format(name))
            print(f"created database {BENCH_DB}")


def setup_django(dsn: str) -> None:
    os.environ["DATABASE_URL"] = dsn
    os.environ["DEBUG"] = "1"  # only so the settings accept the local secret key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrsocsec.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # Production runs with DEBUG off: without this every query would also be formatted and
    # logged by the debug cursor, which is not what is being measured.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)


def raw_connection(dsn: str, *, client_binding: bool) -> psycopg.Connection:
    """A plain psycopg connection, outside Django.

    client_binding=True merges the parameters into the SQL text, as Django's cursor does;
    False is psycopg's default cursor: parameters bound by the server, and the statement
    prepared once it has run 5 times (prepare_threshold), which Django turns off.
    """
    factory = psycopg.ClientCursor if client_binding else psycopg.Cursor
    return psycopg.connect(dsn, autocommit=True, cursor_factory=factory)


def reset_tables(conn: psycopg.Connection) -> None:
    """Every run starts from empty tenant tables (regions, from the migrations, stay). The
    CASCADE empties the contribution rules too (a rule may name an employer or its author), so
    the shipped samples are loaded again as their migration loads them: the other benchmarks
    (bench.notifications) compute with them, in whatever order they run."""
    conn.execute(
        "TRUNCATE employees_employeeevent, employees_employee, employees_membership, "
        "employees_employer, auth_user RESTART IDENTITY CASCADE"
    )
    load_samples()


def load_samples() -> None:
    """The shipped sample rules, as their migration loads them, where none are left."""
    import json
    from pathlib import Path

    import contributions
    from contributions.models import ContributionLine, ContributionRule

    if ContributionRule.objects.filter(is_sample=True).exists():
        return
    data = Path(contributions.__file__).parent / "data" / "sample_contribution_rules.json"
    for sample in json.loads(data.read_text(encoding="utf-8")):
        lines, region = sample.pop("lines"), sample.pop("region")
        rule = ContributionRule.objects.create(region_id=region, is_sample=True, **sample)
        ContributionLine.objects.bulk_create(ContributionLine(rule=rule, **line) for line in lines)


def open_bench(dsn_base: str, at_least: int) -> tuple[str, int]:
    """Django on the bench database, which must hold at least ``at_least`` employees already
    (built by bench.employees); returns its DSN and the employee count."""
    import sys

    dsn = f"{dsn_base.rstrip('/')}/{BENCH_DB}"
    ensure_database(dsn_base.rstrip("/"), fresh=False)
    setup_django(dsn)
    from employees.models import Employee

    count = Employee.objects.count()
    if count < at_least:
        sys.exit(
            f"{count:,} employees in {BENCH_DB}; build them first: "
            f".venv/bin/python -m bench.employees --employees {at_least}"
        )
    return dsn, count
