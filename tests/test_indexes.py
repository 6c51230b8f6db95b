"""No table of ours keeps an index that another already covers: a plain index whose columns are
the first columns of another plain index on the same table costs every write and serves no read
the other does not (Django's own index on a foreign key, beside a named index led by it)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
OURS = ("employees", "filings", "contributions", "notifications", "api")
COVERED = """
WITH ix AS (
  SELECT t.relname AS tbl, i.relname AS idx, ix.indkey::text AS cols, ix.indclass::text AS ops,
         ix.indisunique AS uniq, ix.indpred IS NULL AND ix.indexprs IS NULL AS plain
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
   WHERE t.relname = ANY(%s)
)
SELECT a.idx, b.idx FROM ix a JOIN ix b ON a.tbl = b.tbl AND a.idx <> b.idx
 WHERE a.plain AND b.plain AND NOT a.uniq
   AND (b.cols = a.cols OR b.cols LIKE a.cols || ' %%')
   AND (b.ops = a.ops OR b.ops LIKE a.ops || ' %%')
 ORDER BY 1
"""


def test_no_index_of_ours_is_covered_by_another():
    tables = [
        model._meta.db_table for label in OURS for model in apps.get_app_config(label).get_models()
    ]
    with connection.cursor() as cursor:
        cursor.execute(COVERED, [tables])
        assert cursor.fetchall() == []
