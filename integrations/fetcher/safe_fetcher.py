"""The safe fetcher: public addresses only, bounded in size, time and redirects, each hop checked."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Collection, Mapping
from types import TracebackType
from urllib.parse import urljoin

import httpx

from integrations.fetcher.addresses import (
    AddressGuard,
    AddressRefused,
    HostUnresolved,
    Resolver,
    clean_host,
    refusal_error,
    split_url,
    system_resolver,
    unresolved_error,
)
from integrations.fetcher.bodies import decode_html, read_capped, sniff_image_type
from integrations.fetcher.bot_checks import detect_bot_check
from integrations.fetcher.errors import (
    BlockedBySite,
    FetchTimeout,
    HttpStatusError,
    TooManyRedirects,
    UnexpectedContent,
    UrlRefused,
    connection_failed,
    status_error,
)
from integrations.fetcher.model import FetchedImage, FetchedPage, FetchLimits, PostResponse
from integrations.fetcher.network import GuardedBackend, GuardedTransport, tls_context

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 "
    "VitrineBot/1.0 (+https://vitrine.example/bot)"
)
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class SafeFetcher:
    """Fetches merchant pages and images from public addresses only.

    Every connection (the first request and each redirect hop) resolves its host once, refuses loopback,
    private, link-local, CGNAT, multicast, unspecified and metadata addresses, and connects to the address it
    checked. Bodies are streamed and abandoned at the size cap; the whole fetch has one deadline.
    Use as `async with SafeFetcher() as fetcher:` or call `aclose()`.
    """

    def __init__(
        self,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        user_agent: str = USER_AGENT,
        limits: FetchLimits = FetchLimits(),
        trusted_hosts: Collection[str] = (),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """`allow_private` lifts the address rule (tests and demos only: VITRINE_ALLOW_PRIVATE_URLS);
        `trusted_hosts` lifts it for the named hosts alone, never for where they redirect; `ssl_context`
        replaces the system's certificate authorities (a private CA in a test or behind a corporate proxy)."""
        self.allow_private = allow_private
        self.limits = limits
        self._resolver = resolver or system_resolver
        self._trusted = frozenset(clean_host(host) for host in trusted_hosts)
        guard = AddressGuard(allow_private, self._resolver, self._trusted)
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(GuardedBackend(guard), ssl_context or tls_context()),
            timeout=httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout),
            follow_redirects=False,  # followed by hand below: each hop is checked and counted
            headers={"user-agent": user_agent, "accept-language": "en-US,en;q=0.9"},
            trust_env=False,  # an environment proxy would connect on our behalf, past the address rule
        )

    async def __aenter__(self) -> SafeFetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch_page(self, url: str) -> FetchedPage:
        """An HTML page, decoded. Bot checks raise BlockedBySite, error statuses HttpStatusError."""
        final_url, response, body = await self._fetch(url, self.limits.max_html_bytes, PAGE_ACCEPT, "page")
        content_type = response.headers.get("content-type", "")
        text = decode_html(body, content_type)
        vendor = detect_bot_check(response.status_code, response.headers, text)
        if vendor is not None:
            raise BlockedBySite(
                f"{url} was blocked by the site: it answered with a bot check ({vendor}) instead of the page", url=url
            )
        if response.status_code >= 400:
            raise status_error(url, response.status_code)
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type and not (media_type.startswith("text/") or "html" in media_type or "xml" in media_type):
            raise UnexpectedContent(f"{url} is not a web page (it is {media_type})", url=url)
        return FetchedPage(final_url, response.status_code, content_type, text, dict(response.headers))

    async def fetch_image(self, url: str) -> FetchedImage:
        """An image's bytes; anything that is not an image raises UnexpectedContent (or BlockedBySite)."""
        final_url, response, body = await self._fetch(url, self.limits.max_image_bytes, IMAGE_ACCEPT, "image")
        content_type = response.headers.get("content-type", "")
        if response.status_code >= 400:
            vendor = detect_bot_check(response.status_code, response.headers, decode_html(body[:300_000]))
            if vendor is not None:
                raise BlockedBySite(f"{url} was blocked by the site: it answered with a bot check ({vendor})", url=url)
            raise status_error(url, response.status_code)
        sniffed = sniff_image_type(body)
        if sniffed is None and not content_type.lower().startswith("image/"):
            if detect_bot_check(response.status_code, response.headers, decode_html(body[:300_000])):
                raise BlockedBySite(f"{url} was blocked by the site: it answered with a bot check", url=url)
            shown = content_type.split(";", 1)[0] or "of unknown type"
            raise UnexpectedContent(f"{url} is not an image (it is {shown})", url=url)
        return FetchedImage(final_url, sniffed or content_type.split(";", 1)[0].strip(), body)

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> PostResponse:
        """POST `body` to a public address (a webhook), under the same address rule, deadline and body cap as a
        fetch. Redirects are not followed (a redirected POST would be re-sent elsewhere): a 3xx is an error."""
        url = url.strip()
        split_url(url)
        try:
            async with asyncio.timeout(self.limits.total_timeout):
                response = await self._send(url, url, "application/json", method="POST", content=body, headers=headers)
                try:
                    answer = await read_capped(response, self.limits.max_html_bytes, url, "response")
                finally:
                    await response.aclose()
        except TimeoutError:
            raise FetchTimeout(f"{url} did not answer within {self.limits.total_timeout:g} s", url=url) from None
        if response.status_code in REDIRECT_STATUSES:
            raise HttpStatusError(
                f"{url} answered HTTP {response.status_code} (a redirect, which a POST does not follow)",
                response.status_code,
                url=url,
            )
        if response.status_code >= 400:
            raise status_error(url, response.status_code)
        return PostResponse(
            url, response.status_code, response.headers.get("content-type", ""), answer, dict(response.headers)
        )

    async def _fetch(self, url: str, cap: int, accept: str, what: str) -> tuple[str, httpx.Response, bytes]:
        try:
            async with asyncio.timeout(self.limits.total_timeout):
                return await self._follow(url, cap, accept, what)
        except TimeoutError:
            raise FetchTimeout(f"{url} did not answer within {self.limits.total_timeout:g} s", url=url) from None

    async def _follow(self, url: str, cap: int, accept: str, what: str) -> tuple[str, httpx.Response, bytes]:
        current = url.strip()
        for _ in range(self.limits.max_redirects + 1):
            try:
                split_url(current)
            except UrlRefused as refused:
                if current == url.strip():
                    raise
                reason = refused.message.removeprefix(current).strip()
                raise UrlRefused(f"{url} redirected to {current}, which {reason}", url=url) from None
            response = await self._send(url, current, accept)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current = urljoin(current, location.strip())
                    continue
                body = await read_capped(response, cap, url, what)
                return current, response, body
            finally:
                await response.aclose()
        raise TooManyRedirects(f"{url} redirected more than {self.limits.max_redirects} times", url=url)

    async def _send(
        self,
        url: str,
        current: str,
        accept: str,
        *,
        method: str = "GET",
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        try:
            request = self._client.build_request(
                method, current, headers={**(headers or {}), "accept": accept}, content=content
            )
            return await self._client.send(request, stream=True)
        except AddressRefused as refusal:
            raise refusal_error(url, refusal, via=current) from None
        except HostUnresolved as error:
            raise unresolved_error(url if current == url else current, error) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise UrlRefused(f"{current} is not a valid web address ({exc})", url=url) from None
        except httpx.RemoteProtocolError as exc:
            # httpx parses a redirect's Location even when it will not follow it, and rejects spellings such as
            # "0177.0.0.1": that is an address we refuse, not a connection that may work on a retry.
            if "location header" not in str(exc).lower():
                raise connection_failed(url, exc) from None
            raise UrlRefused(f"{url} redirected to an invalid web address ({exc})", url=url) from None
        except httpx.ConnectTimeout:
            seconds = self.limits.connect_timeout
            raise FetchTimeout(f"{url} could not be reached within {seconds:g} s", url=url) from None
        except httpx.TimeoutException:
            raise FetchTimeout(f"{url} stopped answering (timed out)", url=url) from None
        except httpx.TransportError as exc:
            raise connection_failed(url, exc) from None
