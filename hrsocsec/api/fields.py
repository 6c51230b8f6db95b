"""Serializer fields and path patterns shared by every API."""

from django.utils import timezone
from rest_framework import serializers

ID_IN_PATH = r"[0-9]{1,18}"  # fits a bigint; anything else is a 404 before the database
BIGINT_MAX = 2**63 - 1


class LocalDateTimeField(serializers.DateTimeField):
    """A read-only timestamp in the installation's time zone, as DRF writes it (ISO 8601,
    +08:00), without DRF's per-value time zone lookup: a fifth of a 100-row page's
    serialisation (bench.api). The installation never activates another time zone."""

    context_free = True  # reads no request: a list's plan may be kept (hrsocsec.api.rows)

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


class IdField(serializers.PrimaryKeyRelatedField):
    """A related row's id: a whole number (or its digits as text), never a float, a boolean or
    a string Django would coerce (1.5 would be taken as 1, true as 1)."""

    def to_internal_value(self, data):
        whole = isinstance(data, int) and not isinstance(data, bool)
        digits = isinstance(data, str) and data.isascii() and data.isdigit()
        if not (whole or digits) or not 0 < int(data) <= BIGINT_MAX:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)
