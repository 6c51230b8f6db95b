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
    restore_shipped()


def raw_connection(dsn: str, *, client_binding: bool) -> psycopg.Connection:
    """A plain psycopg connection, outside Django.

    client_binding=True merges the parameters into the SQL text, as Django's cursor does;
    False is psycopg's default cursor: parameters bound by the server, and the statement
    prepared once it has run 5 times (prepare_threshold), which Django turns off.
    """
    factory = psycopg.ClientCursor if client_binding else psycopg.Cursor
    return psycopg.connect(dsn, autocommit=True, cursor_factory=factory)


# The tenants' rows: these tables and every table referring to them (bench.employees.owned:
# found in the catalogue, the ledger's mirror of unsent rows, say) are emptied together, without
# CASCADE, which also empties what they refer to and so once emptied the contribution rules and
# the holiday calendar (their author columns refer to auth_user).
TENANT_TABLES = (
    "employees_employee",
    "employees_idnumberread",
    "employees_membership",
    "employees_employerevent",
    "filings_batch",
    "filings_filing",
    "filings_notification",
    "filings_reminderstage",
    "filings_monthlystatement",
    "authtoken_token",
    "api_idempotencykey",
    "django_admin_log",
    "auth_user_groups",
    "auth_user_user_permissions",
)
# Few rows, and referred to by shipped data that stays (a rule's employer or author, a holiday
# year's author: none in the shipped rows), so deleted rather than truncated: a row of any
# other table still referring to one stops the reset with a foreign-key error.
DELETED_TABLES = ("employees_employer", "auth_user")
SHIPPED_TABLES = (
    "employees_region",
    "employees_holidayyear",
    "employees_holidayday",
    "filings_contributionrule",
    "filings_contributionline",
)


def reset_tables(conn: psycopg.Connection) -> None:
    """Every run starts from no tenants and nothing of theirs; what the migrations ship
    (regions, the holiday calendar, the sample contribution rules) stays, so the other
    benchmarks find it in whatever order they run."""
    from bench.employees import owned

    tables = owned.with_children(conn, TENANT_TABLES)
    if shipped := set(tables) & set(SHIPPED_TABLES):
        raise RuntimeError(f"the reset would empty shipped data: {sorted(shipped)}")
    with conn.transaction():
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        for table in DELETED_TABLES:
            conn.execute(f"DELETE FROM {table}")
            conn.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 1, false)", [table])


def restore_shipped() -> None:
    """The data the migrations ship, loaded again as they load it where none is left: a
    database that an earlier bench.employees emptied with TRUNCATE ... CASCADE lacks it."""
    import importlib

    from django.apps import apps

    from employees.models import HolidayYear

    if not HolidayYear.objects.exists():
        seed = importlib.import_module("employees.migrations.0009_holiday_calendar")
        seed.seed_from_package(apps, None)  # it asks for the models only
        print("the holiday calendar was empty: seeded from the package, as migration 0009 does")
    if load_samples():
        print("no sample contribution rules were left: loaded again, as their migration does")


def load_samples() -> bool:
    """The shipped sample rules, as their migration loads them, where none are left."""
    import json
    from pathlib import Path

    import contributions
    from contributions.models import ContributionLine, ContributionRule

    if ContributionRule.objects.filter(is_sample=True).exists():
        return False
    data = Path(contributions.__file__).parent / "data" / "sample_contribution_rules.json"
    for sample in json.loads(data.read_text(encoding="utf-8")):
        lines, region = sample.pop("lines"), sample.pop("region")
        rule = ContributionRule.objects.create(region_id=region, is_sample=True, **sample)
        ContributionLine.objects.bulk_create(ContributionLine(rule=rule, **line) for line in lines)
    return True


def open_bench(dsn_base: str, at_least: int) -> tuple[str, int]:
    """Django on the bench database, which then holds at least ``at_least`` employees: whatever
    the other benchmarks left, and the shortfall built by bench.employees.topup; returns its DSN
    and the employee count."""
    dsn = f"{dsn_base.rstrip('/')}/{BENCH_DB}"
    ensure_database(dsn_base.rstrip("/"), fresh=False)
    setup_django(dsn)
    from employees.models import Employee

    count = Employee.objects.count()
    if count < at_least:
        from bench.employees import topup

        print(f"{count:,} employees in {BENCH_DB}, fewer than {at_least:,}")
        with raw_connection(dsn, client_binding=False) as raw:
            topup.top_up(raw, at_least - count)
        count = Employee.objects.count()
    return dsn, count
