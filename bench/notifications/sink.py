"""The SMTP sink: a process of its own (so it takes no GIL from the measuring process) that
accepts every message, keeps nothing, and counts.

    python -m bench.notifications.sink PORT STATUS_FILE

It writes {"messages": n, "recipients": n} to STATUS_FILE every STATUS_INTERVAL seconds, and
once more when it gets SIGTERM. Sink is the benchmark's side: start, read, stop.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

STATUS_INTERVAL = 0.1
START_TIMEOUT = 20
ROOT = Path(__file__).resolve().parents[2]  # the checkout: where `-m bench...` is found


class Counter:
    def __init__(self):
        self.messages = 0
        self.recipients = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        return "250 OK"


def write_status(path: Path, counter: Counter) -> None:
    status = {"messages": counter.messages, "recipients": counter.recipients}
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(status))
    os.replace(partial, path)  # a reader never sees half a file


def serve(port: int, path: Path) -> None:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command otherwise
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    write_status(path, counter)  # also tells the benchmark the sink is listening
    while not stop.wait(STATUS_INTERVAL):
        write_status(path, counter)
    controller.stop()
    write_status(path, counter)


def free_port() -> int:
    with socket.socket() as probe:  # a free port, chosen by the kernel
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """The sink process, seen from the benchmark."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.status = folder / "sink-status.json"
        self.status.unlink(missing_ok=True)
        command = [sys.executable, "-m", "bench.notifications.sink", str(self.port), self.status]
        self.process = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 (our module, no shell)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.status.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the SMTP sink did not start")
            time.sleep(0.05)

    def messages(self) -> int:
        return json.loads(self.status.read_text())["messages"]

    def settled(self) -> int:
        """The count once the sink has had time to write what it accepted."""
        time.sleep(3 * STATUS_INTERVAL)
        return self.messages()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]))
