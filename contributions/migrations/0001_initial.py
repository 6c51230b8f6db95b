"""The contribution models move here from filings, tables and all as they were: only Django's
state changes (SeparateDatabaseAndState), no row is copied. The content types follow, so
permissions and the admin's history keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["contributionrule", "contributionline", "monthlystatement"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label="contributions").values_list("model", flat=True)
    )
    ContentType.objects.filter(app_label="filings", model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label="contributions")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("employees", "0008_contract_end_index"),
        ("filings", "0010_batch_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContributionRule",
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
                        ("valid_from", models.DateField(verbose_name="valid from (first month)")),
                        (
                            "valid_until",
                            models.DateField(
                                blank=True, null=True, verbose_name="valid until (last month)"
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                max_length=300, verbose_name="public notice it was taken from"
                            ),
                        ),
                        (
                            "is_sample",
                            models.BooleanField(
                                default=False,
                                help_text="Shipped as an example: replace it.",
                                verbose_name="sample",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "employer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="employees.employer",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="employees.region",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "filings_contributionrule",
                        "ordering": ["region", "-valid_from"],
                    },
                ),
                migrations.CreateModel(
                    name="ContributionLine",
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
                            "line",
                            models.CharField(
                                choices=[
                                    ("pension", "pension"),
                                    ("medical", "medical"),
                                    ("unemployment", "unemployment"),
                                    ("work_injury", "work injury"),
                                    ("maternity", "maternity"),
                                    ("housing_fund", "housing fund"),
                                ],
                                max_length=20,
                                verbose_name="insurance",
                            ),
                        ),
                        (
                            "employer_rate",
                            models.DecimalField(
                                decimal_places=5, max_digits=6, verbose_name="employer rate"
                            ),
                        ),
                        (
                            "employee_rate",
                            models.DecimalField(
                                decimal_places=5, max_digits=6, verbose_name="employee rate"
                            ),
                        ),
                        (
                            "employer_fixed",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=12,
                                verbose_name="employer fixed amount",
                            ),
                        ),
                        (
                            "employee_fixed",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=12,
                                verbose_name="employee fixed amount",
                            ),
                        ),
                        (
                            "base_floor",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="base floor"
                            ),
                        ),
                        (
                            "base_ceiling",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="base ceiling"
                            ),
                        ),
                        (
                            "rule",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines",
                                to="contributions.contributionrule",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "filings_contributionline",
                        "ordering": ["rule", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="MonthlyStatement",
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
                        ("month", models.DateField(verbose_name="month")),
                        (
                            "wage",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="monthly wage"
                            ),
                        ),
                        ("lines", models.JSONField()),
                        (
                            "employee_total",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="employee total"
                            ),
                        ),
                        (
                            "employer_total",
                            models.DecimalField(
                                decimal_places=2, max_digits=12, verbose_name="employer total"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "employee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="statements",
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
                        (
                            "rule",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contributions.contributionrule",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "filings_monthlystatement",
                        "ordering": ["-month", "employee"],
                    },
                ),
                migrations.AddIndex(
                    model_name="contributionrule",
                    index=models.Index(
                        fields=["region", "employer", "-valid_from"],
                        name="contribution_rule_lookup_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionrule",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__isnull", True),
                            ("valid_until__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="contribution_rule_period_in_order",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionline",
                    constraint=models.UniqueConstraint(
                        fields=("rule", "line"), name="contribution_line_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "line__in",
                                [
                                    "pension",
                                    "medical",
                                    "unemployment",
                                    "work_injury",
                                    "maternity",
                                    "housing_fund",
                                ],
                            )
                        ),
                        name="contribution_line_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("employer_rate__gte", 0),
                            ("employer_rate__lt", 1),
                            ("employee_rate__gte", 0),
                            ("employee_rate__lt", 1),
                        ),
                        name="contribution_line_rates_in_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("employee_fixed__gte", 0), ("employer_fixed__gte", 0)),
                        name="contribution_line_fixed_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contributionline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("base_ceiling__gte", models.F("base_floor")), ("base_floor__gte", 0)
                        ),
                        name="contribution_line_floor_below_ceiling",
                    ),
                ),
                migrations.AddIndex(
                    model_name="monthlystatement",
                    index=models.Index(
                        fields=["employer", "month"], name="statement_employer_month_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="monthlystatement",
                    constraint=models.UniqueConstraint(
                        fields=("employee", "month"), name="statement_one_per_employee_month"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
