"""Benchmark of a dissolve batch: batch_create and batch_submit of 10,000 employees.

    cd /work/main && .venv/bin/python -m bench.filings --size 10000

Runs against the employees benchmark's PostgreSQL database (``hrsocsec_bench``) without emptying
it. See bench/README.md for what is measured, the baseline and the target.
"""
