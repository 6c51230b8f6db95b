"""The ledger moves here from filings, tables and all as they were: only Django's state changes
(SeparateDatabaseAndState), no row is copied; the content types follow. The one change to the
database: the kind check admits "filings_moved" (HR's notice of filings that moved, which was
filings' HRNotice)."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["notification", "reminderstage"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label="notifications").values_list("model", flat=True)
    )
    ContentType.objects.filter(app_label="filings", model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label="notifications")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("employees", "0008_contract_end_index"),
        ("filings", "0011_contributions_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("hr_digest", "HR reminders of the day"),
                                    ("filings_moved", "filings that moved (to HR)"),
                                    ("payment_notice", "monthly payment notice (SI Law art. 60)"),
                                    ("separation_notice", "separation notice"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("subject_key", models.CharField(max_length=40)),
                        ("period", models.CharField(blank=True, max_length=20)),
                        ("language", models.CharField(max_length=7)),
                        ("payload", models.JSONField(blank=True, default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "pending"),
                                    ("sending", "sending"),
                                    ("sent", "sent"),
                                    ("failed", "failed"),
                                    ("stale", "not sent: no longer due"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "last_error",
                            models.CharField(blank=True, max_length=500, verbose_name="last error"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "employee",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="employees.employee",
                            ),
                        ),
                        (
                            "employer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="employees.employer",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "filings_notification",
                        "ordering": ["-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ReminderStage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("item", models.CharField(max_length=40)),
                        ("stage", models.CharField(max_length=20)),
                        (
                            "employer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="employees.employer",
                            ),
                        ),
                        (
                            "notification",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="stages",
                                to="notifications.notification",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "filings_reminderstage",
                    },
                ),
                migrations.AddIndex(
                    model_name="notification",
                    index=models.Index(
                        condition=models.Q(("status__in", ["pending", "sending"])),
                        fields=["created_at"],
                        name="notification_unsent_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="notification",
                    index=models.Index(
                        fields=["employer", "-id"], name="notification_employer_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.UniqueConstraint(
                        fields=("kind", "recipient", "subject_key", "period"),
                        name="notification_once",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "sending", "sent", "failed", "stale"])
                        ),
                        name="notification_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "hr_digest",
                                    "filings_moved",
                                    "payment_notice",
                                    "separation_notice",
                                ],
                            )
                        ),
                        name="notification_kind_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="reminderstage",
                    constraint=models.UniqueConstraint(
                        fields=("item", "stage"), name="reminder_stage_once"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RemoveConstraint(
                    model_name="notification", name="notification_kind_valid"
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "hr_digest",
                                    "filings_moved",
                                    "payment_notice",
                                    "separation_notice",
                                ],
                            )
                        ),
                        name="notification_kind_valid",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
