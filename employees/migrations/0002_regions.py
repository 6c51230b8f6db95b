import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    """Ship every province-level and prefecture-level division, so nobody types them in.

    Existing rows keep their cut-off day: an upgrade never overwrites what a clerk set.
    """
    Region = apps.get_model("employees", "Region")
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    existing = set(Region.objects.values_list("code", flat=True))
    # Provinces first, so every parent exists when its children are inserted.
    rows.sort(key=lambda row: (row["parent"] is not None, row["code"]))
    Region.objects.bulk_create(
        Region(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            level=row["level"],
            parent_id=row["parent"],
        )
        for row in rows
        if row["code"] not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("employees", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
