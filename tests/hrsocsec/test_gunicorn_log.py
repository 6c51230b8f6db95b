"""The README's production command: gunicorn's access log never holds a full ID number."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NUMBER = "110105199005170011"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http, ours)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_id_number_in_a_url_is_masked_in_the_access_log(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "an-unguessable-test-key-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "HRSOCSEC_VAR_DIR": str(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "python:hrsocsec.gunicorn", "hrsocsec.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            assert get(f"{base}/api/employees/?id_number={NUMBER}") == 401
            assert get(f"{base}/api/employees/{NUMBER}/") in (401, 404)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert "GET /api/employees/?id_number=110105********0011" in text  # the line, masked
    assert NUMBER not in text
