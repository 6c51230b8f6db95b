"""The benchmark's data in hrsocsec_bench: built once, reused while it fits.

The benchmark's employers are marked in their names; what else the database holds (the other
benchmarks' employees) is left as it is and counts towards --employees. What the data was built
for is kept in a table of the benchmark's own, ``bench_notifications_data``.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from typing import NamedTuple

import psycopg

from bench.employees import load, owned
from bench.notifications import people

META_TABLE = "bench_notifications_data"
# Every run starts with no ledger, no reminder stages and no statements: the sweeps are
# idempotent, so a second run would otherwise find everything done. Only sweeps write them.
LEDGER_TABLES = ("filings_reminderstage", "filings_notification", "filings_monthlystatement")
TOUCHED = ("employees_employer", "employees_employee", "filings_filing", *LEDGER_TABLES)
REUSE_TOLERANCE = 0.05  # of --employees: other benchmarks' rows come and go
TZ = "Asia/Shanghai"


@dataclass
class Data:
    day: datetime.date  # the daily sweep's day, before the notice day
    insured_employers: list[int]
    background_employers: list[int]
    insured: int
    background: int
    others: int

    @property
    def total(self) -> int:
        return self.insured + self.background + self.others


def empty_ledger(raw: psycopg.Connection) -> None:
    """The ledger tables, and any table referring to them (the ledger's mirror of unsent rows)."""
    owned.truncate(raw, LEDGER_TABLES)


def marked_employers(raw: psycopg.Connection, kind: str) -> list[int]:
    return owned.marked_employers(raw, f"% {kind}____ {people.MARK}")


def count_employees(raw: psycopg.Connection, employer_ids: list[int]) -> int:
    query = "SELECT count(*) FROM employees_employee WHERE employer_id = ANY(%s)"
    return raw.execute(query, [employer_ids]).fetchone()[0]


def confirmed_registers(raw: psycopg.Connection, employer_ids: list[int]) -> int:
    return raw.execute(
        "SELECT count(*) FROM filings_filing WHERE employer_id = ANY(%s) "
        "AND kind = 'register' AND state = 'confirmed'",
        [employer_ids],
    ).fetchone()[0]


def existing(raw: psycopg.Connection) -> Data | None:
    """The data as built earlier, if its own rows are all still there."""
    raw.execute(
        f"CREATE TABLE IF NOT EXISTS {META_TABLE} (day date NOT NULL, insured int NOT NULL, "
        "background int NOT NULL, employers int NOT NULL, seed bigint NOT NULL, "
        "built_at timestamptz NOT NULL DEFAULT now())"
    )
    meta = raw.execute(f"SELECT day, insured, background FROM {META_TABLE}").fetchone()
    if meta is None:
        return None
    insured, background = marked_employers(raw, "insured"), marked_employers(raw, "background")
    if count_employees(raw, insured) != meta[1] or confirmed_registers(raw, insured) != meta[1]:
        return None
    if count_employees(raw, background) != meta[2]:
        return None
    everyone = raw.execute("SELECT count(*) FROM employees_employee").fetchone()[0]
    return Data(meta[0], insured, background, meta[1], meta[2], everyone - meta[1] - meta[2])


def fits(data: Data | None, args) -> str:
    """Why the data cannot be reused, or "" when it can."""
    if data is None:
        return "no complete data of this benchmark"
    if data.day != args.day:
        return f"built for the day {data.day}, not {args.day}"
    if data.insured != args.insured:
        return f"{data.insured:,} insured, not {args.insured:,}"
    if len(data.background_employers) != args.employers:
        return f"{len(data.background_employers)} background employers, not {args.employers}"
    # More is fine: what other benchmarks left is theirs, and the figures name the count.
    if data.total < (1 - REUSE_TOLERANCE) * args.employees:
        return f"{data.total:,} employees in all, fewer than {args.employees:,}"
    return ""


def forget(raw: psycopg.Connection) -> None:
    """The benchmark's own rows, and only those, with whatever other benchmarks added to its
    employers (bench.api's memberships, say); slow at a million: a rebuild is rare."""
    owned.delete_employers(
        raw, marked_employers(raw, "insured") + marked_employers(raw, "background")
    )
    raw.execute(f"DELETE FROM {META_TABLE}")


class Filings(NamedTuple):
    """The filings behind one employee state, for one group of the benchmark's employers."""

    kind: str
    reason: str
    state: str
    date: str  # the employee's date the filing takes effect on
    employee_state: str
    group: str  # "insured" or "background"
    submit: int  # submitted this many days after that date (at most on the day)
    decide: int | None  # decided this many days after it, or undecided


DISSOLVE = {"kind": "dissolve", "reason": "mutual_agreement", "date": "separation_date"}
FILINGS = (
    Filings("register", "", "confirmed", "hire_date", "registered", "insured", 2, 6),
    Filings(
        "register", "", "submitted", "hire_date", "registration_pending", "background", 3, None
    ),
    Filings(
        **DISSOLVE,
        state="submitted",
        employee_state="stop_pending",
        group="background",
        submit=1,
        decide=None,
    ),
    Filings(
        **DISSOLVE,
        state="confirmed",
        employee_state="stopped",
        group="background",
        submit=1,
        decide=4,
    ),
)
FILINGS_SQL = """
INSERT INTO filings_filing (kind, reason, reason_text, effective_date, state, agency_reference,
    rejection_reason, submitted_at, decided_at, created_at, updated_at, created_by_id,
    employee_id, employer_id, last_paid_month)
SELECT %(kind)s, %(reason)s, '', t.effective, %(state)s, '', '', t.submitted, t.decided,
    t.submitted, coalesce(t.decided, t.submitted), %(user)s, t.id, t.employer_id,
    -- A dissolve's last month, as law.payments.last_contribution_month fixes it when filed:
    -- the month of separation, or the month the filing reaches after that month's cut-off.
    CASE WHEN %(kind)s::varchar = 'dissolve' THEN GREATEST(
        date_trunc('month', t.effective),
        date_trunc('month', t.filed_on) + CASE
            WHEN extract(day FROM t.filed_on) > LEAST(coalesce(t.cutoff_day, 31), extract(day
                FROM date_trunc('month', t.filed_on) + interval '1 month - 1 day'))
            THEN interval '1 month' ELSE interval '0' END
    )::date END
FROM (
    SELECT s.*, (s.submitted AT TIME ZONE %(tz)s)::date AS filed_on
    FROM (
        SELECT e.id, e.employer_id, e.{date} AS effective, g.cutoff_day,
            (LEAST(e.{date} + %(submit)s, %(day)s) + time '10:00') AT TIME ZONE %(tz)s
                AS submitted,
            CASE WHEN %(decide)s::int IS NOT NULL THEN
                (LEAST(e.{date} + %(decide)s::int, %(day)s) + time '15:00') AT TIME ZONE %(tz)s
            END AS decided
        FROM employees_employee e
        JOIN employees_employer r ON r.id = e.employer_id
        JOIN employees_region g ON g.code = r.region_id
        WHERE e.employer_id = ANY(%(employers)s) AND e.registration_state = %(employee_state)s
    ) s
) t
"""


def insert_filings(raw: psycopg.Connection, groups: dict[str, list[int]], day, user: int):
    """The filings behind the employees' states, in one INSERT ... SELECT each."""
    made = {}
    for spec in FILINGS:
        params = spec._asdict() | {"day": day, "tz": TZ, "user": user}
        params["employers"] = groups[spec.group]
        cursor = raw.execute(FILINGS_SQL.format(date=spec.date), params)
        made[f"{spec.kind} {spec.state} ({spec.employee_state})"] = cursor.rowcount
    return made


def build(raw: psycopg.Connection, args) -> Data:
    from django.utils import timezone

    rng = random.Random(args.seed)
    everyone = raw.execute("SELECT count(*) FROM employees_employee").fetchone()[0]
    background = max(0, args.employees - args.insured - everyone)
    groups = {
        "insured": people.insured_employers(rng),
        "background": people.background_employers(rng, args.employers),
    }
    weights = {name: [rng.lognormvariate(0, 1.0) for _ in ids] for name, ids in groups.items()}
    common = {"day": args.day, "now": timezone.now()}
    start = time.perf_counter()
    load.copy_raw(
        raw,
        people.insured_rows(
            seed=args.seed + 1,
            count=args.insured,
            employer_ids=groups["insured"],
            weights=weights["insured"],
            statement_month=args.month,
            **common,
        ),
    )
    load.copy_raw(
        raw,
        people.background_rows(
            seed=args.seed + 2,
            count=background,
            employer_ids=groups["background"],
            weights=weights["background"],
            **common,
        ),
    )
    print(
        f"  {args.insured + background:,} employees built and loaded (COPY) in "
        f"{time.perf_counter() - start:.0f} s"
    )
    made = insert_filings(raw, groups, args.day, people.filing_user_id())
    print("  filings: " + ", ".join(f"{name} {n:,}" for name, n in made.items()))
    raw.execute(
        f"INSERT INTO {META_TABLE} (day, insured, background, employers, seed) "
        "VALUES (%s, %s, %s, %s, %s)",
        [args.day, args.insured, background, args.employers, args.seed],
    )
    return Data(
        args.day, groups["insured"], groups["background"], args.insured, background, everyone
    )


def analyze(raw: psycopg.Connection) -> None:
    """Statistics as a live installation has them (autovacuum keeps them): the sweeps' plans
    depend on them, and on an unanalysed table PostgreSQL plans as if it were empty."""
    for table in TOUCHED:
        raw.execute(f"VACUUM (ANALYZE) {table}")
    raw.execute("ANALYZE")
    raw.execute("CHECKPOINT")


def prepare(raw: psycopg.Connection, args) -> Data:
    empty_ledger(raw)
    found = existing(raw)
    why = "--fresh" if args.fresh else fits(found, args)
    if not why:
        print(
            f"reusing the data built for {found.day}: {found.insured:,} insured and "
            f"{found.background:,} background employees of this benchmark, {found.others:,} "
            "of other benchmarks (--fresh to rebuild)"
        )
        analyze(raw)
        return found
    print(f"building the data ({why})")
    forget(raw)
    data = build(raw, args)
    analyze(raw)
    return data
