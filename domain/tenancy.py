"""Who is calling, and the one way to read a row on their behalf: another workspace's row does not exist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain.errors import Forbidden, NotFound

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    workspace_id: uuid.UUID
    email: str
    name: str
    # An operator (a token made with `vitrine create-token --ops`): may use what holds workers on request (the
    # diagnostics). Merchant tokens and the embedded local user are not operators.
    ops: bool = False
    # The bearer token this caller came with (None for the embedded local user) and when it expires (None: never).
    token_id: uuid.UUID | None = None
    token_expires_at: datetime | None = None


def require_ops(principal: Principal, what: str) -> None:
    """Operator-only surface: a merchant (or the local user, whom any page on this machine can act as) is refused."""
    if not principal.ops:
        raise Forbidden(f"{what} is for operators: use a token made with `vitrine create-token --ops`.")


def parse_id(value: object, kind: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound.of(kind, value) from None


def owned(model: type[M], principal: Principal) -> QuerySet[M]:
    """Every query for workspace-owned rows starts here."""
    return model.filter(workspace_id=principal.workspace_id)


async def get_owned(model: type[M], principal: Principal, ident: object, kind: str | None = None) -> M:
    kind = kind or model.__name__
    row = await owned(model, principal).get_or_none(id=parse_id(ident, kind))
    if row is None:
        raise NotFound.of(kind, ident)
    return row
