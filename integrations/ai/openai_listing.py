"""Listing copy from OpenAI structured output (title, description, bullet points), held to listing_copy's limits."""

from __future__ import annotations

import json
from typing import Any

from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from integrations.ai.base import MalformedOutput, ProductBrief, ProviderRefused
from integrations.ai.capabilities import ListingCopy
from integrations.ai.listing_copy import BULLETS_MAX, TITLE_MAX, shorten
from integrations.ai.openai_provider import call_api, make_client

LISTING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "description": f"The listing title, at most {TITLE_MAX} characters."},
        "description": {"type": "string", "description": "Two to four sentences for the product page."},
        "bulletPoints": {
            "type": "array",
            "items": {"type": "string"},
            "description": f"Three to {BULLETS_MAX} short selling points, one fact each.",
        },
    },
    "required": ["title", "description", "bulletPoints"],
    "additionalProperties": False,
}
LISTING_RESPONSE_FORMAT: ResponseFormatJSONSchema = {
    "type": "json_schema",
    "json_schema": {"name": "listing_copy", "strict": True, "schema": LISTING_SCHEMA},
}
_SYSTEM_PROMPT = (
    "You write product listings for an online store. Use only the facts you are given: never invent prices, "
    "materials, sizes or claims. Write in the language of the product title. Plain text only: no emoji, "
    "no hashtags, no markdown."
)


class OpenAIListingWriter:
    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = "gpt-4o-mini",
        client: AsyncOpenAI | None = None,
        *,
        timeout: float = 60.0,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self._client = make_client(api_key, base_url, client)
        self._owns_client = client is None

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.close()

    async def write_listing(self, brief: ProductBrief) -> ListingCopy:
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": _SYSTEM_PROMPT},
            {"role": "user", "content": listing_prompt(brief)},
        ]

        async def call() -> ChatCompletion:
            return await self._client.chat.completions.create(
                model=self.model, messages=messages, response_format=LISTING_RESPONSE_FORMAT, timeout=self.timeout
            )

        return parse_listing(await call_api(call, what=f"OpenAI listing for {brief.title!r}"), brief.title)


def listing_prompt(brief: ProductBrief) -> str:
    facts = {
        "title": brief.title,
        "brand": brief.brand,
        "price": f"{brief.price} {brief.currency or ''}".strip() if brief.price is not None else None,
        "description": (brief.description or "")[:2000] or None,
    }
    known = "\n".join(f"- {key}: {value}" for key, value in facts.items() if value)
    return f"Product facts:\n{known}\n\nReturn the listing's title, description and bulletPoints."


def parse_listing(completion: ChatCompletion, title: str) -> ListingCopy:
    if not completion.choices:
        raise MalformedOutput(f"OpenAI returned no choices for the listing of {title!r}")
    choice = completion.choices[0]
    if choice.message.refusal:
        raise ProviderRefused(f"OpenAI declined to write the listing for {title!r}: {choice.message.refusal}")
    if choice.finish_reason in ("content_filter", "length") or not choice.message.content:
        raise MalformedOutput(f"OpenAI's listing for {title!r} is incomplete ({choice.finish_reason})")
    try:
        payload = json.loads(choice.message.content)
    except json.JSONDecodeError as exc:
        raise MalformedOutput(f"OpenAI's listing for {title!r} is not valid JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise MalformedOutput(f"OpenAI's listing for {title!r} is not a JSON object")
    text = {key: payload.get(key) for key in ("title", "description")}
    bullets = payload.get("bulletPoints")
    if any(not isinstance(v, str) or not v.strip() for v in text.values()) or not isinstance(bullets, list):
        raise MalformedOutput(f"OpenAI's listing for {title!r} lacks a title, description or bulletPoints")
    points = tuple(b.strip() for b in bullets if isinstance(b, str) and b.strip())[:BULLETS_MAX]
    if not points:
        raise MalformedOutput(f"OpenAI's listing for {title!r} has no bullet points")
    return ListingCopy(
        title=shorten(str(text["title"]).strip(), TITLE_MAX),
        description=str(text["description"]).strip(),
        bullet_points=points,
    )
