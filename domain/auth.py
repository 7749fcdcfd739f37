"""API tokens: issue one for a user (created on demand) and authenticate a bearer token to a Principal."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from db.models import ApiToken, User, Workspace
from db.transactions import in_transaction
from domain.errors import BadUserInput, Unauthenticated
from domain.tenancy import Principal

TOKEN_PREFIX = "vt_"
LOCAL_EMAIL = "local@vitrine.localhost"
LOCAL_WORKSPACE = "local"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


async def ensure_user(email: str, workspace_name: str) -> User:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise BadUserInput(f"{email!r} is not an email address", field="email")
    if not workspace_name.strip():
        raise BadUserInput("workspace name is empty", field="workspace")
    async with in_transaction():
        workspace, _ = await Workspace.get_or_create(name=workspace_name.strip())
        user, _ = await User.get_or_create(workspace=workspace, email=email, defaults={"name": email.split("@")[0]})
    return user


async def issue_token(email: str, workspace_name: str, label: str = "", *, ops: bool = False) -> str:
    """Create the user and workspace if needed and return a new token; only its hash is stored. `ops`: an
    operator's token, which may also use the diagnostics (domain.tenancy.require_ops)."""
    user = await ensure_user(email, workspace_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken.create(user=user, token_hash=hash_token(token), label=label, ops=ops)
    return token


def principal_of(user: User, *, ops: bool = False) -> Principal:
    return Principal(
        user_id=user.id,
        workspace_id=user.workspace_id,  # type: ignore[arg-type]
        email=user.email,
        name=user.name,
        ops=ops,
    )


async def authenticate(authorization: str | None) -> Principal:
    """`Bearer <token>` -> the token's user. Anything else is UNAUTHENTICATED."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send an API token as `Authorization: Bearer <token>`.")
    record = await ApiToken.get_or_none(token_hash=hash_token(token.strip())).select_related("user")
    if record is None:
        raise Unauthenticated("The API token is not valid.")
    now = datetime.now(UTC)
    if record.last_used_at is None or now - record.last_used_at > _LAST_USED_RESOLUTION:
        await ApiToken.filter(id=record.id).update(last_used_at=now)
    return principal_of(record.user, ops=record.ops)


async def local_principal() -> Principal:
    """The embedded default's token-less caller (loopback only). Not an operator: any web page the merchant opens
    can send requests to 127.0.0.1, and none may hold the workers."""
    return principal_of(await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE))
