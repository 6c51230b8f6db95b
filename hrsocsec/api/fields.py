"""Serializer fields and path patterns shared by every API."""

from django.utils import timezone
from rest_framework import serializers

ID_IN_PATH = r"[0-9]{1,18}"  # fits a bigint; anything else is a 404 before the database
BIGINT_MAX = 2**63 - 1


class LocalDateTimeField(serializers.DateTimeField):
    """A read-only timestamp in the installation's time zone, as DRF writes it (ISO 8601,
    +08:00), without DRF's per-value time zone lookup: a fifth of a 100-row page's
    serialisation (bench.api). The installation never activates another time zone."""

    def to_representation(self, value):
        if value is None:
            return None
        return value.astimezone(timezone.get_default_timezone()).isoformat()


class BlankRefusedChoiceField(serializers.ChoiceField):
    """A query's ``?ordering=`` (blank) is a wrong choice, refused with its field; DRF would
    quietly take the default instead."""

    def get_value(self, dictionary):
        if dictionary.get(self.field_name, None) == "":
            return ""
        return super().get_value(dictionary)
