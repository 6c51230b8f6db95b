import time


def wait_for(condition, timeout=20.0):
    """Poll until condition() holds (a worker thread or process is doing the work)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
