from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DatabaseConfig(AppConfig):
    """The connections' own set-up, not an app with models: hooked on each new connection."""

    name = "hrsocsec.db"
    label = "hrsocsec_db"

    def ready(self):
        from hrsocsec.db import timestamptz

        connection_created.connect(
            timestamptz.on_connection_created, dispatch_uid="hrsocsec.db.timestamptz"
        )
