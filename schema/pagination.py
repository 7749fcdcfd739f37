"""Cursor connections shared by every list: `edges { node cursor }`, `pageInfo`, `totalCount`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField, Selection

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
    names: set[str] = set()
    connections = [f for f in info.selected_fields if isinstance(f, SelectedField)]  # the field being resolved
    for edges in _fields([s for c in connections for s in c.selections], "edges"):
        for node in _fields(edges.selections, "node"):
            names.update(f.name for f in _fields(node.selections))
    return frozenset(names)


def _fields(selections: Iterable[Selection], name: str | None = None) -> Iterator[SelectedField]:
    """The fields among `selections`, through fragments (Strawberry's public view of the selection)."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if name is None or selection.name == name:
                yield selection
        else:  # an inline fragment or a fragment spread, its selections resolved
            yield from _fields(selection.selections, name)
