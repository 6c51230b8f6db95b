"""Benchmark of the employee table at scale: loading, deadlines, the "what HR must act on" lists.

    cd /work/main && .venv/bin/python -m bench.employees --employees 100000 --employers 200

Runs against its own PostgreSQL database (``hrsocsec_bench``), never the development one. See
bench/README.md for what each figure means and its target.
"""
