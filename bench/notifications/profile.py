"""Where a send's time goes, without Celery: --profile N payment notices of figure B put back to
pending and sent again by notifications.delivery.notification_send in this process, to the same
sink; the first half timed by part (claim, render, SMTP send, record), the second half under
cProfile. The ledger is emptied at the end of the run, so the rows sent twice are forgotten."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from contextlib import ExitStack

from bench.notifications.phases import Split, timed_parts
from bench.notifications.sink import Sink

TOP = 25


def take_back(raw, period: str, count: int) -> list[int]:
    ids = [
        notification_id
        for (notification_id,) in raw.execute(
            "SELECT id FROM filings_notification WHERE kind = 'payment_notice' AND period = %s "
            "ORDER BY id LIMIT %s",
            [period, count],
        )
    ]
    raw.execute(
        "UPDATE filings_notification SET status = 'pending', claimed_at = NULL, sent_at = NULL, "
        "attempts = 0 WHERE id = ANY(%s)",
        [ids],
    )
    return ids


def point_at(sink: Sink) -> None:
    """This process's mail settings as the workers' (EMAIL_URL=smtp://127.0.0.1:port)."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def batches(ids: list[int]) -> list[list[int]]:
    from django.conf import settings

    size = settings.NOTIFICATION_SEND_BATCH
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def timed_sends(ids: list[int]) -> Split:
    from notifications import delivery, mail

    split = Split()
    with ExitStack() as stack:
        stack.enter_context(timed_parts(delivery, ["_claim", "_record"], split))
        stack.enter_context(timed_parts(mail, ["preload", "render"], split))
        stack.enter_context(timed_parts(delivery._Connection, ["send"], split))
        start = time.perf_counter()
        for batch in batches(ids):
            delivery.notifications_send(batch, final_attempt=True)
        split.seconds["total"] = time.perf_counter() - start
    return split


def profiled_sends(ids: list[int]) -> str:
    from notifications import delivery

    profiler = cProfile.Profile()
    profiler.enable()
    for batch in batches(ids):
        delivery.notifications_send(batch, final_attempt=True)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(TOP)
    return out.getvalue()


def run(raw, args, sink: Sink) -> None:
    print(f"profile: {args.profile:,} payment notices sent again by notifications_send, here")
    point_at(sink)
    ids = take_back(raw, args.month.strftime("%Y-%m"), args.profile)
    before = sink.messages()
    half = len(ids) // 2
    split = timed_sends(ids[:half])
    per = {name: 1000 * split.seconds[name] / max(half, 1) for name in split.seconds}
    others = per["total"] - sum(per[n] for n in ("_claim", "preload", "render", "send", "_record"))
    print(
        f"  per message over {half:,}: {per['total']:.2f} ms = claim {per['_claim']:.2f} + "
        f"preload {per['preload']:.2f} + render "
        f"{per['render']:.2f} + message and SMTP {per['send']:.2f} + record "
        f"{per['_record']:.2f} + the rest {others:.2f}; {1000 / per['total']:,.0f}/s"
    )
    print(profiled_sends(ids[half:]))
    print(f"  the sink received {sink.settled() - before:,} of {len(ids):,}")
