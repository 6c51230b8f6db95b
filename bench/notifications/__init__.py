"""Benchmark of the notifications: the daily sweep at 1M employees, and the monthly payment
notices of 100,000 insured employees computed, stored, rendered and delivered by two workers.

    cd /work/main && .venv/bin/python -m bench.notifications

Runs against the benchmarks' PostgreSQL database (``hrsocsec_bench``), Redis db 5 as the broker
and an SMTP sink of its own. See bench/README.md for what is measured, the baselines and the
targets.
"""
