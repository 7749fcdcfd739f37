"""The OpenAI creative provider (structured-output copy, gpt-image backgrounds), the client every OpenAI integration
uses, and the mapping of the SDK's errors to ours.

Nothing here retries: every client is built with `max_retries=0` and a failed call raises at once, as transient
(a timeout, a 429, a 5xx: `ProviderRateLimited`/`ProviderUnavailable`, which the feature's step hands to the task
kernel as `TransientFailure`, so the kind's declared retry schedule runs the whole step again) or permanent.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import openai
from openai import AsyncOpenAI
from openai.types import ImagesResponse
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from integrations import cpu
from integrations.ai import openai_images
from integrations.ai.base import (
    BACKGROUND_SIZE,
    MalformedOutput,
    ProductBrief,
    ProviderError,
    ProviderRateLimited,
    ProviderRefused,
    ProviderUnavailable,
    Suggestion,
)
from integrations.ai.capabilities import Recipe

T = TypeVar("T")

# Error codes the API uses when its safety system rejects a prompt or an input image.
_REFUSAL_CODES = {"moderation_blocked", "content_policy_violation", "content_filter"}

COPY_FIELDS = ("headline", "subheadline", "callToAction", "description")
COPY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "headline": {"type": "string", "description": "At most 8 words; names the product or its main benefit."},
        "subheadline": {"type": "string", "description": "At most 14 words; supports the headline."},
        "callToAction": {"type": "string", "description": "2 to 4 words for a button, e.g. 'Shop now'."},
        "description": {"type": "string", "description": "One or two sentences, at most 240 characters."},
    },
    "required": list(COPY_FIELDS),
    "additionalProperties": False,
}
COPY_RESPONSE_FORMAT: ResponseFormatJSONSchema = {
    "type": "json_schema",
    "json_schema": {"name": "cta_copy", "strict": True, "schema": COPY_SCHEMA},
}

_COPY_SYSTEM_PROMPT = (
    "You write short, persuasive copy for call-to-action ads of an online shop. Use only the facts you are "
    "given: never invent prices, discounts, materials or claims. Write in the language of the product title. "
    "Plain text only: no emoji, no hashtags, no quotation marks around the fields."
)
# Each variant gets its own angle, so a batch of variants is a real choice rather than near-duplicates.
COPY_ANGLES = (
    "lead with the main benefit to the buyer",
    "paint the moment of using it in everyday life",
    "stress quality and how it is made",
    "speak to value for money (mention the price only if given)",
    "create gentle urgency without false scarcity",
)
BACKGROUND_SCENES = (
    "a bright, minimal studio set with soft daylight and a gentle shadow",
    "a warm lifestyle scene on a wooden table with a softly blurred home interior",
    "an outdoor setting in golden-hour light with shallow depth of field",
    "a bold colour-blocked set with simple geometric podiums",
    "a calm marble surface with soft reflections and diffuse light",
)


class OpenAICreativeProvider:
    """Copy from a chat completion with a strict JSON schema; backgrounds from the image edit endpoint."""

    name = "openai"

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        copy_model: str = "gpt-4o-mini",
        image_model: str = "gpt-image-1",
        client: AsyncOpenAI | None = None,
        *,
        copy_timeout: float = 60.0,
        image_timeout: float = 180.0,
    ) -> None:
        self.copy_model = copy_model
        self.image_model = image_model
        self.copy_timeout = copy_timeout
        self.image_timeout = image_timeout
        self._client = make_client(api_key, base_url, client)
        self._owns_client = client is None

    async def aclose(self) -> None:
        """Close the HTTP connections, unless the client was handed in (then its owner closes it)."""
        if self._owns_client:
            await self._client.close()

    async def generate_copy(self, brief: ProductBrief, variant_index: int) -> Suggestion:
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": _COPY_SYSTEM_PROMPT},
            {"role": "user", "content": copy_prompt(brief, variant_index)},
        ]

        async def call() -> ChatCompletion:
            return await self._client.chat.completions.create(
                model=self.copy_model,
                messages=messages,
                response_format=COPY_RESPONSE_FORMAT,
                timeout=self.copy_timeout,
            )

        completion = await call_api(call, what=f"OpenAI copy for {brief.title!r}")
        return parse_copy(completion, brief.title)

    def describe_background(self, brief: ProductBrief, variant_index: int) -> Recipe:
        """For the background's provenance: the image model and the very prompt `generate_background` sends."""
        return Recipe(provider=self.name, model=self.image_model, prompt=background_prompt(brief, variant_index))

    async def generate_background(self, brief: ProductBrief, product_image: bytes, variant_index: int) -> bytes:
        upload = await cpu.run(openai_images.upload_png, product_image)
        prompt = background_prompt(brief, variant_index)
        # GPT image models always answer in base64 and reject `response_format`; DALL·E needs to be asked.
        extra: dict[str, Any] = {"response_format": "b64_json"} if self.image_model.startswith("dall-e") else {}

        async def call() -> ImagesResponse:
            return await self._client.images.edit(
                model=self.image_model,
                image=("product.png", upload, "image/png"),
                prompt=prompt,
                size=f"{BACKGROUND_SIZE}x{BACKGROUND_SIZE}",
                n=1,
                timeout=self.image_timeout,
                **extra,
            )

        response = await call_api(call, what=f"OpenAI background for {brief.title!r}")
        encoded = response.data[0].b64_json if response.data else None
        if not encoded:
            raise MalformedOutput("OpenAI returned no image data (expected b64_json) for the background")
        return await cpu.run(openai_images.square_png, encoded)


