"""Resolvers for the caller's own account."""

from __future__ import annotations

import strawberry

from db.models import User, Workspace
from resolvers.context import caller


async def me(info: strawberry.Info) -> tuple[User, Workspace]:
    principal = await caller(info)
    user = await User.get(id=principal.user_id).select_related("workspace")
    return user, user.workspace
