"""Listing publishers: where a finished listing goes.

- Webhook: the listing as JSON, POSTed through the safe fetcher (public addresses only, capped, timed out), signed
  with `X-Vitrine-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with the account's secret>`.
  `Idempotency-Key` is the slot's id: a receiver that sees it twice (a retry after a lost answer) lists once.
- Catalog: the listing is written back to the product. That write belongs to the database transaction that moves
  the slot to the listed log (so it happens exactly once), so this side only says there is nothing to send.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from integrations.fetcher import SafeFetcher

SIGNATURE_HEADER = "X-Vitrine-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-Vitrine-Event"
EVENT = "listing.published"


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


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, secret: str, header: str) -> bool:
    """What a receiver does (and the tests): recompute and compare in constant time."""
    return hmac.compare_digest(signature(body, secret).encode(), header.encode("utf-8", "replace"))


class WebhookPublisher:
    def __init__(self, url: str, secret: str, new_fetcher: Callable[[], SafeFetcher]) -> None:
        self.url = url
        self._secret = secret
        self._new_fetcher = new_fetcher

    async def publish(self, publication: Publication) -> Receipt:
        """POST the listing; FetchError on failure (transient for timeouts, dropped connections, 429 and 5xx)."""
        body = body_of(publication.document)
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: signature(body, self._secret),
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
