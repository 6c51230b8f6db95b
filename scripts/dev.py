#!/usr/bin/env python3
"""The README's two commands. Needs nothing but Python 3.11.

    python3 scripts/dev.py start   set up, load demo data, run web + Celery worker + beat
    python3 scripts/dev.py test    set up, run the tests (extra arguments go to pytest)

Set-up is a virtualenv in .venv with the locked requirements, reinstalled only when a lock file
changes, and on Debian (as root) the two system packages the termination certificate's PDF
needs when they are missing (Pango, a CJK font). Everything else comes from the environment,
with embedded defaults: SQLite, the filesystem broker and mail files, all under var/.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*args, env=None) -> None:
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def setup(lock: str) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating the virtualenv in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    lock_file = ROOT / "requirements" / lock
    stamp = VENV / f".installed-{lock}"
    digest = hashlib.sha256(lock_file.read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"Installing requirements/{lock} ...", flush=True)
        run(
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            lock_file,
        )
        stamp.write_text(digest)


# What the termination certificate needs of the system (WeasyPrint draws with Pango, and the
# Chinese text needs a CJK font): Debian's packages, installed when missing and possible.
SYSTEM_PACKAGES = {
    "libpango-1.0-0": lambda: _has_library("pango-1.0") and _has_library("pangoft2-1.0"),
    "fonts-wqy-zenhei": lambda: _has_cjk_font(),
}


def _has_library(name: str) -> bool:
    import ctypes.util

    return ctypes.util.find_library(name) is not None


def _has_cjk_font() -> bool:
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        )
    except OSError:
        return False
    return bool(found.stdout.strip())


def system_packages() -> None:
    missing = [name for name, present in SYSTEM_PACKAGES.items() if not present()]
    if not missing:
        return
    if os.name != "posix" or os.geteuid() != 0 or not Path("/usr/bin/apt-get").exists():
        print(
            f"Missing {', '.join(missing)} (Debian names): termination certificates need them; "
            "install them with your system's package manager.",
            flush=True,
        )
        return
    print(f"Installing {', '.join(missing)} (apt-get) ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL}
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt, **quiet)
    packages = [*missing, *(["libpangoft2-1.0-0"] if "libpango-1.0-0" in missing else [])]
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=apt, **quiet)


def start(args) -> int:
    setup("base.txt")
    system_packages()
    # A local http run: DEBUG on, so no TLS redirect and a development key kept in var/.
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    env.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")  # the links in mails
    manage = [PYTHON, "manage.py"]
    run(*manage, "migrate", "--no-input", env=env)
    demo = subprocess.run(
        [*map(str, manage), "seed_demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    address = f"127.0.0.1:{args.port}"
    processes = {
        "web": [*manage, "runserver", address, "--noreload"],
        "worker": [BIN / "celery", "-A", "hrsocsec", "worker", "-l", "INFO", "-c", "2"],
        "beat": [BIN / "celery", "-A", "hrsocsec", "beat", "-l", "INFO"],
    }
    children = {
        name: subprocess.Popen([str(a) for a in cmd], cwd=ROOT, env=env)
        for name, cmd in processes.items()
    }
    print(
        f"\nhrsocsec is running (web, worker, beat). Stop with Ctrl-C.\n"
        f"  Admin:  http://{address}/admin/\n  API:    http://{address}/api/\n"
        f"  Mail:   {ROOT / 'var' / 'mail'}\n{demo}",
        flush=True,
    )
    return supervise(children)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def supervise(children: dict[str, subprocess.Popen]) -> int:
    """Run until Ctrl-C, SIGTERM or SIGHUP, or until one process dies; then stop them all."""
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _interrupt)
    status = 0
    try:
        while status == 0:
            for name, child in children.items():
                if child.poll() is not None:
                    print(f"{name} exited with {child.returncode}; stopping.", flush=True)
                    status = child.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
    return status


def test(args) -> int:
    setup("test.txt")
    system_packages()
    return subprocess.run([str(PYTHON), "-m", "pytest", *args.pytest_args], cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start_parser = sub.add_parser("start", help="set up and run web, worker and beat")
    start_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    sub.add_parser("test", help="set up and run the tests; other arguments go to pytest")
    args, rest = parser.parse_known_args()
    if rest and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.pytest_args = rest
    return {"start": start, "test": test}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
