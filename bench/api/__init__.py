"""Benchmark of the employee list over HTTP: GET /api/employees/?page_size=100 with a million
employees in PostgreSQL, served by gunicorn with 2 workers, under a local load generator; next
to a plain Django view returning the same rows with .values() and JsonResponse, in the same run.

    .venv/bin/python -m bench.api

See bench/README.md.
"""
