"""Resolvers for the caller's own account."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from db.models import ApiToken, User, Workspace
from domain import auth
from resolvers.context import caller


async def me(info: strawberry.Info) -> tuple[User, Workspace]:
    principal = await caller(info)
    user = await User.get(id=principal.user_id).select_related("workspace")
    return user, user.workspace


async def api_tokens(info: strawberry.Info) -> tuple[list[ApiToken], datetime]:
    return await auth.list_tokens(await caller(info)), datetime.now(UTC)


async def revoke_token(info: strawberry.Info, token_id: str) -> bool:
    return await auth.revoke_token_of(await caller(info), token_id)
