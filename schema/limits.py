"""What one GraphQL document may ask for, checked after parsing and before the standard validation runs.

Every figure is computed on the operation as it would execute: fragments expanded, each spread counted,
a paginated field's selection weighted by its `first`. Each fragment is analysed once and its figures reused
at every spread, so a document that expands exponentially (the "fragment bomb": each fragment spreading
the next one twice) is refused in time linear in its length, never by expanding it.

The figures, all refused with QUERY_TOO_COMPLEX:

- cost: 1 per field; the selection of a field that takes `first` counts `first` times (DEFAULT_PAGE when
  omitted, at most MAX_PAGE), other lists once;
- depth: field nesting as Strawberry's QueryDepthLimiter counts it (top-level fields at 0, introspection
  ignored);
- aliases: aliased fields, counted at every spread;
- nesting: selection sets and fragment spreads inside one another (what the server's recursion follows).

Also refused here, before graphql-core's own rules could trip over them: several operations without an
`operationName` (BAD_REQUEST), number literals too long to convert (GRAPHQL_VALIDATION_FAILED), and text
PostgreSQL cannot store (schema/input_text.py, BAD_USER_INPUT).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    build_ast_schema,
    get_named_type,
    parse,
)
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import SchemaExtension

from domain.pagination import DEFAULT_PAGE, MAX_PAGE
from schema import input_text
from schema.errors import BAD_REQUEST, QUERY_TOO_COMPLEX, coded

MAX_NESTING = 64
# Saturate the figures: a bomb's true cost is astronomically large and only "over the limit" matters.
_CAP = 1 << 62
# graphql-core bounds the work of OverlappingFieldsCanBeMergedRule (pairs of fields under one response name)
# with this budget, then aborts validation (QUERY_TOO_COMPLEX). Its default (500 000) costs a hostile document
# about half a second of CPU; real documents spend next to nothing of it, and 10 000 keeps that at ~50 ms.
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = 10_000


@dataclass(frozen=True)
class Limits:
    max_cost: int
    max_depth: int
    max_aliases: int
    max_nesting: int = MAX_NESTING


@dataclass(frozen=True)
class Shape:
    cost: int = 0
    depth: int = 0
    aliases: int = 0
    nesting: int = 0


_NOTHING = Shape()


@dataclass
class _Analysis:
    """One pass over a parsed document: the shape of every fragment (memoised) and of every operation."""

    schema: GraphQLSchema
    document: DocumentNode
    variables: Mapping[str, Any]
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)

    def run(self) -> list[tuple[OperationDefinitionNode, Shape]]:
        self.fragments = {d.name.value: d for d in self.document.definitions if isinstance(d, FragmentDefinitionNode)}
        for name in self._fragments_dependencies_first():
            fragment = self.fragments[name]
            self.shapes[name] = self._selection_set(
                fragment.selection_set, self._named(fragment.type_condition.name.value)
            )
        # A list, not a dict: an AST node hashes its whole subtree (graphql-core), on every request.
        return [
            (definition, self._selection_set(definition.selection_set, self._root(definition)))
            for definition in self.document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]

    def _fragments_dependencies_first(self) -> list[str]:
        """Post-order over fragment spreads, without recursion; a spread closing a cycle is ignored here (the
        standard NoFragmentCyclesRule reports it)."""
        spreads = {name: list(_spreads_in(fragment.selection_set)) for name, fragment in self.fragments.items()}
        order: list[str] = []
        done: set[str] = set()
        for root in self.fragments:
            if root in done:
                continue
            path = [(root, iter(spreads[root]))]
            on_path = {root}
            while path:
                name, pending = path[-1]
                for spread in pending:
                    if spread in spreads and spread not in done and spread not in on_path:
                        path.append((spread, iter(spreads[spread])))
                        on_path.add(spread)
                        break
                else:
                    path.pop()
                    on_path.discard(name)
                    done.add(name)
                    order.append(name)
        return order

    def _selection_set(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> Shape:
        cost = depth = aliases = nesting = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                cost += 1
                aliases += selection.alias is not None
                if selection.selection_set is None:
                    continue
                child = self._selection_set(selection.selection_set, self._field_type(parent, selection))
                cost += self._weight(parent, selection) * child.cost
                aliases += child.aliases
                nesting = max(nesting, child.nesting)
                if not selection.name.value.startswith("__"):  # introspection is bounded by the cost alone
                    depth = max(depth, child.depth + 1)
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                child = self._selection_set(
                    selection.selection_set, self._named(condition.name.value) if condition else parent
                )
            else:
                assert isinstance(selection, FragmentSpreadNode)
                child = self.shapes.get(selection.name.value, _NOTHING)  # unknown or cyclic: validation says so
            cost += child.cost
            aliases += child.aliases
            depth = max(depth, child.depth)
            nesting = max(nesting, child.nesting)
        return Shape(min(cost, _CAP), depth, min(aliases, _CAP), nesting + 1)

    def _named(self, name: str) -> GraphQLNamedType | None:
        return self.schema.get_type(name)

    def _root(self, operation: OperationDefinitionNode) -> GraphQLNamedType | None:
        return self.schema.get_root_type(operation.operation)

    def _field_type(self, parent: GraphQLNamedType | None, node: FieldNode) -> GraphQLNamedType | None:
        name = node.name.value
        if name == "__schema":
            return self._named("__Schema")
        if name == "__type":
            return self._named("__Type")
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) and name in parent.fields:
            return get_named_type(parent.fields[name].type)
        return None

    def _weight(self, parent: GraphQLNamedType | None, node: FieldNode) -> int:
        """How many times a field's selection runs: its `first` for a paginated field, else once."""
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        definition = parent.fields.get(node.name.value)
        if definition is None or "first" not in definition.args:
            return 1
        argument = next((a for a in node.arguments or () if a.name.value == "first"), None)
        value = self._int_value(argument.value) if argument is not None else None
        return DEFAULT_PAGE if value is None else max(0, min(value, MAX_PAGE))

    def _int_value(self, node: Any) -> int | None:
        if isinstance(node, IntValueNode):
            return int(node.value) if len(node.value) <= input_text.MAX_NUMBER_LENGTH else MAX_PAGE
        if isinstance(node, VariableNode):
            value = self.variables.get(node.name.value)
            if isinstance(value, IntValueNode):  # the operation's default for it
                return self._int_value(value)
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        return None


