"""The move into notifications keeps what HR was told: filings' HRNotice rows become ledger
rows (notifications 0002) before filings drops the table (filings 0013)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("filings", "0012_notifications_moved"), ("notifications", "0001_initial")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hr_notices_become_ledger_rows_one_per_hr_contact():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    employer = apps.get_model("employees", "Employer").objects.create(
        name="ACME",
        credit_code="91310115MA1K4DEM7X",
        region_id="310000",
        hr_emails=["b@example.com", "a@example.com"],
    )
    quiet = apps.get_model("employees", "Employer").objects.create(
        name="Quiet", credit_code="91310115MA1K4DEM8X", region_id="310000", hr_emails=[]
    )
    HRNotice = apps.get_model("filings", "HRNotice")
    HRNotice.objects.create(key="filing-events:41:3", employer=employer, status="sent")
    HRNotice.objects.create(
        key="filing-events:57:1", employer=employer, status="failed", error="SMTP 550"
    )
    HRNotice.objects.create(key="filing-events:60:1", employer=quiet, status="nobody")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    apps = executor.loader.project_state(latest).apps
    rows = apps.get_model("notifications", "Notification").objects.order_by(
        "subject_key", "recipient"
    )
    found = [(r.kind, r.recipient, r.subject_key, r.status, r.payload, r.last_error) for r in rows]
    assert found == [
        (
            "filings_moved",
            "a@example.com",
            "filing-event:41",
            "sent",
            {"event_ids": [41], "count": 3},
            "",
        ),
        (
            "filings_moved",
            "b@example.com",
            "filing-event:41",
            "sent",
            {"event_ids": [41], "count": 3},
            "",
        ),
        (
            "filings_moved",
            "a@example.com",
            "filing-event:57",
            "failed",
            {"event_ids": [57], "count": 1},
            "SMTP 550",
        ),
        (
            "filings_moved",
            "b@example.com",
            "filing-event:57",
            "failed",
            {"event_ids": [57], "count": 1},
            "SMTP 550",
        ),
    ]
    assert "filings_hrnotice" not in connection.introspection.table_names()
