"""GraphQL surface of the workspace's list signals: something was created or deleted, re-read your list."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from domain.workspace_events import Change, Kind
from resolvers import workspace as resolve

strawberry.enum(Kind, name="WorkspaceEventKind", description="What kind of item an event is about.")
strawberry.enum(Change, name="WorkspaceChange", description="What happened to it.")


@strawberry.type(description="An item of your workspace was created, changed or deleted (a signal: re-read the list).")
class WorkspaceEvent:
    kind: Kind
    id: strawberry.ID = strawberry.field(description="The item's id (for WORKSPACE/SUBSCRIBED, the workspace's).")
    change: Change


@strawberry.type
class WorkspaceSubscription:
    @strawberry.subscription(
        description="Your workspace's events: first WORKSPACE/SUBSCRIBED once listening (read your lists then), "
        "then one per CTA job, product, work, upload, batch or store account created or deleted (a product "
        "also when its page was read), PREVIEW when previews are requested, rendered or cleared, and LISTING_PLAN "
        "(the account's id) when a belt changes. Only your own workspace's, whoever made them."
    )
    async def workspace_updated(self, info: strawberry.Info) -> AsyncGenerator[WorkspaceEvent, None]:
        async for event in await resolve.workspace_updates(info):
            yield WorkspaceEvent(kind=event.kind, id=strawberry.ID(event.id), change=event.change)
