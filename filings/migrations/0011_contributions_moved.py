"""The contribution models now live in contributions/ (its 0001): state only, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("filings", "0010_batch_note"),
        ("contributions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="contributionrule",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="contributionrule",
                    name="employer",
                ),
                migrations.RemoveField(
                    model_name="contributionrule",
                    name="region",
                ),
                migrations.RemoveField(
                    model_name="monthlystatement",
                    name="rule",
                ),
                migrations.RemoveField(
                    model_name="monthlystatement",
                    name="employee",
                ),
                migrations.RemoveField(
                    model_name="monthlystatement",
                    name="employer",
                ),
                migrations.DeleteModel(
                    name="ContributionLine",
                ),
                migrations.DeleteModel(
                    name="ContributionRule",
                ),
                migrations.DeleteModel(
                    name="MonthlyStatement",
                ),
            ],
            database_operations=[],
        ),
    ]
