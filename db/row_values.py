"""Per-row values computed in SQL, for a page (db.pages `per_row`) and for a single read (`as_annotations`): counts
of a row's children. The SQL is written here from the models' metadata, so no table name is spelled elsewhere.

A count is a scalar subquery per parent row (an index on the child's (key, column) serves it): evaluated for the
rows a statement returns only, where an aggregate over a join would group every row of the workspace before a page
is cut. Its text is written on first use: a model's key columns are known once Tortoise is initialised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from tortoise.expressions import RawSQL
from tortoise.models import Model


@dataclass(frozen=True)
class Expression:
    """A per-row value as SQL text over the table's row (a test's own value, say)."""

    text: str

    def sql(self) -> str:
        return self.text


@dataclass(frozen=True)
class CountOf:
    """How many rows of `child` point at the `parent` row through the foreign key `key`, among those whose columns
    equal the given constants (e.g. status "done")."""

    parent: type[Model]
    child: type[Model]
    key: str
    equal: tuple[tuple[str, str], ...] = ()

    def sql(self) -> str:
        return _count_sql(self)


RowValue = Expression | CountOf


def count_of(parent: type[Model], child: type[Model], key: str, **equal: str) -> CountOf:
    if key not in child._meta.fk_fields or any(name not in child._meta.fields_map for name in equal):
        raise TypeError(f"{child.__name__} has no foreign key {key!r} or no column among {sorted(equal)}")
    return CountOf(parent, child, key, tuple(equal.items()))


def as_annotations(values: Iterable[tuple[str, RowValue]]) -> dict[str, RawSQL]:
    """The same per-row values for an ORM query's `.annotate(**…)` (a single read of the parent)."""
    return {name: RawSQL(value.sql()) for name, value in values}


@cache
def _count_sql(count: CountOf) -> str:
    child_meta, parent_meta = count.child._meta, count.parent._meta
    child_table, parent_table = _quote(child_meta.db_table), _quote(parent_meta.db_table)
    key_field = child_meta.fields_map[f"{count.key}_id"]  # the foreign key's own column (known after init)
    key_column = key_field.source_field or key_field.model_field_name
    parent_pk = parent_meta.pk.source_field or parent_meta.pk.model_field_name
    where = [f"{child_table}.{_quote(key_column)}={parent_table}.{_quote(parent_pk)}"]
    for name, value in count.equal:
        field = child_meta.fields_map[name]
        where.append(f"{child_table}.{_quote(field.source_field or name)}={_literal(value)}")
    return f"(SELECT COUNT(*) FROM {child_table} WHERE {' AND '.join(where)})"


def _quote(name: str) -> str:
    return f'"{name}"'


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
