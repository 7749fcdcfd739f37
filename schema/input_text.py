"""Input values checked once at the edge, whatever field they are for: text PostgreSQL can store, numbers
graphql-core can convert.

PostgreSQL `text` and `jsonb` cannot hold NUL (U+0000), and a lone UTF-16 surrogate (U+D800-U+DFFF, which
JSON spells `\\ud800`) is not UTF-8 at all: either used to reach the database and come back as an
INTERNAL_SERVER_ERROR. Every string a client sends -- each variable and each argument literal, at any depth,
JSON object keys included -- passes through here before execution and is refused as BAD_USER_INPUT naming its
field (`items[0].url`, `name`, `suggestion.headline`; the fields of an argument called `input` are named
without it, as the domain names them).

A number literal of thousands of digits makes Python's int() raise inside graphql-core's validation; such
literals are refused as GRAPHQL_VALIDATION_FAILED first, and list/object literals nested deeper than
MAX_VALUE_NESTING (which graphql-core coerces recursively) as QUERY_TOO_COMPLEX.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    DirectiveNode,
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)

from schema.errors import BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_COMPLEX, coded

MAX_NUMBER_LENGTH = 64
MAX_VALUE_NESTING = 32
MAX_ERRORS = 20
# Arguments whose fields are named on their own: `input: {items: [...]}` -> `items[0].url`.
_UNNAMED_ROOTS = frozenset({"input"})


def text_problem(text: str) -> str | None:
    """Why PostgreSQL cannot store `text`, or None."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired UTF-16 surrogate (\\ud800-\\udfff)"
    return None


def join(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def _text_error(path: str, problem: str) -> GraphQLError:
    return coded(f"`{path}` {problem}, which cannot be stored.", BAD_USER_INPUT, field=path)


@dataclass
class LiteralScan:
    errors: list[GraphQLError] = field(default_factory=list)
    # Where each variable is used as a whole value: `createCtaJob(input: $in)` -> {"in": ""}.
    variable_fields: dict[str, str] = field(default_factory=dict)


def scan_literals(document: DocumentNode) -> LiteralScan:
    """Every argument literal and variable default of the document (all its definitions, used or not: the
    standard validation reads them all)."""
    scan = LiteralScan()
    for root, value in _values(document):
        stack: list[tuple[str, ValueNode, int]] = [(root, value, 1)]
        while stack and len(scan.errors) < MAX_ERRORS:
            path, node, depth = stack.pop()
            if depth > MAX_VALUE_NESTING:
                scan.errors.append(
                    coded(
                        f"`{path or root}` nests lists and objects deeper than {MAX_VALUE_NESTING}.", QUERY_TOO_COMPLEX
                    )
                )
            elif isinstance(node, StringValueNode):
                problem = text_problem(node.value)
                if problem:
                    scan.errors.append(_text_error(path or root or "input", problem))
            elif isinstance(node, IntValueNode | FloatValueNode):
                if len(node.value) > MAX_NUMBER_LENGTH:
                    scan.errors.append(
                        coded(
                            f"A number literal in `{path or root}` is longer than {MAX_NUMBER_LENGTH} characters.",
                            GRAPHQL_VALIDATION_FAILED,
                        )
                    )
            elif isinstance(node, ListValueNode):
                stack.extend((join(path, i), v, depth + 1) for i, v in enumerate(node.values))
            elif isinstance(node, ObjectValueNode):
                stack.extend((join(path, f.name.value), f.value, depth + 1) for f in node.fields)
            elif isinstance(node, VariableNode):
                scan.variable_fields.setdefault(node.name.value, path)
    return scan


def _values(document: DocumentNode) -> Iterator[tuple[str, ValueNode]]:
    """(field path of the argument, its value) for every value node of the document."""
    for definition in document.definitions:
        if not isinstance(definition, ExecutableDefinitionNode):
            continue
        if isinstance(definition, OperationDefinitionNode):
            for variable in definition.variable_definitions or ():
                if variable.default_value is not None:
                    yield variable.variable.name.value, variable.default_value
                yield from _directive_values(variable.directives)
        yield from _directive_values(definition.directives)
        stack: list[SelectionSetNode] = [definition.selection_set]
        while stack:
            for selection in stack.pop().selections:
                if isinstance(selection, FieldNode):
                    yield from _argument_values(selection.arguments)
                yield from _directive_values(selection.directives)
                nested = getattr(selection, "selection_set", None)
                if nested is not None:
                    stack.append(nested)


def _argument_values(arguments: tuple[ArgumentNode, ...] | None) -> Iterator[tuple[str, ValueNode]]:
    for argument in arguments or ():
        name = argument.name.value
        yield ("" if name in _UNNAMED_ROOTS else name), argument.value


def _directive_values(directives: tuple[DirectiveNode, ...] | None) -> Iterator[tuple[str, ValueNode]]:
    for directive in directives or ():
        yield from _argument_values(directive.arguments)


def check_variables(
    operation: OperationDefinitionNode, variables: Mapping[str, Any], variable_fields: Mapping[str, str]
) -> list[GraphQLError]:
    """The variables the operation declares, walked without recursion (JSON object keys included)."""
    errors: list[GraphQLError] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in variables:
            continue  # its default is a literal: scan_literals checked it
        root = variable_fields.get(name, name)
        stack: list[tuple[str, Any]] = [(root, variables[name])]
        while stack and len(errors) < MAX_ERRORS:
            path, value = stack.pop()
            if isinstance(value, str):
                problem = text_problem(value)
                if problem:
                    errors.append(_text_error(path or name, problem))
            elif isinstance(value, Mapping):
                for key, item in value.items():
                    key_problem = text_problem(key) if isinstance(key, str) else None
                    if key_problem:
                        errors.append(_text_error(path or name, f"has a key that {key_problem}"))
                    else:
                        stack.append((join(path, str(key)), item))
            elif isinstance(value, list | tuple):
                stack.extend((join(path, i), item) for i, item in enumerate(value))
    return errors
