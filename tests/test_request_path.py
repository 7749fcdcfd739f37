"""The lean request path keeps every answer: remembered documents still meet the limits, plain leaf fields answer
exactly as graphql-core would, and a deleted token stops working once its short memory has passed."""

from __future__ import annotations

import asyncio
import datetime
import enum
import json
from pathlib import Path
from typing import Any

import pytest
import strawberry
from strawberry.scalars import JSON

from db.models import ApiToken
from domain.auth import hash_token, issue_token
from resolvers.context import TOKEN_MEMORY_SECONDS
from schema.documents import DocumentCache
from schema.execution import LeanExecution
from tests.conftest import make_settings
from tests.support import serve_app

JOBS = "query($n: Int) { ctaJobs(first: $n) { edges { node { id name } } } }"


async def test_a_remembered_document_still_meets_the_limits_of_its_variables(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, max_query_cost=100)) as live:
        client = live.client()
        for n, refused in ((5, False), (5, False), (50, True), (5, False), (50, True)):
            body = await client.execute(JOBS, {"n": n})
            codes = [e["extensions"]["code"] for e in body.get("errors") or []]
            assert codes == (["QUERY_TOO_COMPLEX"] if refused else []), (n, body)


async def test_an_invalid_document_is_refused_every_time(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path)) as live:
        for _ in range(3):
            body = await live.client().execute("{ ctaJobs(first: 1) { edges { node { nope } } } }")
            assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
            assert "nope" in body["errors"][0]["message"]


async def test_a_deleted_token_stops_working_once_its_memory_has_passed(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path, auth="token")) as live:
        token = await issue_token("gone@shop.example", "shop")
        client = live.client(token)
        assert (await client.data("{ me { email } }"))["me"]["email"] == "gone@shop.example"
        await ApiToken.filter(token_hash=hash_token(token)).delete()
        await asyncio.sleep(TOKEN_MEMORY_SECONDS + 0.5)
        refused = await client.execute("{ me { email } }")
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- plain leaf fields: the direct path answers exactly as graphql-core's --------------------------------------


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Owner:
    name: str
    note: str | None


@strawberry.type
class Item:
    name: str
    note: str | None
    colour: Colour
    maybe_colour: Colour | None
    when: datetime.datetime
    data: JSON
    count: int
    ratio: float
    flag: bool
    missing: str  # None on purpose: a non-null field without a value is the field's error
    owner: Owner | None
    main: Owner  # None on purpose for one item: a null in a non-null object is that field's error
    _secret: strawberry.Private[str]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return self.name[::-1]


class Broken:
    """Reading `count` fails: the error is the field's, as graphql-core reports it."""

    name, note, colour, maybe_colour, when, data, ratio, flag, missing, owner, main = (
        "broken",
        None,
        Colour.RED,
        None,
        datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        {"a": [1, 2]},
        0.5,
        True,
        "here",
        None,
        Owner(name="o", note=None),
    )

    @property
    def count(self) -> int:
        raise RuntimeError("cannot count")


def _items() -> list[Any]:
    when = datetime.datetime(2026, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    payload: Any = {"k": [1, None, "x"]}
    good = Item(
        name="tote", note=None, colour=Colour.BLUE, maybe_colour=None, when=when, data=payload,
        count=3, ratio=1.5, flag=False, missing="present", owner=Owner(name="ann", note="x"),
        main=Owner(name="bob", note=None), _secret="s",
    )  # fmt: skip
    lost = Item(
        name="mug", note="n", colour=Colour.RED, maybe_colour=Colour.BLUE, when=when, data=payload,
        count=-1, ratio=0.0, flag=True, missing=None, owner=None, main=None, _secret="s",  # type: ignore[arg-type]
    )  # fmt: skip
    return [good, lost, Broken()]


@strawberry.type
class Edge:
    cursor: str
    node: Item


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return _items()

    @strawberry.field
    def first(self) -> Item:
        return _items()[0]

    @strawberry.field
    def good(self) -> list[Item]:
        return _items()[:1] * 3

    @strawberry.field
    def edges(self) -> list[Edge]:
        return [Edge(cursor=f"c{n}", node=item) for n, item in enumerate(_items()[:1] * 2)]

    @strawberry.field
    def holes(self) -> list[Edge | None]:
        return [Edge(cursor="c", node=_items()[0]), None]

    @strawberry.field
    def strict(self) -> list[Edge]:
        return [Edge(cursor="c", node=_items()[0]), None]  # type: ignore[list-item]  # a null in a non-null list


QUERIES = [
    "{ items { name note colour maybeColour when data count ratio flag } }",
    "{ items { missing name } }",
    "{ items { count name } }",
    "{ items { __typename b: name a: colour shout later name } }",
    "{ first { ...F ... on Item { note } } } fragment F on Item { data when shout name }",
    "query($s: Boolean!) { first { name @skip(if: $s) colour @include(if: $s) } }",
    # Lists of plain objects, read as dicts when every field is plain (schema.plain_fields)
    "{ good { name note colour when data owner { name note } main { name } } }",
    "{ items { name owner { name } } }",
    "{ items { name main { name } } }",
    "{ edges { cursor node { __typename name colour owner { note } } } }",
    "{ edges { c: cursor node { ...F } } } fragment F on Item { name n: name when }",
    "query($s: Boolean!) { edges { cursor @skip(if: $s) node { name @include(if: $s) count } } }",
    "{ edges { cursor node { name shout } } }",
    "{ holes { cursor node { name } } }",
    "{ strict { cursor node { name } } }",
    "{ good { missing } }",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_plain_leaf_fields_answer_as_graphql_core_does(query: str) -> None:
    reference = strawberry.Schema(query=Query)
    lean = strawberry.Schema(query=Query, extensions=[DocumentCache], execution_context_class=LeanExecution)
    variables = {"s": True}
    for _ in range(2):  # the second time from remembered documents and plans
        expected = await reference.execute(query, variable_values=variables)
        got = await lean.execute(query, variable_values=variables)
        assert json.dumps(got.data) == json.dumps(expected.data)  # the same values, keys in the same order
        assert [(e.message, e.path) for e in got.errors or []] == [(e.message, e.path) for e in expected.errors or []]


class CountingExecution(LeanExecution):
    """Counts the objects graphql-core completes field by field."""

    completed = 0

    def complete_object_value(self, *args: Any, **kwargs: Any) -> Any:
        CountingExecution.completed += 1
        return super().complete_object_value(*args, **kwargs)


async def test_a_list_of_plain_objects_is_read_without_completing_each_object() -> None:
    lean = strawberry.Schema(query=Query, execution_context_class=CountingExecution)
    for query, completed in (
        ("{ good { name owner { name } } }", 0),  # 3 items and their owners: plain
        ("{ edges { cursor node { name } } }", 0),
        ("{ good { name shout } }", 3),  # a resolver in the selection: graphql-core completes each item
        ("{ items { name main { name } } }", 5),  # one of 3 non-null `main`s is None: graphql-core's path, error
    ):
        CountingExecution.completed = 0
        result = await lean.execute(query)
        assert result.data is not None and CountingExecution.completed == completed, (query, result)
