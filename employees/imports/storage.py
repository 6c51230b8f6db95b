"""Where an uploaded import waits between its preview and its confirmation."""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

IMPORT_FOLDER = "employee-imports"
CONFIRM_WITHIN = datetime.timedelta(hours=1)


def imports_purge(now: datetime.datetime | None = None) -> int:
    """Remove uploads older than the confirmation allows; returns how many went."""
    now = now or timezone.now()
    try:
        _folders, names = default_storage.listdir(IMPORT_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{IMPORT_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < now - CONFIRM_WITHIN:
            default_storage.delete(path)
            removed += 1
    return removed
