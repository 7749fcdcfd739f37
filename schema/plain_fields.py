"""Generated readers for lists of *plain objects*: the one place where Vitrine writes Python at run time.

A plain leaf is a Strawberry field that Strawberry itself resolves by reading an attribute (its public
introspection says so: `StrawberryField.is_basic_field` -- no resolver, no extension, no permission -- with the
schema's default attribute reader `getattr`), without arguments, of a scalar or enum type: its value is an
attribute read and a serialisation. A plain object is an object type (no `is_type_of` check) whose selection, as
collected for one execution, holds only plain leaves, `__typename` and plain objects reached through plain fields:
`edges { cursor node { id name } }` of a page. Reading one is building a dict.

For each such selection `compile_reader` writes one function (as `dataclasses` writes `__init__`): straight-line
attribute reads into a dict literal. `reader_text(plan)` returns its text without compiling it, a compiled reader
keeps it as `.source`, and `compiled_sources()` lists every reader this process wrote, for debugging. A reader
either gives the value graphql-core would give or raises (a missing attribute, None for a non-null field, a value
the type does not serialise, an exception): the caller then runs graphql-core's own path for the whole list, which
produces the usual result or error. tests/test_plain_fields.py holds the readers to graphql-core's answers on
generated selections and data.
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
from strawberry.types.field import StrawberryField


class Leaf(NamedTuple):
    attribute: str
    type: GraphQLLeafType
    nullable: bool
    exact: builtins.type | None  # the Python type whose values are this scalar's answer as they are (EXACT)


# The built-in scalars' values that need no serialisation: a str for String and ID, an int (in range) for Int, a
# bool for Boolean. Any other value goes through the type's own serialisation, as in graphql-core.
EXACT: dict[str, type] = {"String": str, "ID": str, "Int": int, "Boolean": bool}
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def plain_attribute(field: GraphQLField | None) -> str | None:
    """The Python attribute a field reads, when Strawberry would only read it (no resolver, extension or
    permission, the default attribute reader, no arguments); None for any other field."""
    if field is None or field.args:
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if definition.default_resolver is not getattr:  # a schema-wide custom attribute reader (StrawberryConfig)
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
    return Leaf(attribute, leaf, not isinstance(kind, GraphQLNonNull), EXACT.get(leaf.name))


class Miss(Exception):
    """A value a reader cannot answer: graphql-core's path answers instead."""


Reader = Callable[[Any], Any]  # source -> the field's answer; raises on a miss


def leaf_value(leaf: Leaf, value: Any) -> Any:
    """The answer for a value read for `leaf`, raising Miss where graphql-core would not answer it as it is."""
    kind_of = type(value)
    if kind_of is leaf.exact and (kind_of is not int or INT_MIN <= value <= INT_MAX):
        return value
    if value is None:
        if leaf.nullable:
            return None
        raise Miss
    coerced = leaf.type.coerce_output_value(value)
    if coerced is None or coerced is Undefined:
        raise Miss
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


def reader_text(plan: ObjectPlan) -> tuple[str, dict[str, Any]]:
    """The source of the reader for `plan` and the names it refers to (nested readers are compiled here).

    A built-in scalar's ready value is taken as it is (any other value of it goes through `leaf_value`), another
    type's value through its own serialisation, called directly. A page of 100 edges is ~900 reads: the calls a
    reader per field would cost are most of it."""
    namespace: dict[str, Any] = {"Miss": Miss, "Undefined": Undefined, "leaf_value": leaf_value}
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
                lines.append(f"    if {value}.__class__ is not int or not {INT_MIN} <= {value} <= {INT_MAX}: {slow}")
            elif leaf.exact is not None:
                namespace[f"exact{index}"] = leaf.exact
                lines.append(f"    if {value}.__class__ is not exact{index}: {slow}")
            else:  # the type's own serialisation, called directly (leaf_value without the call around it)
                namespace[f"coerce{index}"] = leaf.type.coerce_output_value
                on_none = "pass" if leaf.nullable else "raise Miss"
                lines.append(f"    if {value} is None: {on_none}")
                lines.append("    else:")
                lines.append(f"        {value} = coerce{index}({value})")
                lines.append(f"        if {value} is None or {value} is Undefined: raise Miss")
        else:  # a nested plain object
            namespace[f"inner{index}"] = compile_reader(part[4])
            on_none = "pass" if part[3] else "raise Miss"
            lines.append(f"    if {value} is None: {on_none}")
            lines.append(f"    else: {value} = inner{index}({value})")
    lines.append(f"    return {{{', '.join(answer)}}}")
    return "\n".join(lines), namespace


_sources: dict[ObjectPlan, str] = {}


@lru_cache(maxsize=512)
def compile_reader(plan: ObjectPlan) -> Reader:
    """The reader for objects read by `plan`, compiled once per plan; `.source` holds its text."""
    source, namespace = reader_text(plan)
    # The text is ours: attribute names are identifiers or repr'd, every other value is passed by name.
    exec(compile(source, f"<plain reader {len(plan)} fields>", "exec"), namespace)
    reader: Reader = namespace["read"]
    reader.source = source  # type: ignore[attr-defined]
    _sources[plan] = source
    return reader


def compiled_sources() -> list[str]:
    """The text of every reader this process has compiled, oldest first (for debugging)."""
    return list(_sources.values())


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


Collect = Callable[[GraphQLObjectType, Any], Any]  # the execution's collection of sub-fields


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
        if any(d.node.arguments for d in details):  # unknown arguments are graphql-core's to refuse
            return None
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
