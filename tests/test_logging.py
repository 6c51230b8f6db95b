import logging
import os
import subprocess
import sys
from pathlib import Path

from hrsocsec.logging import RedactingFormatter, redact

ROOT = Path(__file__).resolve().parent.parent


def test_id_numbers_in_messages_and_arguments_are_masked():
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "hired %s and 11010519491231002x",
        ("36042619910101007X",),
        None,
    )
    assert RedactingFormatter("%(message)s").format(record) == (
        "hired 360426********007X and 110105********002x"
    )


def test_id_numbers_in_a_traceback_are_masked():
    """A database error quoting a row cannot carry an ID number into the log."""
    try:
        raise ValueError("Key (id_number)=(11010519491231002X) already exists.")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = RedactingFormatter("%(message)s").format(record)
    assert "Traceback" in text
    assert "110105********002X" in text
    assert "11010519491231002X" not in text


def test_longer_numbers_are_left_alone():
    """A 20-digit order number is not an ID number."""
    assert redact("order 12345678901234567890") == "order 12345678901234567890"


def run_logging(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django, logging; django.setup(); {code}"],
        cwd=ROOT,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "hrsocsec.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stderr


def test_the_configured_logging_masks_id_numbers_end_to_end():
    """With the project's settings, app and request logs reach stderr masked."""
    stderr = run_logging(
        "logging.getLogger('employees').warning('hired %s', '11010519491231002X'); "
        "logging.getLogger('django.server').info('GET /?q=36042619910101007X')"
    )
    assert "hired 110105********002X" in stderr
    assert "GET /?q=360426********007X" in stderr
    assert "11010519491231002X" not in stderr
    assert "36042619910101007X" not in stderr


def test_celery_workers_keep_the_redacting_configuration():
    from django.conf import settings

    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
