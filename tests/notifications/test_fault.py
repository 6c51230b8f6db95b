"""The fault test (marker ``fault``; CI runs it apart, after the suite): 1,000 notices through
real worker and beat processes on Redis and PostgreSQL while the worker is killed with
SIGKILL, two beats tick at once and Redis restarts. Afterwards every notice was delivered and
none twice, but for the one documented window: a worker lost after the SMTP server accepted
messages of its batch and before the batch's outcomes were recorded sends those again, with the
same Message-ID, once the claim expires (at most one claim batch per lost worker process)."""

import collections
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import connection

from contributions.models import ContributionLine, ContributionRule, MonthlyStatement
from law.money import LineRule, month_contributions
from notifications.models import Notification
from tests.conftest import needs
from tests.factories import EmployeeFactory, EmployerFactory, make_id_number

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
COUNT = 1000
CONCURRENCY = 2
BATCH = 20  # ledger rows per send task: the most a lost worker process can send twice
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def owed_notices(count: int) -> list[int]:
    """Employees with statements for October and a payment notice each, pending."""
    employer = EmployerFactory(hr_emails=[])
    rule = ContributionRule.objects.create(
        region_id=employer.region_id, valid_from=datetime.date(2026, 1, 1), source="fault test"
    )
    line = {"employer_rate": Decimal("0.16"), "employee_rate": Decimal("0.08")}
    bounds = {"base_floor": Decimal("1000"), "base_ceiling": Decimal("50000")}
    ContributionLine.objects.create(rule=rule, line="pension", **line, **bounds)
    amounts = month_contributions(Decimal("12000"), [LineRule("pension", **line, **bounds)])
    people = [
        EmployeeFactory(
            employer=employer,
            language="en",
            # 500 numbers a birth date: spread the births so each number is new.
            id_number=make_id_number(datetime.date(1980, 1, 1) + datetime.timedelta(days=n)),
        )
        for n in range(count)
    ]
    for n, person in enumerate(people):
        person.email = f"p{n}@example.com"
    type(people[0]).objects.bulk_update(people, ["email"])
    month = datetime.date(2026, 10, 1)
    statements = MonthlyStatement.objects.bulk_create(
        MonthlyStatement(
            employee=person,
            employer=employer,
            month=month,
            rule=rule,
            wage=Decimal("12000"),
            lines=[{k: str(v) for k, v in vars(a).items()} for a in amounts.lines],
            employee_total=amounts.employee_total,
            employer_total=amounts.employer_total,
        )
        for person in people
    )
    rows = Notification.objects.bulk_create(
        Notification(
            kind="payment_notice",
            recipient=person.email,
            subject_key=f"employee:{person.id}",
            period="2026-10",
            employer=employer,
            employee=person,
            language="en",
            payload={"statement_id": statement.id},
        )
        for person, statement in zip(people, statements, strict=True)
    )
    return [row.id for row in rows]


def sent() -> int:
    return Notification.objects.filter(status="sent").count()


def wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; sent {sent()} of {COUNT}")


def test_nothing_lost_nothing_doubled_through_kills_two_beats_and_a_redis_restart(
    smtp_server, tmp_path
):
    broker = django_settings.CELERY_BROKER_URL
    needs("Redis", broker.startswith("redis://"), "set CELERY_BROKER_URL=redis://...")
    needs("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://...")
    ids = owed_notices(COUNT)
    db = connection.settings_dict
    queue = f"fault-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{django_settings.EMAIL_PORT}",
        "NOTIFICATION_REENQUEUE_SECONDS": "15",
        "NOTIFICATION_CLAIM_SECONDS": "10",
        "NOTIFICATIONS_SWEEP_SECONDS": "3",
        "PAYMENT_NOTICE_DAY": "31",
        "NOTIFICATION_SEND_BATCH": str(BATCH),
    }
    celery = [sys.executable, "-m", "celery", "-A", "hrsocsec"]
    processes = []

    def start(*args, log):
        process = subprocess.Popen(
            [*celery, *args],
            env=env,
            stdout=(tmp_path / log).open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the children
        )
        processes.append(process)
        return process

    def worker(name):
        return start(
            "worker", "-Q", queue, "-c", str(CONCURRENCY), "-n", f"{name}@%h", "-l", "WARNING",
            "--without-mingle", "--without-gossip", log=f"{name}.log",
        )  # fmt: skip

    try:
        for n in (1, 2):  # two beats at once: the ledger's keys keep them from doubling
            start("beat", "-s", str(tmp_path / f"beat{n}"), "-l", "WARNING", log=f"beat{n}.log")
        from notifications.tasks import notification_send_task

        send = notification_send_task.s().set(queue=queue)
        for offset in range(0, len(ids), BATCH):
            send.clone(args=(ids[offset : offset + BATCH],)).apply_async()
        first = worker("first")
        wait(lambda: sent() >= 150, 120, "the first sends")
        os.killpg(first.pid, signal.SIGKILL)  # mid-run, with messages in flight
        killed_at = sent()
        live = [worker("second")]
        wait(lambda: sent() >= killed_at + 250, 120, "sends after the kill")
        subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
        time.sleep(1)
        subprocess.run(REDIS_START, check=True)  # what was queued is gone with it
        restarted_at = sent()

        def all_sent() -> bool:
            # kombu 5.7 can die (AttributeError in _connparams) when Redis goes away while a
            # worker is still connecting; a supervisor (systemd, the start command) starts it
            # again, and so does this test: what is measured is that nothing is lost or doubled.
            if live[-1].poll() is not None:
                live.append(worker(f"restarted{len(live)}"))
            return sent() == COUNT

        wait(all_sent, 240, "every notice")
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    from notifications.envelope import message_id

    deliveries = collections.Counter(m["X-Envelope-To"] for m in smtp_server.messages)
    # Every copy carries its row's own Message-ID, a copy sent again the same as the first.
    rows = Notification.objects.in_bulk(ids)
    expected = {row.recipient: message_id(row.id, row.created_at) for row in rows.values()}
    identifiers = collections.defaultdict(set)
    for message in smtp_server.messages:
        identifiers[message["X-Envelope-To"]].add(message["Message-ID"])
    assert {to: {expected[to]} for to in expected} == dict(identifiers)
    doubled = {to: n for to, n in deliveries.items() if n > 1}
    statuses = collections.Counter(Notification.objects.values_list("status", flat=True))
    print(
        f"\nfault test: {COUNT} owed; {len(deliveries)} recipients reached, "
        f"{sum(deliveries.values())} messages; doubled {len(doubled)}; "
        f"killed the worker at {killed_at} sent, restarted Redis at {restarted_at}; "
        f"workers started again after dying: {len(live) - 1}; "
        f"ledger {dict(statuses)}"
    )
    assert statuses == {"sent": COUNT}
    assert len(deliveries) == COUNT  # nothing lost
    # The documented window: at most the batch each killed worker process held unrecorded.
    assert len(doubled) <= CONCURRENCY * BATCH, doubled
