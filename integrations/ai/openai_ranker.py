"""The optional OpenAI vision re-ranker: reorders a product's top image candidates by suitability for an ad."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion, ChatCompletionContentPartParam, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from integrations.ai.base import MalformedOutput, ProviderRefused
from integrations.ai.openai_provider import call_api, make_client

# Only the head of the local ranking is sent: the round robin rarely reaches further, and every image
# costs tokens and latency.
DEFAULT_MAX_CANDIDATES = 6

_SYSTEM_PROMPT = (
    "You choose product photos for online-shop ads. Rank the candidate images from most to least suitable "
    "as the main image of an ad for the named product: the product itself, whole and clearly visible, "
    "sharp, well lit, with little clutter. Logos, icons, size charts, banners and photos of other products "
    "go last."
)


def _response_format(urls: list[str]) -> ResponseFormatJSONSchema:
    # The enum lets strict structured output reject invented URLs; the answer is still checked below,
    # since a compatible server behind OPENAI_BASE_URL may not enforce schemas.
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "image_ranking",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {"ranked_urls": {"type": "array", "items": {"type": "string", "enum": urls}}},
                "required": ["ranked_urls"],
                "additionalProperties": False,
            },
        },
    }


class OpenAIImageReranker:
    """Asks a vision model to reorder candidates, once: any failure (a 429 or a 5xx included) raises ProviderError
    and the caller keeps its own ranking. The ranking is an optional refinement inside the scrape step, so a failure
    is neither retried here nor allowed to fail the step."""

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = "gpt-4o-mini",
        max_candidates: int = DEFAULT_MAX_CANDIDATES,
        client: AsyncOpenAI | None = None,
        *,
        timeout: float = 30.0,
    ) -> None:
        if max_candidates < 2:
            raise ValueError("max_candidates must be at least 2")
        self.model = model
        self.max_candidates = max_candidates
        self.timeout = timeout
        self._client = make_client(api_key, base_url, client)
        self._owns_client = client is None

    async def aclose(self) -> None:
        """Close the HTTP connections, unless the client was handed in (then its owner closes it)."""
        if self._owns_client:
            await self._client.close()

    async def rerank(self, title: str, image_urls: list[str]) -> list[str]:
        """A permutation of `image_urls`: the top candidates in the model's order, then everything else."""
        candidates = list(dict.fromkeys(image_urls))[: self.max_candidates]
        if len(candidates) < 2:
            return list(image_urls)

        content: list[ChatCompletionContentPartParam] = [
            {"type": "text", "text": f"Product: {title}\nCandidates, in the order we currently rank them:"}
        ]
        for number, url in enumerate(candidates, start=1):
            content.append({"type": "text", "text": f"Image {number}: {url}"})
            content.append({"type": "image_url", "image_url": {"url": url, "detail": "low"}})
        content.append({"type": "text", "text": "Return every candidate URL in ranked_urls, best first."})
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": _SYSTEM_PROMPT},
            {"role": "user", "content": content},
        ]

        async def call() -> ChatCompletion:
            return await self._client.chat.completions.create(
                model=self.model,
                messages=messages,
                response_format=_response_format(candidates),
                timeout=self.timeout,
            )

        completion = await call_api(call, what=f"OpenAI image ranking for {title!r}")
        return merge_ranking(image_urls, candidates, _ranked_urls(completion, title))


def _ranked_urls(completion: ChatCompletion, title: str) -> list[Any]:
    if not completion.choices:
        raise MalformedOutput(f"OpenAI returned no choices when ranking images for {title!r}")
    choice = completion.choices[0]
    if choice.message.refusal:
        raise ProviderRefused(f"OpenAI declined to rank images for {title!r}: {choice.message.refusal}")
    if choice.finish_reason == "content_filter":
        raise ProviderRefused(f"OpenAI's content filter stopped the image ranking for {title!r}")
    if choice.finish_reason == "length" or not choice.message.content:
        raise MalformedOutput(f"OpenAI's image ranking for {title!r} is empty or cut off")
    try:
        payload = json.loads(choice.message.content)
    except json.JSONDecodeError as exc:
        raise MalformedOutput(f"OpenAI's image ranking for {title!r} is not valid JSON: {exc}") from exc
    ranked = payload.get("ranked_urls") if isinstance(payload, dict) else None
    if not isinstance(ranked, list):
        raise MalformedOutput(f"OpenAI's image ranking for {title!r} has no ranked_urls list")
    return ranked


def merge_ranking(image_urls: list[str], candidates: list[str], ranked: list[Any]) -> list[str]:
    """The model's order for the candidates it named, then candidates it left out, then the rest as given.

    Unknown or repeated URLs in the answer are ignored, and every input URL appears exactly as many times
    as it was given, so the caller always gets a permutation of its own list.
    """
    allowed = set(candidates)
    head: list[str] = []
    for url in ranked:
        if isinstance(url, str) and url in allowed and url not in head:
            head.append(url)
    head += [url for url in candidates if url not in head]
    remaining = Counter(image_urls)
    remaining.subtract(head)
    tail: list[str] = []
    for url in image_urls:
        if remaining[url] > 0:
            tail.append(url)
            remaining[url] -= 1
    return head + tail
