"""Which fields of a query are *plain*, and how to read them without graphql-core's per-field ceremony.

A plain leaf is a Strawberry field without resolver, permission or extension, without arguments, of a scalar or
enum type: its value is an attribute read and a serialisation. A plain object is an object type (no `is_type_of`
check) whose selection, as collected for one execution, holds only plain leaves, `__typename` and plain objects
reached through plain fields: `edges { cursor node { id name } }` of a page. Reading one is building a dict.

Every read here either gives the value graphql-core would give or says MISS (a missing attribute, None for a
non-null field, a value the type does not serialise, an exception): the caller then runs graphql-core's own path,
which produces the usual result or error.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema_converter import GraphQLCoreConverter

MISS = object()  # "take graphql-core's path"


class Leaf(NamedTuple):
    attribute: str
    type: GraphQLLeafType
    nullable: bool
    exact: builtins.type | None  # the Python type whose values are this scalar's answer as they are (_EXACT)


# The built-in scalars' values that need no serialisation: a str for String and ID, an int (in range) for Int, a
# bool for Boolean. Any other value goes through the type's own serialisation, as in graphql-core.
_EXACT: dict[str, type] = {"String": str, "ID": str, "Int": int, "Boolean": bool}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def plain_attribute(field: GraphQLField | None) -> str | None:
    """The Python attribute a field reads, when graphql-core would only read it (no resolver, no arguments)."""
    if field is None or field.args:
        return None
    resolve = field.resolve
    # Strawberry resolves a field without resolver, permission or extension with this function (is_basic_field).
    if resolve is None or getattr(resolve, "__name__", None) != "_get_basic_result":
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.base_resolver is not None:
        return None
    if getattr(definition, "default_resolver", getattr) is not getattr:  # a schema-wide custom attribute reader
        return None
    return str(definition.python_name)


def leaf_plan(field: GraphQLField | None) -> Leaf | None:
    attribute = plain_attribute(field)
    if attribute is None or field is None:
        return None
    kind = field.type
    leaf = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if not is_leaf_type(leaf):
        return None
    return Leaf(attribute, leaf, not isinstance(kind, GraphQLNonNull), _EXACT.get(leaf.name))


def read_leaf(leaf: Leaf, source: Any) -> Any:
    try:
        value = getattr(source, leaf.attribute)
        kind_of = type(value)
        if kind_of is leaf.exact and (kind_of is not int or _INT_MIN <= value <= _INT_MAX):
            return value
        if value is None:
            return None if leaf.nullable else MISS
        coerced = leaf.type.coerce_output_value(value)
    except Exception:  # graphql-core's path turns it into the field's error
        return MISS
    return MISS if coerced is None or coerced is Undefined else coerced


class _Miss(Exception):
    pass


Reader = Callable[[Any], Any]  # source -> the field's answer; raises _Miss


def object_type_of(kind: GraphQLOutputType) -> tuple[GraphQLObjectType, bool] | None:
    """(the object type, nullable) when `kind` is an object type, possibly non-null, that no check guards."""
    nullable = not isinstance(kind, GraphQLNonNull)
    inner = kind if nullable else kind.of_type  # type: ignore[union-attr]
    if not isinstance(inner, GraphQLObjectType) or inner.is_type_of is not None:
        return None
    return inner, nullable


def object_reader(grouped_fields: list[tuple[str, Reader]]) -> Reader:
    """Reads one object of a plain selection into its answer, keys in the query's order."""

    def read(source: Any) -> dict[str, Any]:
        return {name: reader(source) for name, reader in grouped_fields}

    return read


def leaf_reader(leaf: Leaf) -> Reader:
    """A leaf's read inside a plain object (read_leaf, raising instead of answering MISS)."""

    def read(source: Any) -> Any:
        value = read_leaf(leaf, source)
        if value is MISS:
            raise _Miss
        return value

    return read


def constant_reader(value: str) -> Reader:
    return lambda _source: value


def nested_reader(attribute: str, nullable: bool, inner: Reader) -> Reader:
    def read(source: Any) -> Any:
        try:
            value = getattr(source, attribute)
        except Exception:
            raise _Miss from None
        if value is None:
            if nullable:
                return None
            raise _Miss
        return inner(value)

    return read


def read_all(reader: Reader, items: list[Any] | tuple[Any, ...], nullable_items: bool) -> list[Any] | None:
    """Every item of a list through `reader`, or None when any item misses."""
    try:
        if nullable_items:
            return [None if item is None else reader(item) for item in items]
        if any(item is None for item in items):  # graphql-core's error for a null in a list of non-nulls
            return None
        return [reader(item) for item in items]
    except Exception:  # a miss, a property that fails: graphql-core's path reports it
        return None


Collect = Callable[[GraphQLObjectType, Any], Any]  # graphql-core's collect_subfields of the execution


def plan_object(object_type: GraphQLObjectType, field_details_list: Any, collect: Collect) -> Reader | None:
    """A reader for objects of `object_type` under these field nodes, or None when the selection is not plain.
    `collect` gives the selection as graphql-core collects it for this execution (@skip/@include applied)."""
    if any(
        directive.name.value == "stream"
        for details in field_details_list
        for directive in details.node.directives or ()
    ):
        return None
    grouped_field_set, new_defer_usages, _forbidden = collect(object_type, field_details_list)
    if new_defer_usages:
        return None
    readers: list[tuple[str, Reader]] = []
    for response_name, details in grouped_field_set.items():
        name = details[0].node.name.value
        if name == "__typename":
            readers.append((response_name, constant_reader(object_type.name)))
            continue
        field = object_type.fields.get(name)
        leaf = leaf_plan(field)
        if leaf is not None:
            readers.append((response_name, leaf_reader(leaf)))
            continue
        attribute = plain_attribute(field)
        nested = object_type_of(field.type) if attribute is not None and field is not None else None
        if attribute is None or nested is None:
            return None
        inner = plan_object(nested[0], details, collect)
        if inner is None:
            return None
        readers.append((response_name, nested_reader(attribute, nested[1], inner)))
    return object_reader(readers)
