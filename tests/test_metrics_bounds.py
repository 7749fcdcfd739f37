"""The `name` label of graphql_operations_total takes a bounded set of values: clients choosing new operation names
cannot grow /metrics (each name used to be a new series for ever), while the console's operations still count by
name."""

from __future__ import annotations

import uuid

import httpx

from observability import OTHER_OPERATION, OperationNames
from tests.support import LiveServer
from web.console import operation_names


def kinds(name: str) -> list[str]:
    return [
        f"query {name} {{ __typename }}",  # valid
        f"query {name} {{ nope }}",  # fails validation
        f"mutation {name} {{ runProbe(message: 1) {{ id }} }}",  # a bad argument
        "query Known { __typename }",  # operationName names no operation of the document (a 400)
    ]


async def test_random_operation_names_grow_metrics_by_under_4_kb(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        # Every bounded series (route, status, operation type, outcome) exists before: only names may grow it.
        for query in kinds("Warmup"):
            await client.post("/graphql", json={"query": query, "operationName": "Warmup"})
        await client.get("/metrics")
        before = len((await client.get("/metrics")).content)
        for i in range(200):
            name = f"Random{uuid.uuid4().hex}"
            response = await client.post("/graphql", json={"query": kinds(name)[i % 4], "operationName": name})
            assert response.status_code in (200, 400), response.text  # 400: no operation of that name
        after = len((await client.get("/metrics")).content)

        console = await client.post(
            "/graphql",
            json={"query": "query CtaJobs { ctaJobs(first: 1) { totalCount } }", "operationName": "CtaJobs"},
        )
        assert console.status_code == 200 and not console.json().get("errors"), console.text
        metrics = (await client.get("/metrics")).text

    assert after - before < 4096, f"/metrics grew from {before} to {after} bytes"
    assert 'graphql_operations_total{name="CtaJobs",outcome="ok",type="query"}' in metrics
    assert f'name="{OTHER_OPERATION}"' in metrics
    # At most the few names learned from valid documents (fewer if an earlier test in this process used them up).
    assert len({line.split('name="')[1].split('"')[0] for line in metrics.splitlines() if 'name="Random' in line}) <= (
        OperationNames().learned_max
    )


def test_the_console_names_come_from_its_documents() -> None:
    names = operation_names()
    assert {"CtaJobs", "CreateCtaJob", "UploadImage", "ListingPlanUpdated", "Me"} <= names
    assert len(names) >= 40 and all(name.isidentifier() for name in names)


def test_only_valid_documents_teach_names_and_only_a_few() -> None:
    labels = OperationNames(learned_max=3)
    labels.set_known(["CtaJobs"])
    assert labels.label("CtaJobs", valid=False) == "CtaJobs"  # known: counted by name even when it fails
    assert labels.label(None, valid=True) == "anonymous"
    assert labels.label("Broken", valid=False) == OTHER_OPERATION
    assert [labels.label(f"Mine{i}", valid=True) for i in range(5)] == ["Mine0", "Mine1", "Mine2", "other", "other"]
    assert labels.label("Mine1", valid=False) == "Mine1"  # learned for good
    assert labels.label("Broken", valid=True) == OTHER_OPERATION  # too late: the learned set is full
    assert labels.label("x" * 65, valid=True) == OTHER_OPERATION
