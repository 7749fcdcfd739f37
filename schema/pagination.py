"""Cursor connections shared by every list: `edges { node cursor }`, `pageInfo`, `totalCount`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import strawberry
from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from domain.pagination import Page

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


def to_connection(page: Page[Any], node: Callable[[Any], T]) -> Connection[T]:
    return Connection(
        edges=[Edge(node=node(item), cursor=cursor) for item, cursor in zip(page.items, page.cursors, strict=True)],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
        total_count=page.total_count,
    )


def node_fields(info: strawberry.Info) -> frozenset[str]:
    """The GraphQL names of the fields a connection's query asks of each node (`edges { node { … } }`), fragments
    included; a field under a directive counts as asked. Lets a list read only the columns its answer needs."""
    raw = info._raw_info  # graphql-core's info: the field's nodes and the document's fragments
    names: set[str] = set()
    for edges in _fields([n.selection_set for n in raw.field_nodes], raw.fragments, "edges"):
        for node in _fields([edges.selection_set], raw.fragments, "node"):
            names.update(f.name.value for f in _fields([node.selection_set], raw.fragments))
    return frozenset(names)


def _fields(
    selection_sets: Iterable[SelectionSetNode | None],
    fragments: Mapping[str, FragmentDefinitionNode],
    name: str | None = None,
) -> Iterator[FieldNode]:
    for selection_set in selection_sets:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if name is None or selection.name.value == name:
                    yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from _fields([selection.selection_set], fragments, name)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
                yield from _fields([fragments[selection.name.value].selection_set], fragments, name)
