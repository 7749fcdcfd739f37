"""The OpenAI image generator: the chosen product images (then any reference images) sent to the images edit
endpoint with the workflow's prompt, `count` images back, each cropped to the asked aspect ratio."""

from __future__ import annotations

from typing import Any

from openai import AsyncOpenAI
from openai.types import ImagesResponse

from integrations import cpu
from integrations.ai import openai_images
from integrations.ai.base import MalformedOutput, ProviderError
from integrations.ai.capabilities import GenerationRequest, Progress
from integrations.ai.openai_provider import call_api, make_client

# The sizes the edit endpoint makes, by the orientation of the asked ratio; the answer is then cropped to it.
_API_SIZE = {"1:1": "1024x1024", "4:5": "1024x1536", "3:4": "1024x1536", "9:16": "1024x1536", "16:9": "1536x1024"}
OUTPUT_SIZES: dict[str, tuple[int, int]] = {
    "1:1": (1024, 1024),
    "4:5": (1024, 1280),
    "3:4": (1024, 1365),
    "9:16": (864, 1536),
    "16:9": (1536, 864),
}


class OpenAIImageGenerator:
    """One edit call per job: `n` images from the same inputs and prompt (the prompt is the workflow's, sent as
    is, so the provenance records exactly what was asked)."""

    name = "openai"

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = "gpt-image-1",
        client: AsyncOpenAI | None = None,
        *,
        timeout: float = 300.0,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self._client = make_client(api_key, base_url, client)
        self._owns_client = client is None

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.close()

    async def generate_images(self, request: GenerationRequest, progress: Progress | None = None) -> list[bytes]:
        if request.aspect_ratio not in _API_SIZE:
            raise ProviderError(f"no image size for aspect ratio {request.aspect_ratio!r}")
        named = [(f"product-{i + 1}.png", data) for i, data in enumerate(request.product_images)]
        named += [(f"{role}.png", data) for role, data in request.references.items()]
        files = [(name, await cpu.run(openai_images.upload_png, data), "image/png") for name, data in named]
        # GPT image models always answer in base64 and reject `response_format`; DALL·E needs to be asked.
        extra: dict[str, Any] = {"response_format": "b64_json"} if self.model.startswith("dall-e") else {}

        async def call() -> ImagesResponse:
            return await self._client.images.edit(
                model=self.model,
                image=files,
                prompt=request.prompt,
                size=_API_SIZE[request.aspect_ratio],
                n=request.count,
                timeout=self.timeout,
                **extra,
            )

        response = await call_api(call, what=f"OpenAI {request.workflow} images")
        encoded = [item.b64_json for item in response.data or [] if item.b64_json]
        if len(encoded) < request.count:
            raise MalformedOutput(f"OpenAI returned {len(encoded)} images (expected {request.count}, as b64_json)")
        images = []
        for item in encoded[: request.count]:
            images.append(await cpu.run(openai_images.fitted_png, item, OUTPUT_SIZES[request.aspect_ratio]))
        if progress is not None:
            await progress(100)
        return images
