"""A small run of bench.holidays, so the benchmark cannot rot: the same code as the million-row
run, on the test database, its figures checked for sense rather than speed."""

import pytest
from django.db import connection

# Serialized rollback: the flush after a transactional test removes the shipped data (regions,
# the seeded holiday years), which the tests after it need back.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_small_run_moves_every_deadline_and_leaves_the_database_as_it_was():
    import psycopg

    from bench.holidays import run
    from employees.models import Employee, EmployeeEvent, HolidayYear

    settings = connection.settings_dict
    dsn = (
        f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    lines = []
    with psycopg.connect(dsn, autocommit=True) as raw:
        figures = run.run(raw, employees=300, say=lines.append)
    assert figures.employees == 300
    assert 0 < figures.moved == figures.events == figures.expected < 300
    assert figures.wrong == 0
    assert figures.product_seconds > 0
    assert figures.raw_seconds > 0
    report = []
    run.report(figures, say=report.append)
    assert any(line.startswith("ratio product / raw SQL:") for line in report)
    assert any(f"{figures.moved:,} moved to another day" in line for line in report)
    assert any(line.endswith("0 wrong: PASS") for line in report), report
    # Left as it was: no bench employer, employees, events or 2027 arrangement.
    assert not Employee.objects.exists()
    assert not EmployeeEvent.objects.exists()
    assert not HolidayYear.objects.filter(year=run.YEAR).exists()
