"""A fake OpenAI-compatible HTTP server for tests: scripted replies, recorded requests, served on loopback."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from PIL import Image
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any = None
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[tuple[str | None, str | None, bytes]]] = field(default_factory=dict)


@dataclass
class ScriptedReply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeOpenAI:
    """Runs a Starlette app under uvicorn in a daemon thread; the SDK reaches it through `base_url`.

    A real server (rather than a transport mock) is used because openai 3.x sends through httpx2, which
    respx does not patch, and because it exercises base_url handling exactly as OPENAI_BASE_URL would.
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._replies: dict[str, deque[ScriptedReply]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST"])])
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fake OpenAI server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._sock.close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._replies.clear()

    def reply(
        self, path: str, body: Any, status: int = 200, headers: dict[str, str] | None = None, delay: float = 0.0
    ) -> None:
        """Queue one reply for `path` (e.g. "/v1/chat/completions"), sent after `delay` seconds; in order."""
        with self._lock:
            self._replies[path].append(ScriptedReply(status, body, headers or {}, delay))

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    async def _handle(self, request: Request) -> Response:
        recorded = RecordedRequest(request.method, request.url.path, dict(request.headers))
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            async with request.form() as form:  # closes the spooled upload files
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        data = await value.read()
                        recorded.files.setdefault(key, []).append((value.filename, value.content_type, data))
                    else:
                        recorded.form.setdefault(key, []).append(value)
        elif content_type.startswith("application/json"):
            recorded.json = json.loads(await request.body())
        with self._lock:
            self.requests.append(recorded)
            queue = self._replies.get(request.url.path)
            scripted = queue.popleft() if queue else None
        if scripted is None:
            # An unscripted call is a test bug: answer with a non-retryable error that names the path.
            return JSONResponse(
                error_body(f"fake server: no reply scripted for {request.url.path}", "invalid_request_error"),
                status_code=404,
            )
        if scripted.delay:
            await asyncio.sleep(scripted.delay)
        return JSONResponse(scripted.body, status_code=scripted.status, headers=scripted.headers)


def chat_completion(
    content: str | None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str = "gpt-4o-mini-2024-07-18",
) -> dict[str, Any]:
    """A chat completion body shaped like the real API's."""
    return {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion",
        "created": 1741569952,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal, "annotations": []},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": 182,
            "completion_tokens": 61,
            "total_tokens": 243,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_06737a9306",
    }


def images_response(png: bytes) -> dict[str, Any]:
    """An images.generate / images.edit body for a GPT image model (always b64_json)."""
    return {
        "created": 1713833628,
        "data": [{"b64_json": base64.b64encode(png).decode()}],
        "background": "opaque",
        "output_format": "png",
        "quality": "medium",
        "size": "1024x1024",
        "usage": {
            "total_tokens": 1100,
            "input_tokens": 50,
            "output_tokens": 1050,
            "input_tokens_details": {"text_tokens": 10, "image_tokens": 40},
        },
    }


def error_body(message: str, type_: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def png_bytes(size: tuple[int, int], color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()
