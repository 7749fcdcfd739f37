"""Push fan-out against raw Redis: the latency from a worker's event to every subscriber of one job holding the new
state, beside the latency of the same publish reaching as many raw Redis pub/sub subscribers, in the same round.

Production mode: PostgreSQL, REDIS_URL set, one `vitrine serve` process; N WebSocket clients (graphql-transport-ws,
bearer token in `connection_init`) follow one job with `ctaJobUpdated`, whose last variant stays pending so it never
completes. An event is what a worker publishes on the job's topic (`{"info": …, "status": …}`, through Redis); its
latency for one subscriber is from just before the publish to that client receiving its `next` message. The
yardstick is N raw redis-py subscribers (one connection each, like the N sockets) of a channel of their own,
receiving a payload of the same size. Both sets of clients live in this process and stay connected; each round
times `--events` events of each kind, alternating which goes first.

    .venv/bin/python -m bench.push_fanout [--subscribers 100,500] [--rounds 3] [--events 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis
import websockets

from bench.servers import (
    REDIS_URL,
    median,
    percentile,
    scratch_postgres,
    seed_cta_jobs,
    serve_env,
    vitrine_serve,
    workdir,
)

FOLLOW = "subscription($id: ID!) { ctaJobUpdated(id: $id) { id successCount failedCount totalCount isCompleted } }"
TOPIC_PREFIX = "vitrine:events:"  # integrations/event_bus.py RedisEventBus
DEADLINE = 60.0


class Arrivals:
    """When each subscriber received the current event."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.expected = 0
        self.all_in = asyncio.Event()

    def start(self, expected: int) -> None:
        self.times, self.expected = [], expected
        self.all_in.clear()

    def arrived(self) -> None:
        self.times.append(time.perf_counter())
        if len(self.times) >= self.expected:
            self.all_in.set()


async def open_websockets(
    ws_url: str, token: str, job_id: str, count: int, arrivals: Arrivals, readers: list[asyncio.Task[None]]
) -> list[Any]:
    sockets: list[Any] = []

    async def one() -> None:
        ws = await websockets.connect(ws_url, subprotocols=["graphql-transport-ws"], max_queue=None)  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": FOLLOW, "variables": {"id": job_id}}})
        )
        first = json.loads(await ws.recv())
        assert first["type"] == "next" and first["payload"]["data"]["ctaJobUpdated"]["id"] == job_id, first
        sockets.append(ws)

        async def read() -> None:
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "next":
                    assert message["payload"]["data"]["ctaJobUpdated"]["isCompleted"] is False, message
                    arrivals.arrived()
                elif message["type"] == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
                else:
                    raise AssertionError(message)

        readers.append(asyncio.get_running_loop().create_task(read()))

    for start in range(0, count, 50):
        await asyncio.gather(*(one() for _ in range(min(50, count - start))))
    return sockets


async def open_raw(
    redis_url: str, channel: str, count: int, arrivals: Arrivals, readers: list[asyncio.Task[None]]
) -> list[aioredis.Redis]:
    clients: list[aioredis.Redis] = []

    async def one() -> None:
        client = aioredis.Redis.from_url(redis_url)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(channel)
        clients.append(client)

        async def read() -> None:
            async for message in pubsub.listen():
                if message["type"] == "message":
                    json.loads(message["data"])
                    arrivals.arrived()

        readers.append(asyncio.get_running_loop().create_task(read()))

    for start in range(0, count, 50):
        await asyncio.gather(*(one() for _ in range(min(50, count - start))))
    return clients


async def timed_events(
    publish: Callable[[], Awaitable[Any]], arrivals: Arrivals, subscribers: int, events: int
) -> list[float]:
    """Latencies (ms) of every delivery of `events` events, one event at a time."""
    latencies: list[float] = []
    for _ in range(events):
        arrivals.start(subscribers)
        started = time.perf_counter()
        await publish()
        await asyncio.wait_for(arrivals.all_in.wait(), DEADLINE)
        latencies += [(t - started) * 1000 for t in arrivals.times]
        await asyncio.sleep(0.05)  # let the last sends drain before the next event
    return latencies


