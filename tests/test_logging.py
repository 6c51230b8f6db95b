import logging
import os
import subprocess
import sys
from pathlib import Path

from hrsocsec.logging import RedactPersonalData, redact


def test_id_numbers_are_masked_in_any_log_message():
    """An ID number in a message or its arguments is masked before any handler sees it."""
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "hired %s and 11010519491231002x",
        ("36042619910101007X",),
        None,
    )
    RedactPersonalData().filter(record)
    assert record.getMessage() == "hired 360426********007X and 110105********002x"


def test_longer_numbers_are_left_alone():
    """A 20-digit order number is not an ID number."""
    assert redact("order 12345678901234567890") == "order 12345678901234567890"


def test_the_configured_logging_masks_id_numbers_end_to_end():
    """With the project's logging settings, a logged ID number reaches stderr masked."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('employees').warning('hired %s', '11010519491231002X')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "hrsocsec.settings", "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "hired 110105********002X" in result.stderr
    assert "11010519491231002X" not in result.stderr
