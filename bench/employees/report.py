"""The results: a summary of the data loaded, the table printed, the JSON file written."""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import asdict
from pathlib import Path

import psycopg

from bench.employees.figures import RUNS, WARMUPS, Figure

RESULTS_DIR = Path(__file__).resolve().parent.parent / "results"


def describe_data(conn: psycopg.Connection, chosen: list[int], today: datetime.date) -> dict:
    states = dict(
        conn.execute(
            "SELECT registration_state, count(*) FROM employees_employee GROUP BY 1 ORDER BY 1"
        ).fetchall()
    )
    visible = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE registration_state = 'unregistered') "
        "FROM employees_employee WHERE employer_id = ANY(%s)",
        [chosen],
    ).fetchone()
    overdue = conn.execute(
        "SELECT count(*) FROM employees_employee "
        "WHERE registration_state = 'unregistered' AND registration_deadline < %s",
        [today],
    ).fetchone()[0]
    return {
        "states": states,
        "overdue_all_employers": overdue,
        "bench_user_employers": chosen,
        "bench_user_employees": visible[0],
        "bench_user_unregistered": visible[1],
    }


def table_rows(figures: list[Figure]) -> list[tuple[str, ...]]:
    return [
        (
            f.figure,
            f.value,
            f.baseline,
            "" if f.ratio is None else f"{f.ratio:.2f}",
            f.target,
            "-" if f.passed is None else ("PASS" if f.passed else "FAIL"),
        )
        for f in figures
    ]


def print_table(figures: list[Figure]) -> None:
    header = ("figure", "value", "baseline", "ratio", "target", "pass/fail")
    rows = table_rows(figures)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    print(line)
    for i, row in enumerate([header, *rows]):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            print(line)
    print(line)


def versions(conn: psycopg.Connection) -> dict:
    import django

    return {
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "psycopg_impl": psycopg.pq.__impl__,
        "postgresql": conn.execute("SHOW server_version").fetchone()[0],
    }


def write_json(args, figures: list[Figure], data: dict, details: dict, conn) -> Path:
    args.results_dir.mkdir(parents=True, exist_ok=True)
    path = args.results_dir / f"employees-{args.employees}.json"
    document = {
        "employees": args.employees,
        "employers": args.employers,
        "today": args.today.isoformat(),
        "seed": args.seed,
        "batch_size": args.batch_size,
        "runs": {"warmups": WARMUPS, "measured": RUNS, "statistic": "median"},
        "versions": versions(conn),
        "data": data,
        "figures": [asdict(f) for f in figures],
        "selectors": details,  # SQL, plans, time split per selector
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
