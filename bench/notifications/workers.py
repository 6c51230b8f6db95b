"""The worker processes: real Celery workers on Redis, the bench database and the sink.

prefork (the default, as deployed and as the fault test runs it): one worker of --concurrency
processes that run tasks (and the parent hands the messages out). solo: --concurrency workers
of one process each, no parent in between.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.notifications.sink import ROOT

READY_TIMEOUT = 60
STOP_TIMEOUT = 30


def environment(dsn: str, broker: str, queue: str, smtp_port: int) -> dict[str, str]:
    """The workers' settings, from the environment as in production: DEBUG off (with a key
    made for the run), or Django's debug cursor would keep every query the task sends."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hrsocsec.settings",
        "DATABASE_URL": dsn,
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "LOG_LEVEL": "WARNING",  # as the fault test's workers (-l WARNING): no line per task
    }


class Workers:
    def __init__(self, env: dict[str, str], pool: str, folder: Path, concurrency: int):
        token = uuid.uuid4().hex[:6]
        self.concurrency = concurrency
        if pool == "prefork":
            shapes = [("-c", str(concurrency), "--pool", "prefork")]
        else:
            shapes = [("--pool", "solo")] * concurrency
        self.names = [f"bench-notifications-{n}-{token}" for n in range(len(shapes))]
        self.processes = []
        for name, shape in zip(self.names, shapes, strict=True):
            command = [
                sys.executable, "-m", "celery", "-A", "hrsocsec", "worker",
                "-Q", env["CELERY_QUEUE"], *shape, "-n", f"{name}@%h", "-l", "WARNING",
                "--without-mingle", "--without-gossip", "--without-heartbeat",
            ]  # fmt: skip
            log = (folder / f"{name}.log").open("w")
            self.processes.append(
                subprocess.Popen(  # noqa: S603 (our own command line, no shell)
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its group: stopping it reaches the pool's children
                )
            )

    def wait_ready(self, app) -> None:
        """Each worker answers a ping: it consumes from the queue."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a worker exited with {process.returncode}")
            replies = app.control.ping(timeout=0.5)
            answered = {name.split("@")[0] for reply in replies for name in reply}
            if answered >= set(self.names):
                return
        raise RuntimeError(f"the workers did not answer within {READY_TIMEOUT} s")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to each worker's own process group), then SIGKILL."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
