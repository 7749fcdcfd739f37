"""The GraphQL endpoint: Strawberry's ASGI view made GraphQL-over-HTTP compliant, with auth over HTTP and WS.

The overrides follow shared/notes/graphql-http-audit.md (MUST 13/13, SHOULD 23/23, MAY 25/25 there):
content negotiation, 400 without `data` for request errors under application/graphql-response+json, JSON
bodies for transport errors, 405 for a mutation over GET. On top: strict JSON (schema/json_input.py), a coded
400 for a subscription sent over HTTP, and `extensions.code` on every transport error (schema/errors.py).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from domain.errors import DomainError
from resolvers.context import Context
from schema import json_input
from schema.errors import BAD_REQUEST, PAYLOAD_TOO_LARGE
from schema.multipart import MultipartError, operations_with_files
from settings import Settings
from web.graphiql import offline_page
from web.trust import origin_allowed

GQL_RESPONSE, JSON = "application/graphql-response+json", "application/json"
# CVE-2024-47082: a multipart/form-data POST is a CORS "simple request", so any web page can make a browser send
# one, with the browser's credentials, without a preflight. A multipart request must therefore carry a header that
# only a preflighted (same-origin or CORS-allowed) request can carry. These are the names Apollo's clients send.
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
CSRF_REFUSAL = (
    "Multipart requests must carry a non-empty `Apollo-Require-Preflight` (or `X-Apollo-Operation-Name`) header, "
    "so that a browser cannot be made to send one from another site (CSRF)."
)


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower() == "multipart/form-data"


def may_carry_files(request: Request) -> bool:
    """A multipart request is only accepted with a header that forces a CORS preflight."""
    return any(request.headers.get(name, "").strip() for name in PREFLIGHT_HEADERS)


def negotiate(accept: str | None) -> str:
    """Highest-q supported type; missing Accept, */*, application/* or nothing supported -> application/json."""
    best, best_q = JSON, -1.0
    for part in (accept or "").split(","):
        mime, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        mime = mime.lower()
        if mime == GQL_RESPONSE and q > 0 and q > best_q:
            best, best_q = GQL_RESPONSE, q
        elif mime in (JSON, "application/*", "*/*") and q > 0 and q > best_q:
            best, best_q = JSON, q
    return best


def is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable-coercion errors have no path; resolver errors do."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or [])


class GraphQLView(GraphQL[Context, None]):
    def __init__(self, schema: Any, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
            allowed_origins=settings.allowed_origins,
            multipart_uploads_enabled=True,  # with the CSRF check in run(), before any of the body is read
        )
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(request=request, response=response, settings=self.settings)

    async def on_ws_connect(self, context: Context) -> dict[str, Any] | None:
        # Refuse the socket up front (close 4403) rather than failing every subscription on it.
        try:
            await context.principal()
        except DomainError as exc:
            raise ConnectionRejectionError({"message": exc.message, "code": exc.code}) from exc
        context.watch_token()  # closes the socket (4401) once its token is revoked or expires
        return None

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(offline_page(self.graphql_ide_html))  # GraphiQL's files from this server, not a CDN

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub = await super().get_sub_response(request)
        sub.media_type = negotiate(request.headers.get("accept"))
        request.state.gql_sub_response = sub  # process_result() only receives the request
        return sub

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        sub = request.state.gql_sub_response
        if sub.media_type == GQL_RESPONSE and is_request_error(result):
            data.pop("data", None)
            sub.status_code = 400
        return data

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = f"{sub_response.media_type}; charset=utf-8"
        return response

    def encode_json(self, data: object) -> str:
        # orjson writes an answer several times faster than the json module; what it refuses (an integer beyond
        # 64 bits in a JSON value) is written by the json module, as before. Text, not bytes: Strawberry sends
        # bytes over a WebSocket as binary frames, and graphql-transport-ws clients read text frames only.
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return json.dumps(data, separators=(",", ":"))

    def decode_json(self, data: str | bytes) -> object:
        return json_input.loads(data)  # bodies, GET parameters and WebSocket messages alike

    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = self.decode_json(data)
        except json_input.InvalidJson as exc:
            raise HTTPException(400, exc.msg) from None
        if not isinstance(value, dict | list):  # `null` or `"x"` used to be a 500
            raise HTTPException(400, "Expected a JSON object")
        return value

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, str]:
        # Strawberry's own reading answers a malformed `map` with a 500 (schema/multipart.py says which); this one
        # refuses every malformation with a 400 that names it, before anything runs.
        try:
            form = (await request.get_form_data()).form
        except (ValueError, MultiPartException, StarletteHTTPException) as exc:
            detail = getattr(exc, "message", None) or getattr(exc, "detail", None) or str(exc)
            raise HTTPException(400, f"Unable to parse the multipart body: {detail}") from None
        parts = form.multi_items() if isinstance(form, FormData) else list(form.items())
        try:
            operations = operations_with_files(parts, self.decode_json)
        except MultipartError as exc:
            raise HTTPException(400, exc.message) from None
        return operations  # type: ignore[return-value]  # Strawberry's annotation; a list is a batch

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        return origin_allowed(self.settings, origin, request.headers.get("host"))

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # Strawberry accepts a handshake whose Origin matches its own Host before asking is_websocket_origin_allowed;
        # a DNS-rebinding page forges both, so the allowed hosts decide first (web/trust.py).
        if self.is_websocket_request(request):
            origin = request.headers.get("origin")
            if origin is not None and not origin_allowed(self.settings, origin, request.headers.get("host")):
                return await self.reject_websocket(request)
        if self.is_websocket_request(request) and context is UNSET:
            context = await self.get_context(request, request)  # Starlette's WebSocket is its own response
        try:
            if not self.is_websocket_request(request) and is_multipart(request) and not may_carry_files(request):
                raise HTTPException(400, CSRF_REFUSAL)
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            if self.is_websocket_request(request):
                raise
            status, reason, headers = exc.status_code, exc.reason, {}
            cause = exc.__cause__
            if isinstance(cause, InvalidOperationTypeError):
                if cause.operation_type is OperationType.SUBSCRIPTION:
                    status, reason = 400, SUBSCRIPTIONS_OVER_HTTP
                elif request.method == "GET":
                    status, headers = 405, {"allow": "POST"}  # the spec's answer to a mutation over GET
            elif status == 405:
                headers = {"allow": "GET, POST"}
            return error_response(request, status, reason, headers=headers)
        finally:
            if not self.is_websocket_request(request):
                await request.close()  # the spooled upload files, now rather than when garbage-collected
            elif isinstance(context, Context):
                context.stop_watching()


SUBSCRIPTIONS_OVER_HTTP = (
    "Subscriptions are served over WebSocket at /graphql (graphql-transport-ws), not over plain HTTP."
)


def error_response(
    request: Request | None, status: int, message: str, *, headers: dict[str, str] | None = None
) -> Response:
    """A request-level refusal, shaped like a GraphQL response and coded like every other error."""
    code = PAYLOAD_TOO_LARGE if status == 413 else BAD_REQUEST
    media = negotiate(request.headers.get("accept") if request is not None else None)
    return Response(
        json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}),
        status_code=status,
        headers=headers or {},
        media_type=f"{media}; charset=utf-8",
    )
