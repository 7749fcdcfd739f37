"""Listing publishers: where a finished listing goes.

- Webhook: the listing as JSON, POSTed through the safe fetcher (public addresses only, capped, timed out), signed
  with `X-Vitrine-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (Stripe's scheme: the
  timestamp is signed with the body, so a captured delivery stops verifying once it is older than the receiver's
  tolerance). While a rotated-out secret is still in its grace period, the header carries one `v1=` per secret,
  the newest first.
  `Idempotency-Key` is the slot's id: a receiver that sees it twice (a retry after a lost answer) lists once.
- Catalog: the listing is written back to the product. That write belongs to the database transaction that moves
  the slot to the listed log (so it happens exactly once), so this side only says there is nothing to send.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from integrations.fetcher import SafeFetcher

SIGNATURE_HEADER = "X-Vitrine-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-Vitrine-Event"
EVENT = "listing.published"
TOLERANCE = 300  # seconds: how old a delivery a receiver should accept (the README says 5 minutes)


@dataclass(frozen=True)
class Publication:
    """A listing ready to go: its JSON document and the key that makes sending it twice harmless."""

    document: Mapping[str, Any]
    idempotency_key: str


@dataclass(frozen=True)
class Receipt:
    published_url: str | None = None


@runtime_checkable
class Publisher(Protocol):
    async def publish(self, publication: Publication) -> Receipt: ...


def body_of(document: Mapping[str, Any]) -> bytes:
    """The exact bytes sent and signed: compact, keys sorted, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed_payload(body: bytes, timestamp: int) -> bytes:
    """What is signed: the timestamp, a dot, then the exact body bytes."""
    return str(timestamp).encode() + b"." + body


def signature(body: bytes, secrets: Sequence[str], timestamp: int) -> str:
    """`t=<timestamp>,v1=<hex>` with one `v1=` per secret, in the order given (the current secret first)."""
    payload = signed_payload(body, timestamp)
    signed = (hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest() for secret in secrets)
    return ",".join([f"t={timestamp}", *(f"v1={digest}" for digest in signed)])


def verify_signature(
    body: bytes, secret: str, header: str, *, tolerance: int = TOLERANCE, now: float | None = None
) -> bool:
    """What a receiver does (the README's snippet, line for line, with a clock to pass in): one `t=` within
    `tolerance` seconds of now, and some `v1=` equal, in constant time, to HMAC-SHA256(secret, "<t>.<body>")."""
    items = [part.strip().split("=", 1) for part in header.split(",") if "=" in part]
    stamps = [value for key, value in items if key == "t"]
    clock = time.time() if now is None else now
    if len(stamps) != 1 or not stamps[0].isdigit() or abs(clock - int(stamps[0])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), stamps[0].encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, value) for key, value in items if key == "v1")


class WebhookPublisher:
    def __init__(self, url: str, secrets: str | Sequence[str], new_fetcher: Callable[[], SafeFetcher]) -> None:
        """`secrets`: the account's current secret first, then one still in its grace period after a rotation."""
        self._secrets = (secrets,) if isinstance(secrets, str) else tuple(secrets)  # a lone str is one secret
        if not all(self._secrets) or not self._secrets:
            raise ValueError("a webhook publisher needs a secret")
        self.url = url
        self._new_fetcher = new_fetcher

    async def publish(self, publication: Publication) -> Receipt:
        """POST the listing; FetchError on failure (transient for timeouts, dropped connections, 429 and 5xx)."""
        body = body_of(publication.document)
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: signature(body, self._secrets, int(time.time())),
            IDEMPOTENCY_HEADER: publication.idempotency_key,
            EVENT_HEADER: EVENT,
        }
        async with self._new_fetcher() as fetcher:
            answer = await fetcher.post(self.url, body, headers)
        return Receipt(published_url=_published_url(answer.body, answer.headers))


class CatalogPublisher:
    """Nothing leaves Vitrine: the domain writes the listing into the product as it logs it."""

    async def publish(self, publication: Publication) -> Receipt:
        return Receipt()


def _published_url(body: bytes, headers: Mapping[str, str]) -> str | None:
    """Where the store shows the listing, if the receiver says: `{"url": ...}` in a JSON answer, or Location."""
    try:
        answer = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        answer = None
    if isinstance(answer, dict):
        for key in ("url", "publishedUrl", "published_url"):
            value = answer.get(key)
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                return value[:2048]
    location = {k.lower(): v for k, v in headers.items()}.get("location")
    return location[:2048] if location and location.startswith(("http://", "https://")) else None
