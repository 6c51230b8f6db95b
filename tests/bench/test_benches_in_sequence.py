"""Every benchmark at a small size, one after another on one database of their own, in two
orders: each must take the database as the others leave it and pass its own checks, so none
of them rots. They run as `python -m bench.<name>`, as a person runs them."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests.conftest import needs

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
EMPLOYEES, INSURED, HOLIDAY_HIRES, BATCH, SMALL_BATCH = 2000, 200, 300, 300, 100
# What bench.employees, bench.filings and bench.notifications leave, and 500 more: bench.api
# and bench.admin (--employees) build what is missing when they first run after those.
AT_LEAST = EMPLOYEES + SMALL_BATCH + 2 * BATCH + INSURED + 500
ARGS = {
    "employees": ["--employees", str(EMPLOYEES), "--employers", "10"],
    "filings": [
        "--size", str(BATCH), "--small", str(SMALL_BATCH), "--repeat", "1", "--extra", "0",
    ],
    "holidays": ["--employees", str(HOLIDAY_HIRES), "--no-targets"],
    # Fewer in all than the other benchmarks leave: its own insured only, nothing to fill up.
    "notifications": [
        "--insured", str(INSURED), "--employees", str(EMPLOYEES), "--employers", "5",
        "--timeout", "60", "--no-targets",
    ],
    "api": [
        "--employees", str(AT_LEAST), "--seconds", "0.5", "--warmup", "0.25",
        "--connections", "2", "--no-targets",
    ],
    "admin": ["--employees", str(AT_LEAST), "--repeat", "1", "--no-targets"],
}  # fmt: skip
# Forwards (bench.employees first, on the new database), then backwards (bench.admin after
# itself, bench.employees last, emptying what the others left).
ORDER = ("employees", "filings", "holidays", "notifications", "api", "admin")
ADMIN_PAGES = (
    "landing page",
    "deadline calendar",
    "unfiltered",
    "overdue",
    "due within 7 days",
    "registered",
    "hired in a month",
    "search, 1 character",
    "search, 2 characters",
    "search, 3 characters",
    "search, no match",
)


def number(text: str) -> int:
    return int(text.replace(",", ""))


def check_employees(out: str, results: Path) -> None:
    assert "the sample checks out" in out
    states = json.loads(re.search(r"^  data: (\{.*\})$", out, re.M)[1])["states"]
    assert sum(states.values()) == EMPLOYEES
    written = json.loads((results / f"employees-{EMPLOYEES}.json").read_text(encoding="utf-8"))
    figures = [figure["figure"] for figure in written["figures"]]
    assert written["employees"] == EMPLOYEES
    assert "A generate employees (generator + COPY via Django)" in figures
    assert sum(name.startswith(("C overdue", "D due_within")) for name in figures) == 8


def check_filings(out: str, results: Path) -> None:
    counts = re.search(
        rf"^queries at {SMALL_BATCH}, then at {BATCH} \(1 runs\): "
        r"create (\d+), (\d+); submit (\d+), (\d+): PASS$",
        out,
        re.M,
    )
    assert counts, "the query counts differ between the two sizes"
    assert "correctness: 3 batches checked in the database and on the broker: PASS" in out
    assert "mismatch" not in out
    assert "kept the previous runs' employers" not in out


def check_holidays(out: str, results: Path) -> None:
    found = re.search(
        r"^recomputed ([\d,]+): ([\d,]+) moved to another day \(law\.deadlines says ([\d,]+)\), "
        r"([\d,]+) events, .*; (\d+) wrong: PASS$",
        out,
        re.M,
    )
    assert found, "the recomputed deadlines are not what law.deadlines says"
    recomputed, moved, expected, events, wrong = (number(group) for group in found.groups())
    assert recomputed >= HOLIDAY_HIRES
    assert 0 < moved == expected == events
    assert wrong == 0


def check_notifications(out: str, results: Path) -> None:
    facts = {
        what: (number(found), number(wanted))
        for what, found, wanted in re.findall(
            r"^    ([^:]+): ([\d,]+) \(expected ([\d,]+)\)$", out, re.M
        )
    }
    assert facts["statements for the month"] == (INSURED, INSURED)
    assert facts["payment notices sent"] == (INSURED, INSURED)
    assert facts["statements of others"] == (0, 0)
    assert facts["notices not claimed exactly once"] == (0, 0)
    sink, ledger = facts["messages at the sink (= ledger rows sent)"]
    assert sink == ledger >= INSURED
    wrong = {what: pair for what, pair in facts.items() if pair[0] != pair[1]}
    assert not wrong
    baseline = re.search(r"^  ([\d,]+) messages of .*; the sink received ([\d,]+)$", out, re.M)
    assert baseline[1] == baseline[2]
    assert "PASS: correctness (statements, notices, sink count) (all checks hold)" in out


def check_api(out: str, results: Path) -> None:
    assert re.search(r"^  same rows: .* \(expected 100\): PASS$", out, re.M)
    assert "responses not 200: 0: PASS" in out
    assert re.search(r"^throughput +[\d.]+ req/s +[\d.]+ req/s", out, re.M)


def check_admin(out: str, results: Path) -> None:
    rendered = re.findall(r"^(.+?) +([\d.]+) ms +([\d.]+) ms ", out, re.M)
    assert tuple(page for page, _, _ in rendered) == ADMIN_PAGES
    assert all(float(ms) > 0 for _, ms, _ in rendered)


CHECKS = {
    "employees": check_employees,
    "filings": check_filings,
    "holidays": check_holidays,
    "notifications": check_notifications,
    "api": check_api,
    "admin": check_admin,
}


def server() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


def redis_answers() -> bool:
    import redis

    try:
        # The benchmark's own database (bench.notifications' broker).
        return redis.Redis(host="127.0.0.1", port=6379, db=5, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def bench_db():
    name = f"hrsocsec_bench_test_{os.getpid()}"
    with psycopg.connect(f"{server()}/postgres", autocommit=True) as maintenance:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        maintenance.execute(drop)
        yield name
        maintenance.execute(drop)


def run_bench(name: str, database: str, results: Path) -> str:
    # The benchmarks name their own database, broker and cache; nothing of the tests' reaches them.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")
    }
    env["HRSOCSEC_BENCH_DB"] = database
    command = [sys.executable, "-m", f"bench.{name}", *ARGS[name], "--dsn-base", server()]
    if name == "employees":
        command += ["--results-dir", str(results)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, f"bench.{name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def check_left_as_shipped(database: str) -> None:
    """What the migrations ship is still there, and nothing of a run half done."""
    import contributions
    from law.holidays import package_arrangements

    samples = Path(contributions.__file__).parent / "data" / "sample_contribution_rules.json"
    with psycopg.connect(f"{server()}/{database}") as conn:
        years = conn.execute("SELECT count(*) FROM employees_holidayyear").fetchone()[0]
        rules = conn.execute(
            "SELECT count(*) FROM filings_contributionrule WHERE is_sample"
        ).fetchone()[0]
        leftover = conn.execute("SELECT to_regclass('bench_holidays_before')").fetchone()[0]
        # The unsent rows' mirror has no foreign key to the ledger: emptied with it, or not at all.
        orphans = conn.execute(
            "SELECT count(*) FROM notifications_unsent u WHERE NOT EXISTS "
            "(SELECT 1 FROM filings_notification n WHERE n.id = u.notification_id)"
        ).fetchone()[0]
    assert orphans == 0
    assert years == len(package_arrangements())
    assert rules == len(json.loads(samples.read_text(encoding="utf-8")))
    assert leftover is None


def test_every_bench_runs_after_every_other_forwards_then_backwards(bench_db, tmp_path):
    needs("Redis", redis_answers(), "start redis-server on 127.0.0.1:6379 (bench.notifications)")
    outputs = {}
    for direction, order in (("forwards", ORDER), ("backwards", ORDER[::-1])):
        for position, name in enumerate(order):
            out = outputs[direction, name] = run_bench(name, bench_db, tmp_path)
            try:
                CHECKS[name](out, tmp_path)
                check_left_as_shipped(bench_db)
            except (AssertionError, KeyError, TypeError) as error:
                after = ", ".join(order[:position]) or "nothing"
                raise AssertionError(f"bench.{name} {direction}, after {after}:\n{out}") from error
    # bench.api, first of the two after the others, built the employees missing at its size.
    assert f"fewer than {AT_LEAST:,}" in outputs["forwards", "api"]
    assert "employees missing" not in outputs["forwards", "admin"]
    # bench.notifications, the second time, kept its data although others came and went since.
    assert "building the data (no complete data" in outputs["forwards", "notifications"]
    assert "reusing the data built for" in outputs["backwards", "notifications"]
