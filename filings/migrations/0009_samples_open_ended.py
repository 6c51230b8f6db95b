from django.db import migrations


def open_samples(apps, schema_editor):
    """The shipped samples apply until the operator ends them (a period with no rule would
    leave the monthly notices with no figures); only untouched samples are changed."""
    Rule = apps.get_model("filings", "ContributionRule")
    Rule.objects.filter(is_sample=True, employer=None, valid_until="2026-06-01").update(
        valid_until=None
    )


class Migration(migrations.Migration):
    dependencies = [("filings", "0008_waiting_index")]
    operations = [migrations.RunPython(open_samples, migrations.RunPython.noop)]
