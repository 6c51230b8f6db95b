"""A hot list's SQL compiled once per shape, then run with each call's own values.

Building and compiling a queryset costs Django 0.6 to 1 ms a call here (filters cloned, joins
resolved, the columns and the order written out): more than PostgreSQL takes to answer a first
page from an index (bench.employees, figures C and D). A list whose queryset has one shape
whatever its values (a scope, a day) always compiles to the same SQL; only the parameters
change. So it is compiled once, from the queryset itself, twice, with two sets of stand-in
values: the two texts must be the same, and each parameter that differs between them must be
exactly one of the stand-ins (a constant, such as a state, is the same in both). A call puts its
own values in those places and makes the model objects as Django's ModelIterable does.

Whatever the check cannot vouch for runs as the plain queryset, as before: a shape that selects
nothing (``none()``), a value the database adapter rewrites (SQLite's dates are sent as text),
a value of another type than its stand-in (a datetime for a date, None), a column with a
converter, annotations, related rows, prefetches.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable


@dataclass(frozen=True)
class Compiled:
    alias: str
    sql: str
    params: tuple  # the first stand-ins' parameters: the constants in their places
    slots: tuple[tuple[int, int], ...]  # (parameter index, value index)
    model: type[Model]
    attnames: tuple[str, ...]

    def run(self, values: tuple) -> list[Model]:
        params = list(self.params)
        for at, index in self.slots:
            params[at] = values[index]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return [self.model.from_db(self.alias, self.attnames, row) for row in rows]


class CompiledList:
    """``CompiledList(build, stand_ins)(shape, *values)`` is ``list(build(shape, *values))``.

    ``build`` must give querysets of one shape for one ``shape`` (say, a kind of scope), whatever
    the values; ``stand_ins`` are two tuples of values, differing in every place and typed as the
    real ones."""

    def __init__(self, build: Callable[..., QuerySet], stand_ins: tuple[tuple, tuple]):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[Hashable, Compiled | None] = {}

    def __call__(self, shape: Hashable, *values) -> list[Model]:
        if shape not in self._compiled:  # a race compiles twice, to the same
            self._compiled[shape] = compile_list(self.build, shape, self.stand_ins)
        compiled = self._compiled[shape]
        if compiled is None or not self._typed_as_stand_ins(compiled, values):
            return list(self.build(shape, *values))
        return compiled.run(values)

    def _typed_as_stand_ins(self, compiled: Compiled, values: tuple) -> bool:
        stand_ins = self.stand_ins[0]
        return all(type(values[i]) is type(stand_ins[i]) for _, i in compiled.slots)


def compile_list(build: Callable[..., QuerySet], shape, stand_ins) -> Compiled | None:
    texts = []
    for values in stand_ins:
        queryset = build(shape, *values)
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        texts.append((sql, tuple(params)))
    (sql, first), (other_sql, second) = texts
    if sql != other_sql or len(first) != len(second) or not plain_rows(queryset, compiler):
        return None
    slots = []
    for at, (one, two) in enumerate(zip(first, second, strict=True)):
        if type(one) is type(two) and one == two:
            continue  # a constant
        found = [
            index
            for index, pair in enumerate(zip(*stand_ins, strict=True))
            if same(one, pair[0]) and same(two, pair[1])
        ]
        if len(found) != 1:
            return None  # a value rewritten on its way, or derived from several
        slots.append((at, found[0]))
    attnames = tuple(column.target.attname for column, _, _ in compiler.select)
    return Compiled(queryset.db, sql, first, tuple(slots), queryset.model, attnames)


def same(parameter, stand_in) -> bool:
    return type(parameter) is type(stand_in) and parameter == stand_in


def plain_rows(queryset: QuerySet, compiler) -> bool:
    """The rows are the model's own columns, each taken as the database returns it: what
    ModelIterable would do reduces to ``from_db`` for each row."""
    info = compiler.klass_info
    columns = [column for column, _, _ in compiler.select]
    return (
        queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
        and info is not None
        and info["model"] is queryset.model
        and not info.get("related_klass_infos")
        and list(info["select_fields"]) == list(range(len(columns)))
        and not compiler.annotation_col_map
        and not compiler.has_extra_select
        and all(hasattr(column, "target") for column in columns)
        and not compiler.get_converters(columns)
    )
