"""How long each `vitrine` command spends importing before it does its work, and which heavy libraries it loads.

    .venv/bin/python bench/startup.py [--runs 5] [--database-url postgres://postgres@127.0.0.1:5432/x]
        [--redis-url redis://127.0.0.1:6379/0] [--root OTHER_CHECKOUT ...]

Each command's start path is what cli.py imports for it before the command runs (read cli.py): e.g. the worker's
is `actors.process` plus what `run_one` imports (`actors.setup`, the worker boot, the lanes, the runtime). Each is
imported in a fresh `python` (production settings: PostgreSQL and Redis URLs, no connection is made), `--runs`
times; the median wall time and CPU time (user + system: what the import costs, less disturbed than wall time on a
busy machine) are printed next to a bare interpreter's, with the heavy libraries found in `sys.modules` afterwards.

`--root`: also import from these checkouts (e.g. `git archive <commit> | tar -x -C /tmp/base`), run for run in
turn with this one, so a before/after comparison sees the same machine load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openai", "PIL", "strawberry", "tortoise", "dramatiq", "redis", "httpx", "parsel", "uvicorn", "starlette")

# The imports each command makes before it starts working (cli.py), in the order it makes them.
START_PATHS: dict[str, str] = {
    "python (bare)": "pass",
    "cli (parse args)": "import cli",
    "worker": "import cli, actors.process, actors.setup, actors.worker_boot, actors.lanes, actors.runtime",
    "scheduler": (
        "import cli, actors.setup, actors.runtime, db.lifecycle, domain.scheduling, integrations.event_bus, "
        "observability"
    ),
    "serve": "import cli, uvicorn, main",
    "migrate": "import cli, db.lifecycle",
    "create-token": "import cli, db.lifecycle, domain.auth, domain.errors",
}

PROBE = "; import sys; print(' '.join(m for m in {heavy!r} if m in sys.modules))"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(code: str, env: dict[str, str], root: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and the heavy libraries loaded, for one fresh interpreter importing from `root`."""
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + PROBE.format(heavy=HEAVY)],
        cwd=root,  # `-c` puts the working directory first on sys.path: the checkout's modules are imported
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, children_cpu() - cpu, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/vitrine_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--root", type=Path, action="append", default=[], help="another checkout to compare")
    args = parser.parse_args()
    roots = [ROOT, *args.root]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VITRINE_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "VITRINE_SECRET_KEY": "bench-secret-0123456789",
        }
    )
    print(f"{'command':<18} {'checkout':<28} {'wall s':>6}  {'cpu s':>6}  heavy libraries loaded")
    for name, code in START_PATHS.items():
        runs: dict[Path, list[tuple[float, float, str]]] = {root: [] for root in roots}
        for _ in range(args.runs):
            for root in roots:
                runs[root].append(run_once(code, env, root))
        for root, results in runs.items():
            wall = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            print(f"{name:<18} {str(root)[-28:]:<28} {wall:>6.2f}  {cpu:>6.2f}  {results[-1][2]}")


if __name__ == "__main__":
    main()
