"""Where the machine's CPU went during figure B's sends, by process group, from /proc.

On 2 cores the workers share the machine with PostgreSQL, Redis, the sink and this process:
the split says which of them the time went to. A process that exited meanwhile is counted
through its parent (cutime: PostgreSQL's backends through the postmaster, a worker's pool
children through the worker).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
DISTURBED = 0.1  # of the busy CPU: more than this outside the run's processes is noted
PROC = Path("/proc")


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat from the field after the command name (which may hold spaces)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return text.rsplit(")", 1)[1].split()


def own_seconds(fields: list[str], children: bool = False) -> float:
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: children reaped
    return ticks / TICK


def all_pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def group_seconds(leaders: list[int]) -> float:
    """The process groups led by these pids (the workers, started in sessions of their own)."""
    total = 0.0
    for pid in all_pids():
        fields = stat_fields(pid)
        if fields and int(fields[2]) in leaders:  # pgrp
            total += own_seconds(fields, children=pid in leaders)
    return total


def named_seconds(name: str) -> float:
    """Every process of that command name; the oldest also with its reaped children."""
    found = []
    for pid in all_pids():
        try:
            if (PROC / str(pid) / "comm").read_text().strip() == name:
                found.append(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
    parents = {pid for pid in found if (stat_fields(pid) or [0, 0])[1] not in map(str, found)}
    return sum(own_seconds(stat_fields(pid), children=pid in parents) for pid in found)


def machine() -> tuple[float, float]:
    """(busy, total) core-seconds since boot, from /proc/stat."""
    values = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / TICK, sum(values) / TICK


class Meter:
    def __init__(self, groups: dict[str, Callable[[], float]]):
        self.groups = groups
        self.start = self.read()

    def read(self) -> dict[str, float]:
        found = {name: read() for name, read in self.groups.items()}
        found["busy"], found["total"] = machine()
        return found

    def line(self, messages: int) -> str:
        """CPU seconds by group since the start, and per message in ms."""
        end = self.read()
        used = {name: end[name] - self.start[name] for name in end}
        busy, total = used.pop("busy"), used.pop("total")
        used["other"] = busy - sum(used.values())
        per = 1000 / max(messages, 1)
        parts = ", ".join(
            f"{name} {seconds:.0f} s ({seconds * per:.1f} ms/msg)" for name, seconds in used.items()
        )
        line = (
            f"CPU: {parts}; the machine was busy {busy:.0f} of {total:.0f} core-seconds "
            f"({100 * busy / total:.0f} %)"
        )
        if used["other"] > DISTURBED * busy:
            line += " -- other processes took a share: the figures are disturbed"
        return line


def meter(worker_pids: list[int], sink_pid: int) -> Meter:
    return Meter(
        {
            "workers": lambda: group_seconds(worker_pids),
            "postgres": lambda: named_seconds("postgres"),
            "sink": lambda: own_seconds(stat_fields(sink_pid)),
            "redis": lambda: named_seconds("redis-server"),
            "this process": lambda: sum(os.times()[:2]),
        }
    )
