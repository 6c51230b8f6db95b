"""Loaded with -p before pytest-django reads the settings: the tests' environment defaults.

The tests run on the development defaults (plain http, unhashed static files); Django still
runs every test with DEBUG off. CI overrides DATABASE_URL and CELERY_BROKER_URL.
"""

import os

os.environ.setdefault("DEBUG", "1")
