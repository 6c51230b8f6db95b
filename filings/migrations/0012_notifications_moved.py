"""The ledger now lives in notifications/ (its 0001): state only, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("filings", "0011_contributions_moved"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="notification",
                    name="employee",
                ),
                migrations.RemoveField(
                    model_name="notification",
                    name="employer",
                ),
                migrations.RemoveField(
                    model_name="reminderstage",
                    name="notification",
                ),
                migrations.RemoveField(
                    model_name="reminderstage",
                    name="employer",
                ),
                migrations.DeleteModel(
                    name="Notification",
                ),
                migrations.DeleteModel(
                    name="ReminderStage",
                ),
            ],
            database_operations=[],
        ),
    ]
