"""A stand-in for autovacuum, for a server that runs with it off (this machine's does).

The ledger tables start each run empty and grow by 100,000 rows, each notice updated twice
(claimed, then sent). Production's autovacuum analyses them as they grow and vacuums the dead
row versions; without it the planner keeps planning for empty tables (a join of the insured
with their notices went from seconds to hours) and the dead versions pile up. So while the
figures run, every NAPTIME seconds (autovacuum's default naptime), the ledger tables are
vacuumed and analysed on a connection of their own, as autovacuum would.
"""

from __future__ import annotations

import threading
import time

import psycopg

NAPTIME = 60.0
TABLES = (
    "filings_monthlystatement",
    "filings_notification",
    "filings_reminderstage",
    "notifications_unsent",
)


class StandIn:
    def __init__(self, dsn: str):
        self.dsn = dsn
        self.rounds = 0
        self.seconds = 0.0
        self._stop = threading.Event()
        with psycopg.connect(dsn) as conn:
            self.needed = conn.execute("SHOW autovacuum").fetchone()[0] == "off"
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if self.needed:
            self._thread.start()

    def _run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.wait(NAPTIME):
                start = time.perf_counter()
                for table in TABLES:
                    conn.execute(f"VACUUM (ANALYZE) {table}")
                self.seconds += time.perf_counter() - start
                self.rounds += 1

    def stop(self) -> str:
        if not self.needed:
            return "autovacuum is on: no stand-in"
        self._stop.set()
        self._thread.join()
        return (
            f"autovacuum is off on this server: its stand-in vacuumed and analysed the ledger "
            f"tables {self.rounds} times, every {NAPTIME:.0f} s, {self.seconds:.1f} s in all"
        )
