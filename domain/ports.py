"""The outside world as the domain sees it (media, fetcher, AI), built from settings and swappable in tests.

This module declares the ports; the integrations that implement them are imported only when a port is built
(build_ports, the defaults below), so importing the domain does not load the OpenAI SDK, Pillow or the HTTP
stack into every process that merely declares tasks (the scheduler, migrate, create-token).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from settings import Settings, get_settings

if TYPE_CHECKING:
    from integrations.ai.base import CreativeProvider, ImageReranker
    from integrations.ai.capabilities import Compositor, ImageGenerator, ListingWriter
    from integrations.fetcher import SafeFetcher
    from integrations.media import MediaStorage
    from integrations.publishers import Publisher


def _local_compositor() -> Compositor:
    from integrations.ai.local_compositor import LocalCompositor

    return LocalCompositor()


def _local_generator() -> ImageGenerator:
    from integrations.ai.local_generator import LocalImageGenerator

    return LocalImageGenerator()


def _local_listing_writer() -> ListingWriter:
    from integrations.ai.listing_copy import LocalListingWriter

    return LocalListingWriter()


@dataclass
class Ports:
    media: MediaStorage
    creative: CreativeProvider
    new_fetcher: Callable[[], SafeFetcher]
    reranker: ImageReranker | None = None
    compositor: Compositor = field(default_factory=_local_compositor)
    generator: ImageGenerator = field(default_factory=_local_generator)  # batch generation's images
    listing_writer: ListingWriter = field(default_factory=_local_listing_writer)
    # (url, secrets) -> the publisher a webhook account sends through; None: a signed POST via the safe fetcher.
    # `secrets`: the current secret first, then a rotated-out one still in its grace period.
    webhook: Callable[[str, Sequence[str]], Publisher] | None = None

    def webhook_publisher(self, url: str, secrets: Sequence[str]) -> Publisher:
        if self.webhook:
            return self.webhook(url, secrets)
        from integrations.publishers import WebhookPublisher

        return WebhookPublisher(url, secrets, self.new_fetcher)


_ports: Ports | None = None


def build_ports(settings: Settings) -> Ports:
    from integrations.ai.factory import (
        make_compositor,
        make_creative_provider,
        make_image_generator,
        make_image_reranker,
        make_listing_writer,
    )
    from integrations.fetcher import SafeFetcher
    from integrations.media import open_media_store

    return Ports(
        media=open_media_store(settings),
        creative=make_creative_provider(settings),
        new_fetcher=lambda: SafeFetcher(allow_private=settings.allow_private_urls),
        reranker=make_image_reranker(settings),
        compositor=make_compositor(settings),
        generator=make_image_generator(settings),
        listing_writer=make_listing_writer(settings),
    )


def ports() -> Ports:
    global _ports
    if _ports is None:
        _ports = build_ports(get_settings())
    return _ports


def install(new: Ports | None) -> None:
    """Set at start-up from the process's settings; tests install their own."""
    global _ports
    _ports = new
