"""Cursor connections shared by every list: `edges { node cursor }`, `pageInfo`, `totalCount`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.schema.name_converter import NameConverter
from strawberry.types import get_object_definition

from domain.pagination import Page
from resolvers.selections import fields_in

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def node_of(node_type: type[T], fields: dict[str, Any]) -> T:
    """A node of the Strawberry type `node_type` holding `fields` as its attributes, made without the type's
    dataclass `__init__` (what db.pages does for rows): a list makes one node per row, and keyword construction cost
    more than the rest of a job's conversion. `fields` names every field of the type that has no resolver, exactly
    as the constructor would set them (tests/test_lists.py compares the two); a type built this way has no
    `__post_init__`."""
    node = object.__new__(node_type)
    object.__setattr__(node, "__dict__", fields)
    return node


def to_connection(page: Page[Any], node: Callable[[Any], T]) -> Connection[T]:
    new, attach = object.__new__, object.__setattr__  # node_of, inlined: one edge per row
    edges = []
    for item, cursor in zip(page.items, page.cursors, strict=True):
        edge = new(Edge)
        attach(edge, "__dict__", {"node": node(item), "cursor": cursor})
        edges.append(edge)
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
        total_count=page.total_count,
    )


# Strawberry field metadata: the row fields a field's value is made from, when they are not the row field of the
# field's own name (e.g. a job's `totalCount` from its counts). `unasked` reads it; nothing else has to be kept
# in step with the type.
READS = "vitrine.reads"


def reads(*row_fields: str) -> dict[str, Any]:
    """`strawberry.field(metadata=reads(...))`: this field is made from these row fields."""
    return {READS: frozenset(row_fields)}


def unasked(info: strawberry.Info, node_type: type, optional: frozenset[str]) -> frozenset[str]:
    """The optional row fields (`optional`, e.g. db.pages PageShape.optional) that no field the query asks of each
    node (`edges { node { … } }`) is made from: the page may leave them out."""
    made_from = _made_from(info.schema.config.name_converter, node_type)
    needed: set[str] = set()
    for name in node_fields(info):
        needed |= made_from.get(name, frozenset())
    return optional - needed


_MADE_FROM: dict[type, dict[str, frozenset[str]]] = {}


def _made_from(names: NameConverter, node_type: type) -> dict[str, frozenset[str]]:
    """GraphQL field name -> the row fields its value is made from: its `reads` metadata, else its own name."""
    found = _MADE_FROM.get(node_type)
    if found is None:
        definition = get_object_definition(node_type, strict=True)
        found = _MADE_FROM[node_type] = {}
        for field in definition.fields:
            metadata: dict[str, Any] = dict(field.metadata or {})
            found[names.get_graphql_name(field)] = frozenset(metadata.get(READS, {field.python_name}))
    return found


def node_fields(info: strawberry.Info) -> frozenset[str]:
    """The GraphQL names of the fields a connection's query asks of each node (`edges { node { … } }`), fragments
    included; a field under a directive counts as asked. Lets a list read only the columns its answer needs."""
    names: set[str] = set()
    for connection in info.selected_fields:  # the list's field itself (its nodes, when repeated in the query)
        for edges in fields_in(connection.selections, "edges"):
            for node in fields_in(edges.selections, "node"):
                names.update(field.name for field in fields_in(node.selections))
    return frozenset(names)
