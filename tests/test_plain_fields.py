"""The generated readers (schema.plain_fields) answer exactly as graphql-core does: the same generated selection of
the same generated data, executed by Strawberry's own execution context and by Vitrine's, gives the same data (keys
in the same order) and the same errors. Values are drawn valid and invalid (None for non-null fields, wrong types,
out-of-range ints, NaN, missing attributes), so both the readers and the fall-back to graphql-core are held to it.
And the app's own pages are read by a reader: the speed does not silently fall back."""

from __future__ import annotations

import datetime
import enum
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import strawberry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strawberry.scalars import JSON

from db.models import CtaJob
from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, ensure_user
from schema.execution import LeanExecution
from schema.plain_fields import compiled_sources
from tests.conftest import make_settings
from tests.support import serve_app


@strawberry.enum
class Tone(enum.Enum):
    LOW = "low"
    HIGH = "high"


@strawberry.type
class Inner:
    s: str
    ni: int | None


@strawberry.type
class Row:
    s: str
    ns: str | None
    i: int
    ni: int | None
    f: float
    b: bool
    id: strawberry.ID
    e: Tone
    ne: Tone | None
    when: datetime.datetime
    j: JSON
    inner: Inner | None
    must: Inner

    @strawberry.field
    def computed(self) -> str:  # a resolver: a selection with it is not plain
        return f"<{self.s}>"


@strawberry.type
class Edge:
    cursor: str
    node: Row


@strawberry.type
class Query:
    @strawberry.field
    def rows(self, info: strawberry.Info) -> list[Row]:
        return info.context["rows"]

    @strawberry.field
    def maybe_rows(self, info: strawberry.Info) -> list[Row | None]:
        return info.context["rows"] + [None]

    @strawberry.field
    def edges(self, info: strawberry.Info) -> list[Edge]:
        return [SimpleNamespace(cursor=f"c{n}", node=row) for n, row in enumerate(info.context["rows"])]  # type: ignore[misc]


REFERENCE = strawberry.Schema(query=Query)  # Strawberry's own execution context: graphql-core's path
LEAN = strawberry.Schema(query=Query, execution_context_class=LeanExecution)

# --- data: mostly valid, sometimes not ---------------------------------------------------------------------------

junk = st.one_of(st.none(), st.text(max_size=3), st.integers(-3, 3), st.booleans(), st.floats(allow_nan=True))
texts = st.text(max_size=6)
ints = st.one_of(st.integers(-(2**31), 2**31 - 1), st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**40]))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-100, 100), texts),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
MISSING = object()


def maybe_bad(valid: st.SearchStrategy[Any], odds: int) -> st.SearchStrategy[Any]:
    """A valid value, or (about one time in `odds + 1`; never for odds 0) junk or no attribute at all."""
    if odds == 0:
        return valid
    return st.one_of(*[valid] * odds, junk, st.just(MISSING))


def row_values(odds: int) -> st.SearchStrategy[dict[str, Any]]:
    inner = st.fixed_dictionaries({"s": maybe_bad(texts, odds), "ni": maybe_bad(st.none() | ints, odds)})
    return st.fixed_dictionaries(
        {
            "s": maybe_bad(texts, odds),
            "ns": maybe_bad(st.none() | texts, odds),
            "i": maybe_bad(ints, odds),
            "ni": maybe_bad(st.none() | ints, odds),
            "f": maybe_bad(st.floats(allow_infinity=False, allow_nan=False) | st.integers(-5, 5), odds),
            "b": maybe_bad(st.booleans(), odds),
            "id": maybe_bad(texts | st.integers(0, 99), odds),
            "e": maybe_bad(st.sampled_from(list(Tone)), odds),
            "ne": maybe_bad(st.none() | st.sampled_from(list(Tone)), odds),
            "when": maybe_bad(st.datetimes(timezones=st.just(datetime.UTC)), odds),
            "j": maybe_bad(json_values, odds),
            "inner": st.none() | inner if odds == 0 else st.one_of(st.none(), inner, inner, junk),
            "must": maybe_bad(inner, odds),
        }
    )


def source(values: dict[str, Any]) -> SimpleNamespace:
    """An object with these attributes (a MISSING one left out), nested dicts as objects."""
    made = SimpleNamespace()
    for name, value in values.items():
        if value is not MISSING:
            setattr(made, name, source(value) if isinstance(value, dict) and name in ("inner", "must") else value)
    return made


