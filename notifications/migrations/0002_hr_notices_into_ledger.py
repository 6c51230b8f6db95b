"""filings' HRNotice rows (one per moved filing or batch, claimed by key) become ledger rows of
kind "filings_moved", one per HR contact, so the record of what HR was told is kept (SI Law
art. 74) before filings drops the table (its 0013). A notice that found no HR contact sent
nothing and has no recipient: it stays out of the ledger, as the ledger keeps none of those."""

from django.conf import settings
from django.db import migrations

STATUS = {"sent": "sent", "failed": "failed", "sending": "failed"}


def copy_notices(apps, schema_editor):
    HRNotice = apps.get_model("filings", "HRNotice")
    Employer = apps.get_model("employees", "Employer")
    Notification = apps.get_model("notifications", "Notification")
    emails = dict(Employer.objects.values_list("id", "hr_emails"))
    rows = []
    for notice in HRNotice.objects.filter(status__in=list(STATUS)).iterator():
        # The key was "filing-events:<first event id>:<how many events>".
        _prefix, first, count = [*notice.key.split(":"), "", ""][:3]
        payload = {
            "event_ids": [int(first)] if first.isdigit() else [],
            "count": int(count) if count.isdigit() else 1,
        }
        error = notice.error or ("interrupted" if notice.status == "sending" else "")
        for email in sorted(set(emails.get(notice.employer_id) or [])):
            rows.append(
                Notification(
                    kind="filings_moved",
                    recipient=email,
                    subject_key=f"filing-event:{first}"[:40],
                    period="",
                    employer_id=notice.employer_id,
                    language=settings.LANGUAGE_CODE,
                    payload=payload,
                    status=STATUS[notice.status],
                    attempts=1,
                    last_error=error[:500],
                    claimed_at=notice.created_at,
                    sent_at=notice.finished_at if notice.status == "sent" else None,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("filings", "0012_notifications_moved"),
        ("employees", "0008_contract_end_index"),
    ]
    operations = [migrations.RunPython(copy_notices, migrations.RunPython.noop)]
