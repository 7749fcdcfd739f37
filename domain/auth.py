"""API tokens: issue one for a user (created on demand), authenticate a bearer token to a Principal, list and
revoke a workspace's tokens. A token lives `DEFAULT_LIFETIME` (90 days) unless issued with another lifetime or none
(`never`: service tokens); a revoked token keeps its row (with `revoked_at`) and is refused like an expired one."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from db.models import ApiToken, User, Workspace
from db.transactions import in_transaction
from domain.errors import BadUserInput, NotFound, Unauthenticated
from domain.tenancy import Principal, parse_id

TOKEN_PREFIX = "vt_"
LOCAL_EMAIL = "local@vitrine.localhost"
LOCAL_WORKSPACE = "local"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_LAST_USED_RESOLUTION = timedelta(minutes=5)
DEFAULT_LIFETIME = timedelta(days=90)
# Told the hash of every token revoked by this process, once committed: a cache of who a token is (the request
# context's) drops it at once.
_revocation_listeners: list[Callable[[str], None]] = []


def on_revoked(listener: Callable[[str], None]) -> None:
    """Registered at start by the process that keeps such a cache (main.create_app), never at import; once."""
    if listener not in _revocation_listeners:
        _revocation_listeners.append(listener)


def revocation_listeners() -> list[Callable[[str], None]]:
    return list(_revocation_listeners)


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


async def issue_token(
    email: str,
    workspace_name: str,
    label: str = "",
    *,
    ops: bool = False,
    expires_in: timedelta | None = DEFAULT_LIFETIME,
) -> str:
    """Create the user and workspace if needed and return a new token; only its hash is stored. `ops`: an
    operator's token, which may also use the diagnostics (domain.tenancy.require_ops). `expires_in`: its
    lifetime, None for a token that never expires."""
    if expires_in is not None and expires_in <= timedelta(0):
        raise BadUserInput("a token's lifetime must be positive (or `never`)", field="expiresIn")
    user = await ensure_user(email, workspace_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = None if expires_in is None else datetime.now(UTC) + expires_in
    await ApiToken.create(user=user, token_hash=hash_token(token), label=label, ops=ops, expires_at=expires_at)
    return token


def bearer_token(authorization: str | None) -> str:
    """`Bearer <token>` -> the token. Anything else is UNAUTHENTICATED."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send an API token as `Authorization: Bearer <token>`.")
    return token.strip()


def principal_of(user: User, *, ops: bool = False, token: ApiToken | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        workspace_id=user.workspace_id,  # type: ignore[arg-type]
        email=user.email,
        name=user.name,
        ops=ops,
        token_id=token.id if token is not None else None,
        token_expires_at=token.expires_at if token is not None else None,
    )


def is_expired(expires_at: datetime | None, now: datetime | None = None) -> bool:
    return expires_at is not None and expires_at <= (now or datetime.now(UTC))


async def authenticate(authorization: str | None) -> Principal:
    """`Bearer <token>` -> the token's user. Anything else (no such token, revoked, expired) is UNAUTHENTICATED."""
    record = await ApiToken.get_or_none(token_hash=hash_token(bearer_token(authorization))).select_related("user")
    if record is None:
        raise Unauthenticated("The API token is not valid.")
    now = datetime.now(UTC)
    if record.revoked_at is not None:
        raise Unauthenticated("The API token has been revoked.")
    if is_expired(record.expires_at, now):
        raise Unauthenticated("The API token has expired.")
    if record.last_used_at is None or now - record.last_used_at > _LAST_USED_RESOLUTION:
        await ApiToken.filter(id=record.id).update(last_used_at=now)
    return principal_of(record.user, ops=record.ops, token=record)


async def list_tokens(principal: Principal) -> list[ApiToken]:
    """The caller's workspace's tokens, newest first, revoked and expired ones included (their rows are the audit
    trail); the user is fetched with each (its email names the owner)."""
    return (
        await ApiToken.filter(user__workspace_id=principal.workspace_id)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


async def revoke_token_of(principal: Principal, token_id: object) -> bool:
    """Revoke one of the caller's workspace's tokens (another workspace's is NOT_FOUND). True if this call revoked
    it, False if it already was."""
    ident = parse_id(token_id, "ApiToken")
    row = await ApiToken.get_or_none(id=ident, user__workspace_id=principal.workspace_id)
    if row is None:
        raise NotFound.of("ApiToken", token_id)
    return await _revoke(row)


async def revoke_token(token_or_id: str) -> ApiToken | None:
    """`vitrine revoke-token`: the secret as printed (`vt_…`) or the token's id. None when there is no such token;
    the row (revoked now or before) otherwise."""
    text = token_or_id.strip()
    row: ApiToken | None = None
    if text.startswith(TOKEN_PREFIX):
        row = await ApiToken.get_or_none(token_hash=hash_token(text))
    else:
        try:
            row = await ApiToken.get_or_none(id=uuid.UUID(text))
        except ValueError:
            row = await ApiToken.get_or_none(token_hash=hash_token(text))
    if row is None:
        return None
    await _revoke(row)
    return await ApiToken.get(id=row.id).select_related("user")


async def _revoke(row: ApiToken) -> bool:
    # Conditional: two revocations of one token agree on which of them did it.
    revoked = await ApiToken.filter(id=row.id, revoked_at__isnull=True).update(revoked_at=datetime.now(UTC))
    for listener in _revocation_listeners:
        listener(row.token_hash)
    return bool(revoked)


async def local_principal() -> Principal:
    """The embedded default's token-less caller (loopback only). Not an operator: any web page the merchant opens
    can send requests to 127.0.0.1, and none may hold the workers."""
    return principal_of(await ensure_user(LOCAL_EMAIL, LOCAL_WORKSPACE))
