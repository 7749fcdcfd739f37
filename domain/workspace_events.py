"""Workspace-level signals for lists: "a CTA job, product, work, upload, batch or store account was created or
deleted", so a list open in one tab shows what another tab or client made without a reload; and for a product's
page, which shows its previews and the belts it sits on: "previews were requested, rendered or cleared", "an
account's listing plan changed".

Like every live event these are signals, not the truth: a client re-reads its list on them. The topic is the
workspace's own (`workspace:<id>`), and a subscriber's topic comes from its own principal, never from an argument,
so nobody can follow another workspace's events. Each use case announces after its transaction committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain import live
from domain.tenancy import Principal
from integrations.event_bus import get_event_bus


class Kind(StrEnum):
    WORKSPACE = "WORKSPACE"  # the first event of a subscription: it is listening now (re-read your lists)
    CTA_JOB = "CTA_JOB"
    PRODUCT = "PRODUCT"
    WORK = "WORK"
    UPLOAD = "UPLOAD"
    BATCH = "BATCH"
    STORE_ACCOUNT = "STORE_ACCOUNT"
    PREVIEW = "PREVIEW"  # previews requested (one event per request, whatever their number), rendered, failed, cleared
    LISTING_PLAN = "LISTING_PLAN"  # an account's belt changed (id: the account): a deploy, a removal, a listing


class Change(StrEnum):
    SUBSCRIBED = "SUBSCRIBED"
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"


@dataclass(frozen=True)
class WorkspaceEvent:
    kind: Kind
    id: str
    change: Change


def workspace_topic(workspace_id: object) -> str:
    return f"workspace:{workspace_id}"


async def announce(workspace_id: object, kind: Kind, ident: object, change: Change) -> None:
    """Tell the workspace's lists; never fails the use case that calls it (live.publish logs and counts)."""
    await live.publish(workspace_topic(workspace_id), kind=kind.value, id=str(ident), change=change.value)


async def events(principal: Principal) -> AsyncIterator[WorkspaceEvent]:
    """The caller's workspace's events: first SUBSCRIBED (once listening, so a list read after it misses nothing),
    then every announcement. The bus subscription is in place before this returns."""
    subscription = await get_event_bus().subscribe(workspace_topic(principal.workspace_id))
    return _stream(principal.workspace_id, subscription)


async def _stream(workspace_id: object, subscription: Any) -> AsyncIterator[WorkspaceEvent]:
    try:
        yield WorkspaceEvent(Kind.WORKSPACE, str(workspace_id), Change.SUBSCRIBED)
        async for payload in subscription:
            try:
                yield WorkspaceEvent(Kind(payload["kind"]), str(payload["id"]), Change(payload["change"]))
            except (KeyError, ValueError):  # not one of ours (another version's): skip it
                continue
    finally:
        await subscription.close()
