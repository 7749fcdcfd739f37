"""A claimed row as the work sees it: progress, the final write, media tied to the claim, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from db import claims
from domain.live import publish
from domain.ports import ports
from domain.tasks.errors import TransientFailure
from domain.tasks.kind import TaskKind
from settings import get_settings

W = TypeVar("W", bound=Model)


class Superseded(TransientFailure):
    """The claim was taken over (our lease ran out and another worker has the row): stop, write nothing."""


@dataclass
class Claim(Generic[W]):
    kind: TaskKind[W]
    row: W
    lost: bool = False  # set by the heartbeat when the row was taken over
    committed: bool = False  # the final write landed: media written under this claim is the row's now
    media_keys: list[str] = field(default_factory=list)
    # Set by the runner before the kind records a final failure: the last cause was a passing one (a timeout, a
    # 5xx) and the schedule ran out, rather than a failure for good (a 404).
    transient_failure: bool = False

    @property
    def topic(self) -> str:
        return self.kind.topic(self.row)

    async def advance(self, **changes: Any) -> None:
        """Write progress (e.g. the next running status); Superseded if the row is no longer ours."""
        settings = get_settings()
        if not await claims.advance(
            self.kind.model, self.row, lease=settings.job_lease, now=datetime.now(UTC), cols=self.kind.cols, **changes
        ):
            self.lost = True
            raise Superseded(f"{self.kind.name} {self.row.pk} was taken over by another worker")

    async def finish(self, **changes: Any) -> bool:
        """The final write (status done/failed and the result), applied only while the claim is ours."""
        done = await claims.finish(self.kind.model, self.row, cols=self.kind.cols, **changes)
        self.committed = self.committed or done
        self.lost = self.lost or not done
        return done

    async def save_media(self, data: bytes, *, folder: str, extension: str) -> str:
        """Store a file for this attempt; if the attempt does not commit, the kernel removes it."""
        key = await ports().media.save(data, folder=folder, extension=extension)
        self.media_keys.append(key)
        return key

    async def publish(self, **payload: Any) -> None:
        await publish(self.topic, **payload)