def _spreads_in(selection_set: SelectionSetNode) -> Iterator[str]:
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:  # type: ignore[attr-defined]
                stack.append(selection.selection_set)  # type: ignore[attr-defined]


def chosen_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | GraphQLError | None:
    """The operation that will run. Strawberry would silently run the first of several: refuse instead."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        return next((o for o in operations if o.name and o.name.value == operation_name), None)
    if len(operations) > 1:
        return coded(
            "The document contains several operations: say which one to run with `operationName`.", BAD_REQUEST
        )
    return operations[0] if operations else None


# Documents that passed without variables, with what they passed under: without variables the figures are a
# function of the document alone, and schema.documents hands the same parsed document to every request that sends
# the same text (a console sends the same few queries again and again). A document forgotten there drops out here.
_passed: weakref.WeakKeyDictionary[DocumentNode, set[tuple[GraphQLSchema, str | None, Limits]]] = (
    weakref.WeakKeyDictionary()
)


def check_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> list[GraphQLError]:
    """Every error this module finds in a parsed document (empty: let the standard validation run)."""
    if variables:
        return _check(schema, document, operation_name, variables, limits)
    key = (schema, operation_name, limits)
    passed = _passed.get(document)
    if passed is not None and key in passed:
        return []
    errors = _check(schema, document, operation_name, None, limits)
    if not errors:
        _passed.setdefault(document, set()).add(key)
    return errors


def _check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: Limits,
) -> list[GraphQLError]:
    operation = chosen_operation(document, operation_name)
    if isinstance(operation, GraphQLError):
        return [operation]
    literals = input_text.scan_literals(document)
    if literals.errors:
        return literals.errors
    declared = operation.variable_definitions if operation is not None else ()
    defaults = {v.variable.name.value: v.default_value for v in declared or () if v.default_value is not None}
    try:
        shapes = _Analysis(schema, document, {**defaults, **(variables or {})}).run()
    except RecursionError:
        return [coded("The document is nested too deeply.", QUERY_TOO_COMPLEX)]
    errors: list[GraphQLError] = []
    for definition, shape in shapes:
        errors.extend(_over_limits(definition, shape, limits, is_chosen=definition is operation))
    if errors or operation is None:
        return errors
    return input_text.check_variables(operation, variables or {}, literals.variable_fields)


def _over_limits(
    operation: OperationDefinitionNode, shape: Shape, limits: Limits, *, is_chosen: bool
) -> list[GraphQLError]:
    name = operation.name.value if operation.name else "anonymous"
    errors = []
    if shape.nesting > limits.max_nesting:
        errors.append(f"'{name}' is nested deeper than {limits.max_nesting} selection sets and fragment spreads")
    if shape.depth > limits.max_depth:
        errors.append(f"'{name}' exceeds maximum operation depth of {limits.max_depth}")
    if shape.aliases > limits.max_aliases:
        errors.append(f"{shape.aliases} aliases found. Allowed: {limits.max_aliases}")
    if is_chosen and shape.cost > limits.max_cost:
        cost = "more than 10^18" if shape.cost >= _CAP else str(shape.cost)
        errors.append(f"'{name}' costs {cost} (fields, lists weighted by `first`); the limit is {limits.max_cost}")
    extensions = {"cost": shape.cost} if is_chosen and shape.cost < _CAP else {}
    return [coded(message, QUERY_TOO_COMPLEX, **extensions) for message in errors]


# The operation name the request gave (None: it named none), set by the schema's `execute`/`stream` for the
# request they run. Strawberry's public `operation_name` answers the first operation's name when none was given,
# which would hide a document of several operations sent without one.
requested_operation: ContextVar[tuple[str | None] | None] = ContextVar("vitrine_requested_operation", default=None)

_structures: weakref.WeakKeyDictionary[strawberry.Schema, GraphQLSchema] = weakref.WeakKeyDictionary()


def structure_of(schema: strawberry.Schema) -> GraphQLSchema:
    """The types, fields and arguments of `schema` as a graphql-core schema built from its SDL (what the figures
    need: no resolvers), once per schema."""
    structure = _structures.get(schema)
    if structure is None:
        structure = _structures[schema] = build_ast_schema(parse(schema.as_str()))
    return structure


class QueryLimits(SchemaExtension):
    """Runs `check_document` between parsing and the standard validation; its errors replace that validation,
    whose rules (and execution) would otherwise do the expensive or deeply recursive work."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            requested = requested_operation.get()
            errors = check_document(
                structure_of(context.schema),
                context.graphql_document,
                context.operation_name if requested is None else requested[0],
                context.variables,
                self.limits,
            )
            if errors:
                context.pre_execution_errors = errors  # Strawberry then skips validation and answers these
        yield