# Clean data (the readers answer), data with a bad value here and there (a reader misses on one row), and data
# full of bad values (graphql-core's path answers).
rows_data = st.sampled_from([0, 0, 12, 2]).flatmap(lambda odds: st.lists(row_values(odds).map(source), max_size=4))

# --- selections -------------------------------------------------------------------------------------------------

LEAVES = ["s", "ns", "i", "ni", "f", "b", "id", "e", "ne", "when", "j", "__typename"]
OBJECTS = {"inner": ["s", "ni", "__typename"], "must": ["s", "ni"]}


@st.composite
def selection(draw: st.DrawFn, names: list[str], objects: dict[str, list[str]], rare: list[str]) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(names + list(objects) + rare))
        field = name
        if name in objects:
            field += " { " + draw(selection(objects[name], {}, [])) + " }"
        alias = draw(st.sampled_from(["", "", "", f"a{len(parts)}: "]))
        directive = draw(st.sampled_from(["", "", "", " @include(if: $yes)", " @skip(if: $yes)"]))
        part = f"{alias}{name}{directive}{field[len(name) :]}"
        if draw(st.integers(0, 5)) == 0:
            part = "... on " + ("Row" if names is LEAVES else "Inner") + " { " + part + " }"
        parts.append(part)
    return " ".join(parts)


@st.composite
def queries(draw: st.DrawFn) -> str:
    row = draw(selection(LEAVES, OBJECTS, ["computed"] if draw(st.integers(0, 4)) == 0 else []))
    root = draw(st.sampled_from(["rows", "maybeRows", "edges"]))
    if root == "edges":
        cursor = draw(st.sampled_from(["cursor ", "", "c: cursor "]))
        return f"query($yes: Boolean!) {{ edges {{ {cursor}node {{ {row} }} }} }}"
    return f"query($yes: Boolean!) {{ {root} {{ {row} }} }}"


def answer(result: Any) -> tuple[str, list[tuple[str, Any]]]:
    errors = [(e.message, e.path) for e in result.errors or []]
    return json.dumps(result.data, default=repr), errors


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries(), rows=rows_data, yes=st.booleans())
def test_generated_readers_answer_as_graphql_core_does(query: str, rows: list[Any], yes: bool) -> None:
    context = {"rows": rows}
    expected = REFERENCE.execute_sync(query, variable_values={"yes": yes}, context_value=context)
    got = LEAN.execute_sync(query, variable_values={"yes": yes}, context_value=context)
    assert answer(got) == answer(expected)


def test_a_clean_page_is_read_by_one_reader_per_selection() -> None:
    """Valid data and a plain selection: the reader, not graphql-core's path, answers (same answer again)."""
    row = source({"s": "tote", "ns": None, "i": 3, "ni": None, "f": 1.5, "b": True, "id": "r1", "e": Tone.LOW,
                  "ne": None, "when": datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC), "j": {"k": [1]},
                  "inner": {"s": "x", "ni": 2}, "must": {"s": "y", "ni": None}})  # fmt: skip
    query = "{ edges { cursor node { s i e when j inner { s ni } } } }"
    before = len(compiled_sources())
    got = LEAN.execute_sync(query, context_value={"rows": [row] * 3})
    assert answer(got) == answer(REFERENCE.execute_sync(query, context_value={"rows": [row] * 3}))
    written = compiled_sources()[before:]
    assert any("source.cursor" in text and "source.node" in text for text in written), written


async def test_the_app_pages_are_read_by_generated_readers(tmp_path: Path) -> None:
    """The fields the console's job list asks are plain: a reader answers the page (the throughput depends on it)."""
    async with serve_app(make_settings(tmp_path)) as live:
        user = await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE)
        await CtaJob.create(workspace_id=user.workspace_id, user_id=user.id, name="listed", input=[])
        await live.client().data(
            "{ ctaJobs(first: 100) { totalCount pageInfo { hasNextPage endCursor } "
            "edges { cursor node { id name createdAt totalCount successCount failedCount isCompleted } } } }"
        )
    texts = compiled_sources()
    assert any("source.success_count" in text and "source.is_completed" in text for text in texts), texts
