"""HRNotice is folded into the ledger (notifications 0002 copied its rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("filings", "0012_notifications_moved"),
        ("notifications", "0002_hr_notices_into_ledger"),
    ]
    operations = [migrations.DeleteModel(name="HRNotice")]
