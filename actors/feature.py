"""What a feature asks a process to run, declared in its `actors/<feature>.py` as a value: nothing is registered until
actors.setup.wire reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import media_sweep, scheduling, tasks


@dataclass(frozen=True)
class Feature:
    """What one feature asks the process to run: its task kinds (each an actor), periodic jobs, media folders."""

    name: str
    kinds: tuple[tasks.TaskKind[Any], ...] = ()
    periodic: tuple[scheduling.PeriodicJob, ...] = ()
    media: tuple[tuple[str, media_sweep.KeySource], ...] = ()  # (folder, which of these keys rows point to)
