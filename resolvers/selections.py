"""What a query asks of the field being resolved, read through Strawberry's public view of the selection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import SelectedField, Selection


def fields_in(selections: Iterable[Selection], name: str | None = None) -> Iterator[SelectedField]:
    """The fields among `selections` (those called `name`, when given), through fragments, as if written here."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if name is None or selection.name == name:
                yield selection
        else:  # a fragment spread or an inline fragment
            yield from fields_in(selection.selections, name)
