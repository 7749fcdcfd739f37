"""Does generation stall the API? p99 of `{ __typename }` idle and while 2 CTA jobs x 40 variants generate, on a
real `vitrine serve` with default settings (embedded: SQLite, worker threads on the API's loop, the `local`
provider), with the CPU pool (default) and with `VITRINE_CPU_PROCESSES=0` (CPU work in threads of the server,
as before the pool), side by side in one run.

    .venv/bin/python bench/loop_latency.py [--rounds 2] [--idle-requests 400] [--jobs 2] [--urls 5] [--variants 8]
        [--corpus ../shared/corpus]

The product pages and their images come from a local HTTP server over the corpus folder (pages with relative image
URLs: ../shared/corpus), each job's URLs made distinct by a query string, so every page is scraped and every
variant rendered. The client sends one request at a time over one keep-alive connection (a raw socket, so its
own cost stays small), pausing `--gap-ms` between requests; the jobs' wall time is from the first createCtaJob to
the moment both are seen complete (polled every `--poll` seconds on the same connection).
Goal (issue 22): loaded p99 at most 5x idle p99 with default settings, and generation no slower than before.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import ROOT, free_port, percentile, serve_env, vitrine_serve, wait_http, workdir

TYPENAME = json.dumps({"query": "{ __typename }"}).encode()
CREATE = "mutation($input: CreateCtaJobInput!) { createCtaJob(input: $input) { id totalCount } }"
PROGRESS = "query($id: ID!) { ctaJob(id: $id) { isCompleted successCount failedCount totalCount } }"


class Connection:
    """HTTP/1.1 keep-alive POSTs to /graphql over one socket: a few microseconds of client work per request."""

    def __init__(self, base_url: str) -> None:
        host, port = base_url.removeprefix("http://").split(":")
        self.host = f"{host}:{port}"
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def post(self, body: bytes) -> bytes:
        head = (
            f"POST /graphql HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.sock.sendall(head + body)
        while b"\r\n\r\n" not in self.buffer:
            self._read()
        header, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status = header.split(b" ", 2)[1]
        length = next(
            int(line.split(b":", 1)[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        while len(self.buffer) < length:
            self._read()
        answer, self.buffer = self.buffer[:length], self.buffer[length:]
        if status != b"200":
            raise RuntimeError(f"HTTP {status.decode()}: {answer[:300]!r}")
        return answer

    def data(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = json.loads(self.post(json.dumps({"query": query, "variables": variables}).encode()))
        if answer.get("errors"):
            raise RuntimeError(answer["errors"])
        data: dict[str, Any] = answer["data"]
        return data

    def timed_typename(self) -> float:
        started = time.perf_counter()
        answer = self.post(TYPENAME)
        elapsed = time.perf_counter() - started
        if b'"Query"' not in answer:
            raise RuntimeError(answer)
        return elapsed

    def _read(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


@contextlib.contextmanager
def corpus_server(folder: Path, log_dir: Path) -> Iterator[str]:
    """The corpus folder over HTTP on 127.0.0.1 (its own process, so it takes nothing from the client's GIL)."""
    port = free_port()
    args = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder), str(port)]
    base = f"http://127.0.0.1:{port}"
    with open(log_dir / "corpus.log", "ab") as log:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(base + "/truth.json", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@dataclass
class Figures:
    mode: str
    idle: list[float] = field(default_factory=list)
    loaded: list[float] = field(default_factory=list)
    wall: float = 0.0
    variants: int = 0

    @property
    def idle_p99(self) -> float:
        return percentile(self.idle, 99)

    @property
    def loaded_p99(self) -> float:
        return percentile(self.loaded, 99)

    @property
    def ratio(self) -> float:
        return self.loaded_p99 / self.idle_p99


def pages(corpus: Path) -> list[str]:
    """The corpus pages that have images of their own (paths on the corpus server)."""
    truth = json.loads((corpus / "truth.json").read_text())
    return ["/" + page["file"] for page in truth if page.get("images")]


def measure(mode: str, cpu_processes: int | None, args: argparse.Namespace, corpus_url: str, tag: str) -> Figures:
    figures = Figures(mode)
    gap = args.gap_ms / 1000
    paths = pages(args.corpus)
    with workdir() as tmp:
        extra = {"VITRINE_ALLOW_PRIVATE_URLS": "1"}
        if cpu_processes is not None:
            extra["VITRINE_CPU_PROCESSES"] = str(cpu_processes)
        env = serve_env(tmp, f"sqlite://{tmp}/vitrine.db", **extra)
        with vitrine_serve(env, tmp) as base:
            conn = Connection(base)
            try:
                for _ in range(50):  # warm-up: first requests build caches, not the loop's latency
                    conn.timed_typename()
                for _ in range(args.idle_requests):
                    figures.idle.append(conn.timed_typename())
                    time.sleep(gap)
                jobs = []
                started = time.perf_counter()
                for job in range(args.jobs):
                    items = [
                        {"url": f"{corpus_url}{paths[n % len(paths)]}?bench={tag}-{job}-{n}", "variants": args.variants}
                        for n in range(args.urls)
                    ]
                    created = conn.data(CREATE, {"input": {"items": items}})["createCtaJob"]
                    jobs.append(created["id"])
                    figures.variants += created["totalCount"]
                pending = set(jobs)
                next_poll = time.perf_counter() + args.poll
                while pending:
                    figures.loaded.append(conn.timed_typename())
                    time.sleep(gap)
                    if time.perf_counter() >= next_poll:
                        for job_id in list(pending):
                            state = conn.data(PROGRESS, {"id": job_id})["ctaJob"]
                            if state["isCompleted"]:
                                if state["failedCount"]:
                                    raise RuntimeError(f"{mode}: job {job_id} has failed variants: {state}")
                                pending.discard(job_id)
                        next_poll = time.perf_counter() + args.poll
                    if time.perf_counter() - started > args.timeout:
                        raise TimeoutError(f"{mode}: jobs not done after {args.timeout} s")
                figures.wall = time.perf_counter() - started
            finally:
                conn.close()
    return figures


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=2, help="each round measures both modes, order alternating")
    parser.add_argument("--idle-requests", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--urls", type=int, default=5, help="URLs per job (VITRINE_MAX_URLS: 5)")
    parser.add_argument("--variants", type=int, default=8, help="variants per URL (at most 10)")
    parser.add_argument("--gap-ms", type=float, default=2.0, help="pause between two timed requests")
    parser.add_argument("--poll", type=float, default=0.25, help="seconds between job progress polls")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--modes",
        default="default,0",
        help="VITRINE_CPU_PROCESSES of each server ('default': unset), the first two compared",
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.json").exists():
        sys.exit(f"no corpus at {args.corpus} (product pages with truth.json and img/): pass --corpus")

    modes: list[tuple[str, int | None]] = [
        ("pool (default)", None) if m == "default" else (("threads (=0)" if m == "0" else f"pool ({m})"), int(m))
        for m in args.modes.split(",")
    ]
    results: dict[str, list[Figures]] = {name: [] for name, _ in modes}
    with workdir() as logs, corpus_server(args.corpus, logs) as corpus_url:
        for round_index in range(args.rounds):
            order = modes if round_index % 2 == 0 else modes[::-1]
            for name, processes in order:
                figures = measure(name, processes, args, corpus_url, f"r{round_index}")
                results[name].append(figures)
                print(
                    f"round {round_index + 1} {name:<15} idle p99 {ms(figures.idle_p99):>6} ms  "
                    f"loaded p99 {ms(figures.loaded_p99):>6} ms (max {ms(max(figures.loaded)):>6}, "
                    f"{len(figures.loaded)} requests)  x{figures.ratio:.1f}  "
                    f"{figures.variants} variants in {figures.wall:.1f} s",
                    flush=True,
                )

    print()
    print(f"{args.jobs} CTA jobs x {args.urls} URLs x {args.variants} variants, {args.rounds} round(s), medians:")
    print(f"{'mode':<16} {'idle p99':>9} {'loaded p99':>11} {'ratio':>7} {'jobs wall':>10}")
    walls: dict[str, float] = {}
    for name, _ in modes:
        runs = results[name]
        walls[name] = statistics.median(f.wall for f in runs)
        print(
            f"{name:<16} {ms(statistics.median(f.idle_p99 for f in runs)):>6} ms "
            f"{ms(statistics.median(f.loaded_p99 for f in runs)):>8} ms "
            f"{statistics.median(f.ratio for f in runs):>6.1f}x {walls[name]:>8.1f} s"
        )
    pool, threads = (results[name] for name, _ in modes[:2])
    print(f"pool: loaded p99 / idle p99 = x{statistics.median(f.ratio for f in pool):.1f} (goal <= 5x)")
    print(
        "pool's loaded p99 / threads' loaded p99 (same round): "
        + ", ".join(f"{p.loaded_p99 / t.loaded_p99:.2f}" for p, t in zip(pool, threads, strict=True))
    )
    print(
        "pool's jobs wall / threads' jobs wall (same round): "
        + ", ".join(f"{p.wall / t.wall:.2f}" for p, t in zip(pool, threads, strict=True))
    )


if __name__ == "__main__":
    main()