@contextlib.asynccontextmanager
async def redis_publisher(url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(url)
    try:
        yield client
    finally:
        await client.aclose()


async def measure(
    base_url: str, token: str, job_id: str, info_id: str, redis_url: str, n: int, args: argparse.Namespace
) -> tuple[list[list[float]], list[list[float]]]:
    ws_url = base_url.replace("http://", "ws://") + "/graphql"
    pushed, raw = Arrivals(), Arrivals()
    readers: list[asyncio.Task[None]] = []
    sockets = await open_websockets(ws_url, token, job_id, n, pushed, readers)
    channel = f"bench:raw:{job_id}"
    clients = await open_raw(redis_url, channel, n, raw, readers)
    payload = json.dumps({"info": info_id, "status": "generating_image", "pad": "x" * 90})
    push_rounds: list[list[float]] = []
    raw_rounds: list[list[float]] = []
    try:
        async with redis_publisher(redis_url) as publisher:
            event = json.dumps({"info": info_id, "status": "generating_image"})

            async def push_one() -> None:
                await publisher.publish(TOPIC_PREFIX + f"cta_job:{job_id}", event)

            async def raw_one() -> None:
                await publisher.publish(channel, payload)

            for index in range(args.rounds):
                order = [("push", push_one, pushed), ("raw", raw_one, raw)]
                for name, publish, arrivals in order if index % 2 == 0 else order[::-1]:
                    latencies = await timed_events(publish, arrivals, n, args.events)
                    (push_rounds if name == "push" else raw_rounds).append(latencies)
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        for ws in sockets:
            with contextlib.suppress(Exception):
                await ws.close()
        for client in clients:
            with contextlib.suppress(Exception):
                await client.aclose()
    return push_rounds, raw_rounds


def report(n: int, push_rounds: list[list[float]], raw_rounds: list[list[float]]) -> None:
    print(f"\n{n} subscribers of one job ({len(push_rounds[0]) // n} events per round):")
    print(
        f"  {'round':>5} {'push p50':>9} {'push p99':>9} {'raw p50':>8} {'raw p99':>8} "
        f"{'p50 ratio':>10} {'p99 ratio':>10}"
    )
    p50s, p99s = [], []
    for index, (push, raw) in enumerate(zip(push_rounds, raw_rounds, strict=True)):
        pp50, pp99, rp50, rp99 = percentile(push, 50), percentile(push, 99), percentile(raw, 50), percentile(raw, 99)
        p50s.append(pp50 / rp50)
        p99s.append(pp99 / rp99)
        print(
            f"  {index + 1:>5} {pp50:>7.1f}ms {pp99:>7.1f}ms {rp50:>6.1f}ms {rp99:>6.1f}ms "
            f"{p50s[-1]:>9.1f}x {p99s[-1]:>9.1f}x"
        )
    verdict = "met" if median(p99s) <= 3 else "NOT met"
    print(f"  median: p50 {median(p50s):.1f}x raw Redis, p99 {median(p99s):.1f}x raw Redis (goal p99 <= 3x: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--subscribers", default="100,500")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--redis-url", default=REDIS_URL)
    args = parser.parse_args()
    with workdir() as directory, scratch_postgres() as database_url:
        token, job_ids = asyncio.run(
            seed_cta_jobs(database_url, jobs=1, pending_last=True, token_for="bench@shop.example")
        )
        assert token is not None
        info_id = asyncio.run(_an_info(database_url, job_ids[0]))
        env = serve_env(directory, database_url, args.redis_url)
        with vitrine_serve(env, directory) as base_url:
            print(f"one `vitrine serve` (PostgreSQL, Redis); {args.rounds} rounds x {args.events} events per kind")
            for n in (int(s) for s in args.subscribers.split(",")):
                push_rounds, raw_rounds = asyncio.run(
                    measure(base_url, token, job_ids[0], info_id, args.redis_url, n, args)
                )
                report(n, push_rounds, raw_rounds)


async def _an_info(database_url: str, job_id: str) -> str:
    from db.lifecycle import close_db, init_db
    from db.models import CtaInfo

    await init_db(database_url)
    try:
        info = await CtaInfo.filter(job_id=job_id).first()
        assert info is not None
        return str(info.id)
    finally:
        await close_db()


if __name__ == "__main__":
    main()
