"""A serializer's rows written as DRF writes them, without its per-row, per-field calls.

For each row and each field, DRF's Serializer.to_representation calls the field's
get_attribute() (a walk of its source with the error handling around it) and then its
to_representation(): for the employee list, 2,000 calls a page of 100 and half of the
request's time (bench.api). Here the fields are looked at once per page: each value is read with
a plain getattr, and written by the very expression DRF's method would evaluate, for the few
field classes whose method is that expression (CharField, IntegerField, ChoiceField, DateField
in ISO 8601, a primary key); every other field, or one whose class overrides the method, keeps
its own to_representation(). Null is written as null, as DRF writes it. A value that is
callable, or an attribute that is missing, goes through DRF's own get_attribute(), with its
defaults and skips. The dict is the same, key for key and in the same order
(tests/hrsocsec/api/test_rows.py).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import fields, relations, serializers
from rest_framework.settings import api_settings

Writer = Callable[..., dict]
_DRF = object()  # "this field's value the way DRF finds it"


def row_writer(serializer: serializers.Serializer, plan: list | None = None) -> Writer:
    """``write(instance, leave_out=())``: what ``serializer.to_representation(instance)`` returns,
    less the keys in ``leave_out``."""
    plan = row_plan(serializer) if plan is None else plan

    def write(instance, leave_out=()) -> dict:
        if isinstance(instance, Mapping):  # DRF reads keys then: its own way
            row = serializer.to_representation(instance)
            return {name: value for name, value in row.items() if name not in leave_out}
        row = {}
        for name, field, read, convert in plan:
            if name in leave_out:
                continue
            try:
                value = read(instance)
            except (AttributeError, KeyError, ObjectDoesNotExist):
                value = _DRF
            if value is _DRF or callable(value):
                with contextlib.suppress(fields.SkipField):  # DRF leaves the key out
                    row[name] = drf_field(field, instance)
            else:
                row[name] = None if value is None else convert(value)
        return row

    return write


def row_plan(serializer: serializers.Serializer) -> list[tuple]:
    return [(f.field_name, f, *reader_and_converter(f)) for f in serializer._readable_fields]


# Fields whose own to_representation reads neither the serializer nor its context; a field
# class of ours says so with ``context_free = True``.
CONTEXT_FREE = (fields.BigIntegerField, fields.DecimalField, fields.DateTimeField)
_plans: dict[type, list[tuple]] = {}


def kept_row_writer(serializer: serializers.Serializer) -> Writer:
    """row_writer() with the plan kept per serializer class, for a serializer whose fields are
    the same for every request: building a ModelSerializer's 20 fields costs about 0.5 ms, a
    tenth of a page (bench.api). Kept only when no field can read the first request's context:
    each is written by a converter here, or by a method known not to read it (CONTEXT_FREE)."""
    cls = type(serializer)
    if cls not in _plans:
        plan = row_plan(serializer)
        if not all(context_free(field, read, convert) for _, field, read, convert in plan):
            return row_writer(serializer, plan)
        _plans[cls] = plan
    return row_writer(serializer, _plans[cls])


def context_free(field: fields.Field, read, convert) -> bool:
    if read is drf_way:
        return False
    if convert == field.to_representation:  # the field's own method
        declared = type(field).__dict__.get("context_free", False)
        return declared or any(overrides_nothing(field, cls) for cls in CONTEXT_FREE)
    return True


def drf_field(field: fields.Field, instance):
    """One field's value written exactly as Serializer.to_representation writes it."""
    attribute = field.get_attribute(instance)
    check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
    return None if check is None else field.to_representation(attribute)


def reader_and_converter(field: fields.Field) -> tuple[Callable, Callable]:
    if isinstance(field, relations.RelatedField):
        return related(field)
    if field.source == "*" or len(field.source_attrs) != 1:
        return drf_way, field.to_representation
    [attribute] = field.source_attrs
    return (lambda instance: getattr(instance, attribute)), converter(field)


def related(field: relations.RelatedField) -> tuple[Callable, Callable]:
    """A primary key written as it is, read as DRF reads it (serializable_value: the id column,
    no query)."""
    simple = (
        field.use_pk_only_optimization()
        and len(field.source_attrs) == 1
        and field.pk_field is None
        and overrides_nothing(field, relations.PrimaryKeyRelatedField)
    )
    if not simple:
        return drf_way, field.to_representation
    [attribute] = field.source_attrs
    return (lambda instance: instance.serializable_value(attribute)), same


def converter(field: fields.Field) -> Callable[[Any], Any]:
    if overrides_nothing(field, fields.ChoiceField):
        choices = field.choice_strings_to_values
        return lambda value: value if value == "" else choices.get(str(value), value)
    if overrides_nothing(field, fields.CharField):
        return str
    if overrides_nothing(field, fields.IntegerField):
        return int
    if overrides_nothing(field, fields.DateField) and output_is_iso(field):
        return lambda value: (
            value.isoformat() if type(value) is datetime.date else field.to_representation(value)
        )
    return field.to_representation


def output_is_iso(field: fields.DateField) -> bool:
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    return output_format is not None and output_format.lower() == fields.ISO_8601


def overrides_nothing(field: fields.Field, cls: type) -> bool:
    """The field is one of cls's, and writes its values with cls's own to_representation."""
    return isinstance(field, cls) and type(field).to_representation is cls.to_representation


def drf_way(instance):
    return _DRF


def same(value):
    return value
