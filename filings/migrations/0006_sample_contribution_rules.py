import json
from pathlib import Path

from django.db import migrations

# The samples moved with the contribution models to contributions/ (filings 0011).
DATA = (
    Path(__file__).resolve().parents[2]
    / "contributions"
    / "data"
    / "sample_contribution_rules.json"
)


def load_samples(apps, schema_editor):
    """Sample rules for Beijing and Shanghai, marked as samples with the notice they came from:
    the operator replaces them. A region that already has a rule for the period is left alone."""
    Rule = apps.get_model("filings", "ContributionRule")
    Line = apps.get_model("filings", "ContributionLine")
    for sample in json.loads(DATA.read_text(encoding="utf-8")):
        if Rule.objects.filter(region_id=sample["region"], employer=None).exists():
            continue
        rule = Rule.objects.create(
            region_id=sample["region"],
            valid_from=sample["valid_from"],
            valid_until=sample["valid_until"],
            source=sample["source"],
            is_sample=True,
        )
        Line.objects.bulk_create(Line(rule=rule, **line) for line in sample["lines"])


class Migration(migrations.Migration):
    dependencies = [("filings", "0005_contributions"), ("employees", "0002_regions")]
    operations = [migrations.RunPython(load_samples, migrations.RunPython.noop)]
