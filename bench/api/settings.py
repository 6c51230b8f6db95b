"""The product's settings, with the benchmark's URLs added (the baseline view)."""

from hrsocsec.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api.urls"
