"""Builds the configured creative provider, image generator and the optional image re-ranker from Settings.

Each implementation is imported only when it is chosen: the OpenAI SDK takes ~0.35 s to import and Pillow some
more, and every `vitrine` process would pay for both at start though the default provider is `local`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integrations.ai.base import CreativeProvider, ImageReranker
    from integrations.ai.capabilities import Compositor, ImageGenerator, ListingWriter
    from settings import Settings


def make_creative_provider(settings: Settings) -> CreativeProvider:
    if settings.ai_provider == "openai":
        if not settings.openai_api_key:
            # Settings refuses this combination already; a hand-built Settings might not have been validated.
            raise ValueError("the openai provider needs OPENAI_API_KEY")
        from integrations.ai.openai_provider import OpenAICreativeProvider

        return OpenAICreativeProvider(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
    from integrations.ai.local import LocalCreativeProvider

    return LocalCreativeProvider()


def make_image_reranker(settings: Settings) -> ImageReranker | None:
    """The vision re-ranker, only when asked for (VITRINE_AI_RANKER) and the openai provider is configured."""
    if not settings.ai_ranker or settings.ai_provider != "openai" or not settings.openai_api_key:
        return None
    from integrations.ai.openai_ranker import OpenAIImageReranker

    return OpenAIImageReranker(api_key=settings.openai_api_key, base_url=settings.openai_base_url)


def make_compositor(settings: Settings) -> Compositor:
    """Preview renders: the images edit API with the openai provider, Pillow otherwise."""
    if settings.ai_provider == "openai":
        if not settings.openai_api_key:
            raise ValueError("the openai provider needs OPENAI_API_KEY")
        from integrations.ai.openai_compositor import OpenAICompositor

        return OpenAICompositor(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
    from integrations.ai.local_compositor import LocalCompositor

    return LocalCompositor()


def make_image_generator(settings: Settings) -> ImageGenerator:
    """Batch generation's images: the images edit API with the openai provider, Pillow compositions locally."""
    if settings.ai_provider == "openai":
        if not settings.openai_api_key:
            raise ValueError("the openai provider needs OPENAI_API_KEY")
        from integrations.ai.openai_generator import OpenAIImageGenerator

        return OpenAIImageGenerator(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
    from integrations.ai.local_generator import LocalImageGenerator

    return LocalImageGenerator()


def make_listing_writer(settings: Settings) -> ListingWriter:
    """The listing copy writer of the configured provider."""
    if settings.ai_provider == "openai" and settings.openai_api_key:
        from integrations.ai.openai_listing import OpenAIListingWriter

        return OpenAIListingWriter(api_key=settings.openai_api_key, base_url=settings.openai_base_url)
    from integrations.ai.listing_copy import LocalListingWriter

    return LocalListingWriter()
