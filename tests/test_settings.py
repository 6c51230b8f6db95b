import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check(env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_debug_off_the_app_refuses_to_start_without_a_secret_key():
    """DEBUG off and no SECRET_KEY: the app does not start, and says why."""
    result = check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_with_debug_off_a_weak_secret_key_is_refused():
    result = check({"DEBUG": "0", "SECRET_KEY": "changeme"})
    assert result.returncode != 0
    assert "too short" in result.stderr


def test_with_debug_off_a_real_secret_key_starts():
    result = check(
        {"DEBUG": "0", "SECRET_KEY": "k" * 10 + "0123456789abcdefghijklmnopqrstuvwxyz0123456789"}
    )
    assert result.returncode == 0, result.stderr


def test_time_zone_and_languages():
    from django.conf import settings

    assert (settings.TIME_ZONE, settings.USE_TZ) == ("Asia/Shanghai", True)
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
