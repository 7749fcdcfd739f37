"""The OpenAI compositor: the images edit endpoint, given the product photo and the artwork, prints one on the other.

One call per render and no retries in place: a failed call goes back to the task kernel as transient (a 5xx, a
timeout, a 429) or permanent (a refusal, a rejected request), and the preview task's own schedule (5/10/20 s)
alone decides when it runs again.
"""

from __future__ import annotations

from typing import Any

from openai import AsyncOpenAI
from openai.types import ImagesResponse

from integrations import cpu
from integrations.ai import openai_images
from integrations.ai.base import MalformedOutput
from integrations.ai.capabilities import PrintArea, Progress, Recipe
from integrations.ai.openai_images import output_size as output_size  # where the tests and scripts look
from integrations.ai.openai_provider import call_api, make_client


class OpenAICompositor:
    name = "openai"

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        image_model: str = "gpt-image-1",
        client: AsyncOpenAI | None = None,
        *,
        timeout: float = 180.0,
    ) -> None:
        self.image_model = image_model
        self.timeout = timeout
        self._client = make_client(api_key, base_url, client)
        self._owns_client = client is None

    def recipe(self, area: PrintArea) -> Recipe:
        return Recipe(provider=self.name, model=self.image_model, prompt=composite_prompt(area))

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.close()

    async def composite(
        self, artwork: bytes, product_image: bytes, area: PrintArea, progress: Progress | None = None
    ) -> bytes:
        product_png, size = await cpu.run(openai_images.product_upload, product_image)
        art_png = await cpu.run(openai_images.upload_png, artwork, "the artwork")
        if progress is not None:
            await progress(20)
        prompt = composite_prompt(area)

        async def call() -> ImagesResponse:
            return await self._client.images.edit(
                model=self.image_model,
                image=[("product.png", product_png, "image/png"), ("artwork.png", art_png, "image/png")],
                prompt=prompt,
                size=size,
                n=1,
                timeout=self.timeout,
                **_fidelity(self.image_model),
            )

        response = await call_api(call, what="OpenAI preview render")
        if progress is not None:
            await progress(85)
        encoded = response.data[0].b64_json if response.data else None
        if not encoded:
            raise MalformedOutput("OpenAI returned no image data (expected b64_json) for the preview")
        return await cpu.run(openai_images.preview_png, encoded)


def _fidelity(model: str) -> dict[str, Any]:
    # Keeping the artwork's details (faces, lettering) is the point of a preview; gpt-image-1 can be asked to.
    return {"input_fidelity": "high"} if model == "gpt-image-1" else {}


def composite_prompt(area: PrintArea) -> str:
    """Where the print goes (as percentages of the product photo) and how it should look."""

    def pct(value: float) -> str:
        return f"{round(value * 100)}%"

    return (
        "The first image is a product photo; the second image is a piece of artwork. Print the artwork onto the "
        f"product inside the print area: from {pct(area.x)} to {pct(area.x + area.width)} of the photo's width "
        f"(from the left) and from {pct(area.y)} to {pct(area.y + area.height)} of its height (from the top). "
        "Fit the whole artwork inside that area, centred, keeping its proportions, colours and details; do not "
        "crop, redraw or restyle it. Make it look printed on the material, not pasted on: it follows the folds, "
        "seams and texture and takes the photo's lighting and shadows. Keep everything else in the photo exactly "
        "as it is: the product, its colour, the background and the framing. No added text, logos or watermarks."
    )
