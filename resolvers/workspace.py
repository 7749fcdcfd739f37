"""Resolvers for the workspace's own signals: the caller's workspace, from its principal (never an argument)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry

from domain import workspace_events
from resolvers.context import caller


async def workspace_updates(info: strawberry.Info) -> AsyncIterator[workspace_events.WorkspaceEvent]:
    return await workspace_events.events(await caller(info))
