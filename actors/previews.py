"""Preview actors: render one preview task (the kernel claims it, runs it and retries it on its schedule)."""

from __future__ import annotations

from actors.broker import broker  # noqa: F401  (the broker must exist before any actor is declared)
from actors.runtime import task_actor
from domain import previews

render_preview = task_actor(previews.RENDER)
