from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's own state: the idempotency keys."""

    name = "hrsocsec.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
