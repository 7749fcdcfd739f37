"""Lists that cost what they return: `totalCount` of the list's own rows whatever the joins, the same statements
for any page size, and every field still right whether a query asks for it directly or through fragments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.models import CtaInfo, CtaJob, CtaJobUrl
from domain.auth import LOCAL_EMAIL, LOCAL_WORKSPACE, ensure_user
from tests.conftest import make_settings
from tests.support import GraphQLClient, count_statements, serve_app

PAGE = """query($first: Int, $after: String) { ctaJobs(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id name totalCount successCount failedCount isCompleted } } } }"""


async def make_jobs(count: int) -> list[dict[str, Any]]:
    """`count` jobs of the local user, job i with i + 1 variants of which i are done, newest last."""
    user = await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE)
    made = []
    for i in range(count):
        items = [{"url": f"https://shop.example/{i}", "variants": i + 1}]
        job = await CtaJob.create(
            workspace_id=user.workspace_id, user_id=user.id, name=f"job {i}", input=items, variant_count=i + 1
        )
        url = await CtaJobUrl.create(job=job, url=items[0]["url"], normalized_url=items[0]["url"], status="scraped")
        for v in range(i + 1):
            await CtaInfo.create(
                job=job, job_url=url, url=url.url, variant_index=v, status="done" if v < i else "failed"
            )
        made.append({"id": str(job.id), "name": job.name, "input": items, "total": i + 1, "done": i})
    return made


async def walk(client: GraphQLClient, first: int) -> tuple[list[dict[str, Any]], set[int]]:
    nodes, totals, after = [], set(), None
    while True:
        page = (await client.data(PAGE, {"first": first, "after": after}))["ctaJobs"]
        totals.add(page["totalCount"])
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, totals
        after = page["pageInfo"]["endCursor"]


async def test_total_count_is_the_number_of_jobs_on_every_page(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="local")) as live:
        jobs = await make_jobs(7)  # 28 variants: a count over the join would say 28, or 7 rows of 1
        client = live.client()
        nodes, totals = await walk(client, 3)
        assert totals == {7}
        assert [n["id"] for n in nodes] == [j["id"] for j in reversed(jobs)]
        by_id = {j["id"]: j for j in jobs}
        for node in nodes:
            job = by_id[node["id"]]
            assert (node["totalCount"], node["successCount"], node["failedCount"]) == (job["total"], job["done"], 1)
            assert node["isCompleted"] and node["name"] == job["name"]

        last = (await client.data(PAGE, {"first": 7}))["ctaJobs"]["pageInfo"]["endCursor"]
        empty = (await client.data(PAGE, {"first": 5, "after": last}))["ctaJobs"]
        assert empty == {"totalCount": 7, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
        none = (await client.data(PAGE, {"first": 0}))["ctaJobs"]
        assert none["totalCount"] == 7 and none["edges"] == [] and none["pageInfo"]["hasNextPage"]


async def test_a_page_takes_one_statement_whatever_its_size(tmp_path: Path, database_url: str) -> None:
    async with serve_app(make_settings(tmp_path, database_url, auth="local", scheduler_interval="1h")) as live:
        await make_jobs(12)
        client = live.client()
        await client.data(PAGE, {"first": 1})  # the local user is known from now on
        one, small = await count_statements(lambda: client.data(PAGE, {"first": 1}))
        all_of_them, large = await count_statements(lambda: client.data(PAGE, {"first": 100}))
        assert len(small["ctaJobs"]["edges"]) == 1 and len(large["ctaJobs"]["edges"]) == 12
        assert one == all_of_them == 1, (one, all_of_them)


async def test_fields_are_right_however_they_are_asked(tmp_path: Path) -> None:
    async with serve_app(make_settings(tmp_path)) as live:
        jobs = await make_jobs(2)
        client = live.client()
        newest = jobs[-1]
        through_fragments = """
          query { ctaJobs(first: 1) { ...Page } }
          fragment Page on CtaJobConnection { edges { ... on CtaJobEdge { node { ...Job } } } }
          fragment Job on CtaJob { id input successCount }"""
        node = (await client.data(through_fragments))["ctaJobs"]["edges"][0]["node"]
        assert node == {"id": newest["id"], "input": newest["input"], "successCount": newest["done"]}

        bare = (await client.data("{ ctaJobs(first: 2) { edges { node { id name } } } }"))["ctaJobs"]["edges"]
        assert [e["node"]["name"] for e in bare] == ["job 1", "job 0"]

        directive = "query($i: Boolean!) { ctaJobs(first: 1) { edges { node { id input @include(if: $i) } } } }"
        for include in (True, False):
            got = (await client.data(directive, {"i": include}))["ctaJobs"]["edges"][0]["node"]
            assert got == ({"id": newest["id"], "input": newest["input"]} if include else {"id": newest["id"]})

        aliases = """{ a: ctaJobs(first: 1) { edges { node { id } } }
                      b: ctaJobs(first: 1) { edges { node { input total: totalCount } } } }"""
        both = await client.data(aliases)
        assert both["a"]["edges"][0]["node"] == {"id": newest["id"]}
        assert both["b"]["edges"][0]["node"] == {"input": newest["input"], "total": newest["total"]}


def test_a_node_made_without_its_constructor_is_the_node_the_constructor_makes() -> None:
    """schema.pagination.node_of skips the dataclass __init__: the fields it is given must be exactly the type's
    (a field added to CtaJob and not to from_row makes the constructor refuse the set, and this test fail)."""
    import uuid
    from datetime import UTC, datetime

    from domain.cta import JobRow
    from schema.cta import CtaJob

    for counts in ({"variant_count": 3, "done_count": 2, "failed_count": 1}, {}):  # read, and left out (UNREAD)
        row = JobRow(id=uuid.uuid4(), created_at=datetime.now(UTC), name="a job", **counts)
        node = CtaJob.from_row(row)
        assert type(node) is CtaJob
        assert vars(CtaJob(**vars(node))) == vars(node)
    assert (
        CtaJob.from_row(
            JobRow(
                id=uuid.uuid4(),
                created_at=datetime.now(UTC),
                name="j",
                variant_count=2,
                done_count=1,
                failed_count=1,
            )
        ).is_completed
        is True
    )
