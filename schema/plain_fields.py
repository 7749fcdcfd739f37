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
from functools import lru_cache
from keyword import iskeyword
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
        return leaf_value(leaf, getattr(source, leaf.attribute))
    except Exception:  # a miss; graphql-core's path turns an error into the field's error
        return MISS


class _Miss(Exception):
    pass


Reader = Callable[[Any], Any]  # source -> the field's answer; raises on a miss


def leaf_value(leaf: Leaf, value: Any) -> Any:
    """The answer for a value read for `leaf` (read_leaf after the attribute read), raising on a miss."""
    kind_of = type(value)
    if kind_of is leaf.exact and (kind_of is not int or _INT_MIN <= value <= _INT_MAX):
        return value
    if value is None:
        if leaf.nullable:
            return None
        raise _Miss
    coerced = leaf.type.coerce_output_value(value)
    if coerced is None or coerced is Undefined:
        raise _Miss
    return coerced


def object_type_of(kind: GraphQLOutputType) -> tuple[GraphQLObjectType, bool] | None:
    """(the object type, nullable) when `kind` is an object type, possibly non-null, that no check guards."""
    nullable = not isinstance(kind, GraphQLNonNull)
    inner = kind if nullable else kind.of_type  # type: ignore[union-attr]
    if not isinstance(inner, GraphQLObjectType) or inner.is_type_of is not None:
        return None
    return inner, nullable


# How one object of a plain selection is read: per response name (in the query's order), one of
#   ("typename", name, the type's name) | ("leaf", name, Leaf) | ("object", name, attribute, nullable, ObjectPlan)
FieldPlan = tuple[Any, ...]
ObjectPlan = tuple[FieldPlan, ...]


@lru_cache(maxsize=512)
def compile_reader(plan: ObjectPlan) -> Reader:
    """A reader for objects read by `plan`, written as one Python function (as dataclasses writes `__init__`):
    straight-line attribute reads into a dict literal. A built-in scalar's ready value is taken as it is (any
    other value of it goes through `leaf_value`), another type's value through its own serialisation, called
    directly. A page of 100 edges is ~900 reads: the calls a reader per field would cost are most of it.
    `compile_reader(plan).source` shows the function."""
    namespace: dict[str, Any] = {"_Miss": _Miss, "Undefined": Undefined}
    lines = ["def read(source):"]
    answer = []
    for index, part in enumerate(plan):
        value = f"v{index}"
        kind, response_name = part[0], part[1]
        answer.append(f"{response_name!r}: {value}")
        if kind == "typename":
            namespace[f"typename{index}"] = part[2]
            lines.append(f"    {value} = typename{index}")
            continue
        attribute = part[2].attribute if kind == "leaf" else part[2]
        direct = attribute.isidentifier() and not iskeyword(attribute)
        lines.append(f"    {value} = source.{attribute}" if direct else f"    {value} = getattr(source, {attribute!r})")
        if kind == "leaf":
            leaf: Leaf = part[2]
            namespace[f"leaf{index}"] = leaf
            slow = f"{value} = leaf_value(leaf{index}, {value})"
            if leaf.exact is int:
                lines.append(f"    if {value}.__class__ is not int or not {_INT_MIN} <= {value} <= {_INT_MAX}: {slow}")
            elif leaf.exact is not None:
                namespace[f"exact{index}"] = leaf.exact
                lines.append(f"    if {value}.__class__ is not exact{index}: {slow}")
            else:  # the type's own serialisation, called directly (leaf_value without the call around it)
                namespace[f"coerce{index}"] = leaf.type.coerce_output_value
                on_none = "pass" if leaf.nullable else "raise _Miss"
                lines.append(f"    if {value} is None: {on_none}")
                lines.append("    else:")
                lines.append(f"        {value} = coerce{index}({value})")
                lines.append(f"        if {value} is None or {value} is Undefined: raise _Miss")
        else:  # a nested plain object
            namespace[f"inner{index}"] = compile_reader(part[4])
            on_none = "pass" if part[3] else "raise _Miss"
            lines.append(f"    if {value} is None: {on_none}")
            lines.append(f"    else: {value} = inner{index}({value})")
    lines.append(f"    return {{{', '.join(answer)}}}")
    source = "\n".join(lines)
    namespace["leaf_value"] = leaf_value
    exec(compile(source, f"<plain reader {len(plan)} fields>", "exec"), namespace)  # our own text, names repr'd
    reader: Reader = namespace["read"]
    reader.source = source  # type: ignore[attr-defined]
    return reader


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


def plan_object(object_type: GraphQLObjectType, field_details_list: Any, collect: Collect) -> ObjectPlan | None:
    """How to read objects of `object_type` under these field nodes, or None when the selection is not plain.
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
    plan: list[FieldPlan] = []
    for response_name, details in grouped_field_set.items():
        name = details[0].node.name.value
        if name == "__typename":
            plan.append(("typename", response_name, object_type.name))
            continue
        field = object_type.fields.get(name)
        leaf = leaf_plan(field)
        if leaf is not None:
            plan.append(("leaf", response_name, leaf))
            continue
        attribute = plain_attribute(field)
        nested = object_type_of(field.type) if attribute is not None and field is not None else None
        if attribute is None or nested is None:
            return None
        inner = plan_object(nested[0], details, collect)
        if inner is None:
            return None
        plan.append(("object", response_name, attribute, nested[1], inner))
    return tuple(plan)
