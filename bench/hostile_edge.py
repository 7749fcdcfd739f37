"""Hostile-client bench: the reproductions of issue 9 against a live `vitrine serve`, the fragment bomb's refusal
time, and the server's memory (RSS) before and after a run of random hostile requests.

    .venv/bin/python bench/hostile_edge.py [--cases 300] [--bomb-runs 5]

Prints one line per reproduction (status, code, field, client-side time), the median refusal time of the
fragment bomb at n = 20 and n = 30, and VmRSS of the server process before and after the fuzz run (the same
Hypothesis strategy as tests/test_hostile_edge.py, `--cases` examples).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile import Request, check_answer, fragment_bomb, post, reproductions, requests, send, vitrine_serve


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def timed(client: httpx.Client, request: Request) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = send(client, request)
    return response, (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--bomb-runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, vitrine_serve(Path(tmp)) as (base_url, process, log_path):
        client = httpx.Client(base_url=base_url, timeout=30)
        print(f"server pid {process.pid}, RSS at start {rss_kib(process.pid) / 1024:.1f} MiB")

        print("\nreproductions of issue 9 (status, code, field, client-side ms):")
        for case in reproductions():
            response, ms = timed(client, case.request)
            errors = check_answer(response)
            ext = errors[0].get("extensions", {}) if errors else {}
            ok = response.status_code == case.status and ext.get("code") == case.code and ext.get("field") == case.field
            answer = f"{response.status_code} {ext.get('code')}" + (f" field={ext['field']}" if "field" in ext else "")
            print(f"  {'ok ' if ok else 'BAD'} {case.name:<38} {answer:<50} {ms:7.1f} ms")

        print("\nfragment bomb refusal (client-side, median of runs):")
        for n in (16, 20, 30):
            times = []
            for _ in range(args.bomb_runs):
                response, ms = timed(client, post({"query": fragment_bomb(n)}))
                assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
                times.append(ms)
            print(f"  n={n}: {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f})")

        for _ in range(20):  # warm the server's caches before measuring memory
            send(client, post({"query": "{ me { id } }"}))
        before = rss_kib(process.pid)
        failures: list[str] = []
        sent = 0

        @settings(
            max_examples=args.cases,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(request=requests())
        def fuzz(request: Request) -> None:
            nonlocal sent
            sent += 1
            try:
                check_answer(send(client, request))
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {str(exc)[:200]}")

        started = time.perf_counter()
        fuzz()
        elapsed = time.perf_counter() - started
        after = rss_kib(process.pid)
        health = client.get("/healthz", timeout=5).status_code
        print(f"\nfuzz: {sent} requests in {elapsed:.1f} s, {len(failures)} answers failing the check")
        for failure in failures[:10]:
            print("   ", failure)
        print(
            f"server RSS before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB ({(after - before) / 1024:+.1f})"
        )
        print(f"/healthz after the run: {health}")
        unexpected = [line for line in log_path.read_text().splitlines() if "unexpected error" in line]
        print(f"server log lines 'unexpected error': {len(unexpected)}")
        return 1 if failures or health != 200 or unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
