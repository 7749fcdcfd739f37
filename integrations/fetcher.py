"""Safe HTTP fetcher for merchant pages and images: public addresses only, bounded in size, time and redirects."""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 "
    "VitrineBot/1.0 (+https://vitrine.example/bot)"
)
MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Awaitable[list[str]]]

# Not "global" in Python's sense, plus ranges it does not single out (CGNAT is handled by is_global).
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_BLOCK_TITLES = re.compile(
    r"<title>\s*(just a moment|attention required|access denied|robot check|are you a robot|security check|"
    r"pardon our interruption|verify you are human)",
    re.IGNORECASE,
)
_BLOCK_MARKERS = re.compile(
    r"challenge-form|cf-chl-|cf_chl_|px-captcha|captcha-delivery\.com|_Incapsula_Resource|"
    r"/cdn-cgi/challenge-platform|please verify you are a human|enable javascript and cookies to continue",
    re.IGNORECASE,
)


class FetchError(Exception):
    """A fetch that did not produce a usable response; `message` is meant for the merchant."""

    transient = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UrlRefused(FetchError):
    pass


class ResponseTooLarge(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class BlockedBySite(FetchError):
    pass


class FetchTimeout(FetchError):
    transient = True


class ConnectionFailed(FetchError):
    transient = True


class HttpStatusError(FetchError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
        self.transient = status == 429 or status >= 500


@dataclass(frozen=True)
class FetchedPage:
    final_url: str
    status: int
    content_type: str
    text: str
    headers: dict[str, str]


@dataclass(frozen=True)
class FetchedImage:
    final_url: str
    content_type: str
    data: bytes


def parse_ip_literal(host: str) -> IPAddress | None:
    """An address written as a host, in any spelling inet_aton accepts (decimal, octal, hex, short forms)."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    parts = host.split(".")
    if not parts or len(parts) > 4 or not all(re.fullmatch(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*", p) for p in parts):
        return None
    try:
        numbers = [int(p, 0) if not re.fullmatch(r"0[0-7]+", p) else int(p, 8) for p in parts]
    except ValueError:
        return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (5 - len(numbers)) + last
    return ipaddress.IPv4Address(value) if value < 2**32 else None


def is_public(address: IPAddress) -> bool:
    if address.version == 6 and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast and address not in _METADATA


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Building a context loads the CA bundle (tens of ms of CPU): once per process, not once per fetcher.
    return ssl.create_default_context()


async def _system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UrlRefused(f"{url} is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UrlRefused(f"{url} is not an http or https URL")
    if not parts.hostname:
        raise UrlRefused(f"{url} has no host name")
    if parts.username or parts.password:
        raise UrlRefused(f"{url} carries credentials, which are not allowed")
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


async def resolve_checked(url: str, allow_private: bool = False, resolver: Resolver | None = None) -> IPAddress:
    """The address to connect to for `url`, after checking every address the host resolves to."""
    _, host, _ = _split(url)
    literal = parse_ip_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            names = await (resolver or _system_resolver)(host)
        except (OSError, UnicodeError) as exc:
            raise UrlRefused(f"{url}: the host {host} could not be resolved") from exc
        addresses = [a for a in (parse_ip_literal(n) for n in names) if a is not None]
        if not addresses:
            raise UrlRefused(f"{url}: the host {host} could not be resolved")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise UrlRefused(f"{url} resolves to a private or reserved address ({address}), which is not allowed")
    return addresses[0]


async def check_public_url(url: str, allow_private: bool = False, resolver: Resolver | None = None) -> None:
    await resolve_checked(url, allow_private, resolver)


def _charset(content_type: str, head: bytes) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE) or re.search(
        rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head[:4096], re.IGNORECASE
    )
    if match:
        value = match.group(1)
        name = value.decode("ascii", "ignore") if isinstance(value, bytes) else value
        try:
            "".encode(name)
            return name
        except LookupError:
            pass
    return "utf-8"


class SafeFetcher:
    """Resolve, check, then connect to the checked address itself (Host header and SNI keep the name), so a
    DNS answer that changes between check and connect (rebinding) cannot redirect us; every redirect hop is
    checked the same way."""

    def __init__(
        self,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        user_agent: str = USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
        total_timeout: float = TOTAL_TIMEOUT,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.total_timeout = total_timeout
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT),
            follow_redirects=False,
            headers={"user-agent": user_agent, "accept-language": "en;q=0.9, *;q=0.5"},
            transport=transport,
            verify=_tls_context(),
            trust_env=False,  # never route through an environment proxy that would bypass the address check
        )

    async def __aenter__(self) -> SafeFetcher:
        return self

    async def __aexit__(self, *exc: object | TracebackType) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch_page(self, url: str) -> FetchedPage:
        final, response, body = await self._get(url, MAX_HTML_BYTES, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        content_type = response.headers.get("content-type", "")
        text = body.decode(_charset(content_type, body), errors="replace")
        if _BLOCK_TITLES.search(text[:20000]) or _BLOCK_MARKERS.search(text[:200000]):
            raise BlockedBySite(f"{url} was blocked by the site (a bot check or CAPTCHA page came back)")
        if response.status_code >= 400:
            raise _status_error(url, response.status_code)
        return FetchedPage(final, response.status_code, content_type, text, dict(response.headers))

    async def fetch_image(self, url: str) -> FetchedImage:
        final, response, body = await self._get(url, MAX_IMAGE_BYTES, "image/avif,image/webp,image/*;q=0.8")
        if response.status_code >= 400:
            raise _status_error(url, response.status_code)
        return FetchedImage(final, response.headers.get("content-type", ""), body)

    async def _get(self, url: str, cap: int, accept: str) -> tuple[str, httpx.Response, bytes]:
        try:
            async with asyncio.timeout(self.total_timeout):
                return await self._follow(url, cap, accept)
        except TimeoutError:
            raise FetchTimeout(f"{url} did not answer within {self.total_timeout:.0f} s") from None

    async def _follow(self, url: str, cap: int, accept: str) -> tuple[str, httpx.Response, bytes]:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            scheme, host, port = _split(current)
            address = await resolve_checked(current, self.allow_private, self.resolver)
            parts = urlsplit(current)
            ip_host = f"[{address}]" if address.version == 6 else str(address)
            target = urlunsplit((scheme, f"{ip_host}:{port}", parts.path or "/", parts.query, ""))
            default_port = port == (443 if scheme == "https" else 80)
            headers = {"host": host if default_port else f"{host}:{port}", "accept": accept}
            request = self._client.build_request("GET", target, headers=headers, extensions={"sni_hostname": host})
            try:
                response = await self._client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchTimeout(f"{url} did not answer in time") from None
            except httpx.HTTPError as exc:
                raise ConnectionFailed(f"{url} could not be reached ({type(exc).__name__})") from None
            try:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                body = await _read_capped(response, cap, url)
                return current, response, body
            finally:
                await response.aclose()
        raise TooManyRedirects(f"{url} redirected more than {MAX_REDIRECTS} times")


async def _read_capped(response: httpx.Response, cap: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    too_large = ResponseTooLarge(f"{url} is larger than the {cap // (1024 * 1024)} MB allowed")
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _status_error(url: str, status: int) -> HttpStatusError:
    if status == 429:
        return HttpStatusError(f"{url} answered 429 Too Many Requests", status)
    if status >= 500:
        return HttpStatusError(f"{url} answered {status}: the site has a problem", status)
    return HttpStatusError(f"{url} answered {status}", status)
