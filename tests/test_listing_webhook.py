"""The webhook publisher and the safe fetcher's POST: a signed body, the address rule, no redirects, caps."""

from __future__ import annotations

import time

import pytest

from integrations.fetcher import FetchLimits, HttpStatusError, ResponseTooLarge, SafeFetcher, UrlRefused
from integrations.publishers import Publication, WebhookPublisher, body_of, signature, verify_signature
from tests.http_fixtures import Response, TestServer, always, redirect, serve
from tests.listing_support import SECRET, receiving

PUBLICATION = Publication(
    document={"slotId": "s-1", "title": "Tote", "bulletPoints": ["a", "b"]}, idempotency_key="s-1"
)


async def test_the_listing_is_posted_signed_with_the_slot_as_idempotency_key() -> None:
    async with receiving() as receiver:
        publisher = WebhookPublisher(receiver.url, SECRET, lambda: SafeFetcher(allow_private=True))
        receipt = await publisher.publish(PUBLICATION)
    (delivery,) = receiver.deliveries
    assert delivery.body == body_of(PUBLICATION.document) and delivery.document == PUBLICATION.document
    assert delivery.headers["content-type"] == "application/json"
    header = delivery.headers["x-vitrine-signature"]
    timestamp = int(header.split(",")[0].removeprefix("t="))
    assert header == signature(delivery.body, [SECRET], timestamp) and abs(time.time() - timestamp) < 60
    assert verify_signature(delivery.body, SECRET, delivery.headers["x-vitrine-signature"])
    assert not verify_signature(delivery.body, "another-secret-0123456", delivery.headers["x-vitrine-signature"])
    assert delivery.headers["idempotency-key"] == "s-1" and delivery.headers["x-vitrine-event"] == "listing.published"
    assert receipt.published_url == "https://store.example/listings/1"


async def test_a_post_obeys_the_address_rule() -> None:
    async with serve(TestServer(routes={"/hook": always(Response(200))})) as server:
        publisher = WebhookPublisher(server.url("/hook"), SECRET, lambda: SafeFetcher(allow_private=False))
        with pytest.raises(UrlRefused):
            await publisher.publish(PUBLICATION)
    assert server.connections == 0


async def test_a_post_is_never_redirected() -> None:
    routes = {"/hook": always(redirect("/elsewhere", 307)), "/elsewhere": always(Response(200))}
    async with serve(TestServer(routes=routes)) as server, SafeFetcher(allow_private=True) as fetcher:
        with pytest.raises(HttpStatusError) as caught:
            await fetcher.post(server.url("/hook"), b"{}", {})
    assert caught.value.status == 307 and not caught.value.transient
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/hook")]


@pytest.mark.parametrize(("status", "transient"), [(503, True), (429, True), (404, False), (410, False)])
async def test_error_answers_say_whether_a_retry_may_help(status: int, transient: bool) -> None:
    async with (
        serve(TestServer(routes={"/hook": always(Response(status))})) as server,
        SafeFetcher(allow_private=True) as fetcher,
    ):
        with pytest.raises(HttpStatusError) as caught:
            await fetcher.post(server.url("/hook"), b"{}", {})
    assert caught.value.transient is transient and f"HTTP {status}" in caught.value.message


async def test_a_huge_answer_is_abandoned_at_the_cap() -> None:
    limits = FetchLimits(max_html_bytes=1000)
    routes = {"/hook": always(Response(200, {"content-type": "text/plain"}, b"x" * 5000))}
    async with serve(TestServer(routes=routes)) as server, SafeFetcher(allow_private=True, limits=limits) as fetcher:
        with pytest.raises(ResponseTooLarge):
            await fetcher.post(server.url("/hook"), b"{}", {})
