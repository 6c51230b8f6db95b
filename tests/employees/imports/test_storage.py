import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from employees.imports.storage import IMPORT_FOLDER
from employees.tasks import employee_imports_purge_task


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_uploads_past_the_confirmation_window_are_purged(media):
    default_storage.save(f"{IMPORT_FOLDER}/old", ContentFile(b"x"))
    default_storage.save(f"{IMPORT_FOLDER}/new", ContentFile(b"x"))
    two_hours_ago = (timezone.now() - datetime.timedelta(hours=2)).timestamp()

    os.utime(media / IMPORT_FOLDER / "old", (two_hours_ago, two_hours_ago))
    assert employee_imports_purge_task() == 1
    assert sorted(p.name for p in (media / IMPORT_FOLDER).iterdir()) == ["new"]
    assert employee_imports_purge_task() == 0


def test_nothing_to_purge_before_the_first_import(media):
    assert employee_imports_purge_task() == 0
