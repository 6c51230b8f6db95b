"""Where a sweep's time goes: its parts timed from outside, the application left unchanged.

notifications.sweep calls its parts (and statements_compute) through its module's globals, so they
can be wrapped there for the duration of one timed call; a wrapper costs a few microseconds a
call, and there are a few hundred calls.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

SWEEP_PARTS = ("hr_digests", "payment_notices", "separation_notices", "to_send")
STATEMENTS = "statements_compute"


@dataclass
class Split:
    seconds: Counter = field(default_factory=Counter)
    calls: Counter = field(default_factory=Counter)
    # statements_compute's own counts, summed over its calls: insured, computed, no_rule.
    statements: Counter = field(default_factory=Counter)

    def line(self, names=SWEEP_PARTS) -> str:
        return ", ".join(f"{name} {self.seconds[name]:.2f} s" for name in names)


@contextmanager
def timed_parts(module, names, split: Split):
    """Wrap module.<name> for each name; put the originals back afterwards."""
    originals = {name: getattr(module, name) for name in names}

    def wrap(name, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = fn(*args, **kwargs)
            finally:
                split.seconds[name] += time.perf_counter() - start
                split.calls[name] += 1
            if name == STATEMENTS:
                split.statements.update(result)
                # Chunks of insured employees apart from chunks where nobody is insured.
                made = "made" if result["computed"] else "none"
                split.seconds[f"{name}:{made}"] += time.perf_counter() - start
                split.calls[f"{name}:{made}"] += 1
            return result

        return timed

    for name, fn in originals.items():
        setattr(module, name, wrap(name, fn))
    try:
        yield split
    finally:
        for name, fn in originals.items():
            setattr(module, name, fn)


@contextmanager
def sweep_split():
    from notifications import sweep

    with timed_parts(sweep, (*SWEEP_PARTS, STATEMENTS), Split()) as split:
        yield split