def make_client(api_key: str, base_url: str | None, client: AsyncOpenAI | None) -> AsyncOpenAI:
    """The client an OpenAI integration calls through, with the SDK's own retries off (`max_retries=0`): only the
    task kernel retries, on the task kind's schedule, and a call never outlasts its timeout in a worker."""
    if client is not None:
        return client.with_options(max_retries=0)
    # base_url None lets the SDK fall back to OPENAI_BASE_URL, as documented for the setting.
    return AsyncOpenAI(api_key=api_key, base_url=base_url, max_retries=0)


async def call_api(call: Callable[[], Awaitable[T]], *, what: str) -> T:
    """One API call, once: its answer, or its failure as a ProviderError (transient or permanent) naming `what`."""
    try:
        return await call()
    except openai.OpenAIError as exc:
        raise translate_error(exc, what) from exc


def translate_error(exc: openai.OpenAIError, what: str) -> ProviderError:
    """Map an SDK exception to our errors: transient (retry later) or permanent (say why and stop)."""
    if isinstance(exc, openai.APITimeoutError):
        return ProviderUnavailable(f"{what}: the request timed out")
    if isinstance(exc, openai.APIConnectionError):
        return ProviderUnavailable(f"{what}: could not reach the API ({exc.message})")
    if isinstance(exc, openai.APIResponseValidationError):
        return MalformedOutput(f"{what}: the API answered with an unexpected body ({exc.message})")
    if isinstance(exc, openai.APIStatusError):
        detail = f"{exc.message} (HTTP {exc.status_code}"
        detail += f", request {exc.request_id})" if exc.request_id else ")"
        if exc.status_code == 429:
            if exc.code == "insufficient_quota":
                return ProviderError(f"{what}: the OpenAI account has run out of quota: {detail}")
            return ProviderRateLimited(f"{what}: rate limited: {detail}")
        if exc.status_code in (408, 409) or exc.status_code >= 500:
            return ProviderUnavailable(f"{what}: the API failed: {detail}")
        if exc.code in _REFUSAL_CODES:
            return ProviderRefused(f"{what}: refused by the safety system: {detail}")
        if exc.status_code in (401, 403):
            return ProviderError(f"{what}: the API key was rejected: {detail}")
        return ProviderError(f"{what}: the request was rejected: {detail}")
    return ProviderError(f"{what}: {exc}")


def copy_prompt(brief: ProductBrief, variant_index: int) -> str:
    facts = {
        "title": brief.title,
        "brand": brief.brand,
        "price": f"{brief.price} {brief.currency or ''}".strip() if brief.price is not None else None,
        "description": (brief.description or "")[:2000] or None,
        "url": brief.url,
    }
    known = "\n".join(f"- {key}: {value}" for key, value in facts.items() if value)
    angle = COPY_ANGLES[variant_index % len(COPY_ANGLES)]
    return (
        f"Product facts:\n{known}\n\n"
        f"This is variant {variant_index + 1} of several ads for this product; for this one, {angle}. "
        "Return the headline, subheadline, callToAction and description."
    )


def parse_copy(completion: ChatCompletion, title: str) -> Suggestion:
    """The suggestion in a structured-output completion, or a clear refusal / malformed-output error."""
    if not completion.choices:
        raise MalformedOutput(f"OpenAI returned no choices for the copy of {title!r}")
    choice = completion.choices[0]
    message = choice.message
    if message.refusal:
        raise ProviderRefused(f"OpenAI declined to write copy for {title!r}: {message.refusal}")
    if choice.finish_reason == "content_filter":
        raise ProviderRefused(f"OpenAI's content filter stopped the copy for {title!r}")
    if choice.finish_reason == "length":
        raise MalformedOutput(f"OpenAI's copy for {title!r} was cut off before the JSON was complete")
    if not message.content:
        raise MalformedOutput(f"OpenAI returned an empty message for the copy of {title!r}")
    try:
        payload = json.loads(message.content)
    except json.JSONDecodeError as exc:
        raise MalformedOutput(f"OpenAI's copy for {title!r} is not valid JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise MalformedOutput(f"OpenAI's copy for {title!r} is not a JSON object")
    bad = [f for f in COPY_FIELDS if not isinstance(payload.get(f), str) or not payload[f].strip()]
    if bad:
        raise MalformedOutput(f"OpenAI's copy for {title!r} lacks text for: {', '.join(bad)}")
    return Suggestion(
        headline=payload["headline"].strip(),
        subheadline=payload["subheadline"].strip(),
        call_to_action=payload["callToAction"].strip(),
        description=payload["description"].strip(),
    )


def background_prompt(brief: ProductBrief, variant_index: int) -> str:
    scene = BACKGROUND_SCENES[variant_index % len(BACKGROUND_SCENES)]
    product = f"{brief.brand} {brief.title}" if brief.brand and brief.brand not in brief.title else brief.title
    return (
        f"Advertising photo for an online shop. The product is: {product}. Keep the product exactly as it "
        f"appears in the image (same shape, colours, labels and proportions) and place it in {scene}. "
        "Square composition, product in focus, calm empty space around it for a headline. "
        "No added text, no extra logos, no watermarks."
    )
