"""Run as a script by tests/test_no_import_side_effects.py, in a fresh interpreter: imports every module of the
project and prints, as JSON, what the imports changed in the process. Every entry should be empty or unchanged.

Writes are seen by an audit hook (any `open` for writing, a folder made, a file renamed or removed); threads by the
kernel's count of this process's threads (a library's native thread counts too); the registries of the task kernel
through their public readers.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import os
import pkgutil
import signal
import sys
import threading
from typing import Any

PACKAGES = ("actors", "domain", "db", "schema", "resolvers", "integrations", "web")
MODULES = ("cli", "main", "settings", "observability")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
WRITE_EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.truncate", "os.symlink", "shutil.rmtree"}
writes: list[str] = []


def _watch(event: str, args: tuple[Any, ...]) -> None:
    if event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        ):
            writes.append(f"open {path!r} {mode!r}")
    elif event in WRITE_EVENTS:
        writes.append(f"{event} {args[0]!r}")


def native_threads() -> int:
    return len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else threading.active_count()


def project_modules() -> list[str]:
    names: list[str] = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            names.append(info.name)
    return sorted({*names, *MODULES})


def main() -> None:
    threads_before = native_threads()
    python_threads_before = {t.name for t in threading.enumerate()}
    signals_before = {s.name: repr(signal.getsignal(s)) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    environ_before = dict(os.environ)
    root_handlers_before = list(logging.getLogger().handlers)
    sys.addaudithook(_watch)

    imported = project_modules()  # walking a package imports it and its subpackages
    for name in imported:
        importlib.import_module(name)

    import dramatiq.broker

    from db import transactions
    from domain import auth, media_sweep, outbox, scheduling, tasks
    from domain.tasks import reaper

    gc.collect()
    brokers = [o for o in gc.get_objects() if isinstance(o, dramatiq.Broker)]
    actors = [o for o in gc.get_objects() if isinstance(o, dramatiq.Actor)]
    probes = reaper.probes()
    report = {
        "modules": len(imported),
        "dramatiq_global_broker": type(dramatiq.broker.global_broker).__name__
        if dramatiq.broker.global_broker
        else None,
        "brokers": [type(b).__name__ for b in brokers],
        "actors_on_brokers": sorted(name for b in brokers for name in b.actors),
        "actors": sorted(a.actor_name for a in actors),
        "outbox_sender": repr(outbox.sender()) if outbox.sender() else None,
        "reaper_probes": [
            name for name, probe in (("backlog", probes.backlog), ("held_rows", probes.held_rows)) if probe
        ],
        "periodic_jobs": sorted(job.name for job in scheduling.registered()),
        "media_folders": sorted(media_sweep.folders()),
        "task_kinds": sorted(kind.name for kind in tasks.declared()),
        "tortoise_transactions_wrapped": transactions.installed(),
        "revocation_listeners": len(auth.revocation_listeners()),
        "new_threads": native_threads() - threads_before,
        "new_python_threads": sorted({t.name for t in threading.enumerate()} - python_threads_before),
        "writes": writes,
        "signals_changed": sorted(
            s.name
            for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
            if repr(signal.getsignal(s)) != signals_before[s.name]
        ),
        "environ_changed": sorted(
            k for k in {*environ_before, *os.environ} if environ_before.get(k) != os.environ.get(k)
        ),
        "root_log_handlers_added": len(logging.getLogger().handlers) - len(root_handlers_before),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
