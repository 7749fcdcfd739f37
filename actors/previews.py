"""Preview actors: render one preview task (the kernel claims it, runs it and retries it on its schedule)."""

from __future__ import annotations

import dramatiq

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import run_task
from domain import previews


@dramatiq.actor(actor_name=previews.RENDER)
def render_preview(task_id: str) -> None:
    run_task(previews.RENDER, task_id)
