"""Safe HTTP fetcher for merchant pages and images: public addresses only, bounded in size, time and redirects."""

from __future__ import annotations

import asyncio
import codecs
import errno
import functools
import ipaddress
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import anyio
import httpcore
import httpx

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 "
    "VitrineBot/1.0 (+https://vitrine.example/bot)"
)
PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
IMAGE_ACCEPT = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MB = 1024 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A resolver turns a host name into the addresses it stands for (as strings); tests inject one, never real DNS.
Resolver = Callable[[str], Awaitable[Sequence[str]]]


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_html_bytes: int = 5 * MB
    max_image_bytes: int = 20 * MB
    max_redirects: int = 5
    connect_timeout: float = 5.0
    total_timeout: float = 20.0


# --- errors ---------------------------------------------------------------------------------------------------


class FetchError(Exception):
    """A fetch that produced no usable response. `message` is meant for the merchant and names the URL;
    `transient` says whether the same request may well succeed later (timeouts, dropped connections, 429, 5xx)."""

    transient = False

    def __init__(self, message: str, *, url: str = "", transient: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        if transient is not None:
            self.transient = transient


class UrlRefused(FetchError):
    """Not an address we may fetch: wrong scheme, no host, or a host that is (or resolves to) a non-public address."""


class HostNotFound(FetchError):
    """The host name does not resolve."""


class ResponseTooLarge(FetchError):
    pass


class FetchTimeout(FetchError):
    transient = True


class ConnectionFailed(FetchError):
    transient = True


class TooManyRedirects(FetchError):
    pass


class HttpStatusError(FetchError):
    def __init__(self, message: str, status: int, *, url: str = "") -> None:
        super().__init__(message, url=url, transient=status in (408, 425, 429) or status >= 500)
        self.status = status


class BlockedBySite(FetchError):
    """The site answered with a bot check, CAPTCHA or challenge page instead of the content."""


class UnexpectedContent(FetchError):
    """The answer is not what was asked for: a PDF where a page was expected, HTML where an image was."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    final_url: str
    status: int
    content_type: str
    text: str
    headers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class FetchedImage:
    final_url: str
    content_type: str
    data: bytes


# --- the address rule -----------------------------------------------------------------------------------------

_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Cloud instance-metadata endpoints: AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba, Oracle.
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data"})
_INTERNAL_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host names when it is written as one, in any spelling `inet_aton` accepts.

    `2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1` and `[::ffff:127.0.0.1]` all name 127.0.0.1: system
    resolvers (and so a naive fetcher) connect to them, so the rule has to see through every spelling.
    """
    text = host.strip().removeprefix("[").removesuffix("]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(part) for part in parts):
        return None
    *head, last = [_ipv4_number(part) for part in parts]
    if any(number > 255 for number in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for number in head:
        value = value * 256 + number
    return ipaddress.IPv4Address(value * 256 ** (4 - len(head)) + last)


def _ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)  # inet_aton reads a bare "0x" as zero
    return int(part, 8) if part.startswith("0") else int(part)


def address_refusal(address: IPAddress) -> str | None:
    """Why this address may not be fetched ("a private address"), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address inside are judged by that address: the network delivers them there.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and (address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1)):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return address_refusal(embedded)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a shared (carrier-grade NAT) address"
    if address.is_private or address.is_reserved:
        return "a private address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a private address"
    if not address.is_global:
        return "a non-public address"
    return None


def _clean_host(host: str) -> str:
    """The host as the address rule reads it: unescaped, lower case, without brackets or a trailing dot."""
    text = unquote(host).strip().lower().removeprefix("[").removesuffix("]")
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _internal_name(host: str) -> bool:
    return host == "localhost" or host in _METADATA_NAMES or host.endswith(_INTERNAL_SUFFIXES) or "." not in host


async def system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _AddressRefused(Exception):
    def __init__(self, host: str, address: IPAddress | None, reason: str) -> None:
        super().__init__(f"{host}: {reason}")
        self.host, self.address, self.reason = host, address, reason


class _HostUnresolved(Exception):
    def __init__(self, host: str, transient: bool) -> None:
        super().__init__(host)
        self.host, self.transient = host, transient


@dataclass(frozen=True)
class _AddressGuard:
    """Turns a host into the addresses we may connect to, or refuses it."""

    allow_private: bool
    resolver: Resolver
    trusted_hosts: frozenset[str]

    async def addresses(self, raw_host: str) -> list[IPAddress]:
        host = _clean_host(raw_host)
        exempt = self.allow_private or host in self.trusted_hosts
        literal = parse_ip_literal(host)
        if literal is not None:
            found = [literal]
        else:
            if not exempt and _internal_name(host):
                raise _AddressRefused(host, None, "an internal host name")
            try:
                answers = await self.resolver(host)
            except (OSError, UnicodeError) as exc:
                # EAI_AGAIN is a resolver having a bad moment; every other failure means the name does not exist.
                raise _HostUnresolved(host, transient=getattr(exc, "errno", None) == socket.EAI_AGAIN) from exc
            found = [address for address in map(_parse_answer, answers) if address is not None]
            if not found:
                raise _HostUnresolved(host, transient=False)
        if not exempt:
            # Every answer must be public: with a mix, the one connected to is not ours to choose.
            for address in found:
                reason = address_refusal(address)
                if reason:
                    raise _AddressRefused(host, address, reason)
        return found


def _parse_answer(answer: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(answer.split("%", 1)[0])
    except ValueError:
        return None


def _split_url(url: str) -> tuple[str, str]:
    """(scheme, host) of a URL we are willing to fetch; refuses anything else in words the user understands."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise UrlRefused(f"{url} is not a valid web address", url=url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UrlRefused(f"{url} is not an http or https address", url=url)
    if not parts.hostname:
        raise UrlRefused(f"{url} has no host name", url=url)
    if parts.username is not None or parts.password is not None:
        raise UrlRefused(f"{url} carries a user name or password, which is not allowed", url=url)
    return scheme, parts.hostname


def _refused(url: str, refusal: _AddressRefused, via: str | None = None) -> UrlRefused:
    where = f"{url} redirected to {via}, which" if via and via != url else url
    if refusal.address is None:
        what = f"names {refusal.reason} ({refusal.host})"
    else:
        verb = "is" if parse_ip_literal(refusal.host) is not None else "resolves to"
        what = f"{verb} {refusal.reason} ({refusal.address})"
    return UrlRefused(f"{where} {what}; only public web addresses can be read", url=url)


def _unresolved(url: str, error: _HostUnresolved) -> HostNotFound:
    return HostNotFound(f"{url}: the host {error.host} could not be found", url=url, transient=error.transient)


async def check_public_url(
    url: str,
    allow_private: bool = False,
    resolver: Resolver | None = None,
    trusted_hosts: Collection[str] = (),
) -> None:
    """Refuse, before any work is queued, a URL the fetcher would refuse: scheme, host and the address rule.

    The fetcher checks again when it connects (and on every redirect), so this is for early, clear errors.
    """
    _, host = _split_url(url)
    guard = _AddressGuard(allow_private, resolver or system_resolver, frozenset(trusted_hosts))
    try:
        await guard.addresses(host)
    except _AddressRefused as refusal:
        raise _refused(url, refusal) from None
    except _HostUnresolved as error:
        raise _unresolved(url, error) from None


# --- connecting to the checked address ------------------------------------------------------------------------


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore asks its network backend to connect to (host, port). Ours resolves the host once, checks every
    address, then opens the socket to a checked address itself, so no second lookup (which a DNS-rebinding
    attacker could answer differently) happens anywhere. TLS still runs against the host name: httpcore passes
    the URL's host as SNI and for certificate checks, and keeps pooled connections per host name."""

    def __init__(self, guard: _AddressGuard) -> None:
        self._guard = guard
        self._sockets = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                addresses = await self._guard.addresses(host)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._sockets.connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise _AddressRefused(path, None, "a local socket")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, backend: _GuardedBackend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx has no public parameter for the connection pool's network backend; the pool it just built is
        # replaced by the same pool with ours. Tests fail loudly (connections counted per resolved address) if a
        # future httpx stops routing requests through `_pool`.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, network_backend=backend, max_connections=20, keepalive_expiry=5.0
        )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Building a context loads the CA bundle (tens of ms of CPU): once per process, not once per fetcher.
    return ssl.create_default_context()


# --- reading bodies -------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)|<meta[^>]+?content\s*=\s*[\"'][^\"']*charset=([\w.:-]+)",
    re.IGNORECASE,
)
# What browsers do with labels that name a subset (WHATWG Encoding): decode with the superset.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
}


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page that reached us as ASCII-compatible bytes cannot really be UTF-16, whatever its meta tag claims.
    return "utf-8" if codec.startswith("utf-16") else codec


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of an HTML body: BOM, then the Content-Type charset, then a `<meta>` charset, then UTF-8, then cp1252."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    header = _HEADER_CHARSET.search(content_type)
    declared = _codec(header.group(1)) if header else None
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        declared = _codec((meta.group(1) or meta.group(2)) if meta else None)
    if declared is not None:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


# --- bot checks -----------------------------------------------------------------------------------------------

_CHALLENGE_TITLE = re.compile(
    r"<title[^>]*>\s*(?:just a moment\.*|attention required!?(?: \| cloudflare)?|please wait\.*(?: \| cloudflare)?|"
    r"access denied|robot check|are you a robot\??|pardon our interruption|security check(?:point)?|"
    r"verify(?:ing)? you are (?:a )?human\.*|one more step|checking your browser\.*|ddos-guard|"
    r"human verification|bot verification|captcha)\s*</title>",
    re.IGNORECASE,
)
# Markers only challenge pages carry. Normal pages behind these vendors carry their sensor scripts too
# (Cloudflare's /cdn-cgi/challenge-platform/scripts/jsd, Imperva's _Incapsula_Resource, PerimeterX's _pxAppId),
# so those alone prove nothing.
_CHALLENGE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Cloudflare", re.compile(r"_cf_chl_opt|cf-browser-verification|cf_challenge_response|id=.challenge-form", re.I)),
    ("DataDome", re.compile(r"geo\.captcha-delivery\.com|ct\.captcha-delivery\.com", re.I)),
    ("PerimeterX", re.compile(r"id=[\"']px-captcha|_pxCaptcha|px-captcha-wrapper", re.I)),
    ("Akamai", re.compile(r"errors\.edgesuite\.net|/_sec/cp_challenge/|sec-if-cpt-container", re.I)),
    ("Imperva", re.compile(r"Incapsula incident ID|Request unsuccessful\. Incapsula", re.I)),
    ("AWS WAF", re.compile(r"window\.gokuProps|awsWafCookieDomainList", re.I)),
    ("Amazon", re.compile(r"/errors/validateCaptcha", re.I)),
    ("Kasada", re.compile(r"KPSDK\.configure|ips\.js\?", re.I)),
)
_CAPTCHA_WIDGET = re.compile(r"class=[\"'][^\"']*\b(?:g-recaptcha|h-captcha|cf-turnstile)\b|captcha", re.I)
_PRODUCT_SIGNALS = re.compile(
    r"[\"']@type[\"']\s*:\s*\[?\s*[\"'](?:https?://schema\.org/)?Product(?:Group)?[\"']|"
    r"itemtype=[\"']https?://schema\.org/Product|og:type[\"']\s+content=[\"']product|product:price:amount",
    re.I,
)


def detect_bot_check(status: int, headers: Mapping[str, str], text: str) -> str | None:
    """The vendor whose bot check, CAPTCHA or challenge page this is ("Cloudflare", "a CAPTCHA"…), or None."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if lowered.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare"
    head = text[:300_000]
    for vendor, marker in _CHALLENGE_MARKERS:
        if marker.search(head):
            return vendor
    title = _CHALLENGE_TITLE.search(head[:50_000])
    # A product page may embed a CAPTCHA widget (review forms, newsletters); a challenge page has no product.
    if _PRODUCT_SIGNALS.search(head):
        return None
    if title:
        return "a challenge page"
    if _CAPTCHA_WIDGET.search(head) and (status >= 400 or len(re.sub(r"<[^>]+>|\s+", "", head)) < 3000):
        return "a CAPTCHA"
    return None


# --- the fetcher ----------------------------------------------------------------------------------------------


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
        self._trusted = frozenset(_clean_host(host) for host in trusted_hosts)
        guard = _AddressGuard(allow_private, self._resolver, self._trusted)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(_GuardedBackend(guard), ssl_context or _tls_context()),
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
            raise _status_error(url, response.status_code)
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
            raise _status_error(url, response.status_code)
        sniffed = sniff_image_type(body)
        if sniffed is None and not content_type.lower().startswith("image/"):
            if detect_bot_check(response.status_code, response.headers, decode_html(body[:300_000])):
                raise BlockedBySite(f"{url} was blocked by the site: it answered with a bot check", url=url)
            shown = content_type.split(";", 1)[0] or "of unknown type"
            raise UnexpectedContent(f"{url} is not an image (it is {shown})", url=url)
        return FetchedImage(final_url, sniffed or content_type.split(";", 1)[0].strip(), body)

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
                _split_url(current)
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
                body = await _read_capped(response, cap, url, what)
                return current, response, body
            finally:
                await response.aclose()
        raise TooManyRedirects(f"{url} redirected more than {self.limits.max_redirects} times", url=url)

    async def _send(self, url: str, current: str, accept: str) -> httpx.Response:
        try:
            request = self._client.build_request("GET", current, headers={"accept": accept})
            return await self._client.send(request, stream=True)
        except _AddressRefused as refusal:
            raise _refused(url, refusal, via=current) from None
        except _HostUnresolved as error:
            raise _unresolved(url if current == url else current, error) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise UrlRefused(f"{current} is not a valid web address ({exc})", url=url) from None
        except httpx.RemoteProtocolError as exc:
            # httpx parses a redirect's Location even when it will not follow it, and rejects spellings such as
            # "0177.0.0.1": that is an address we refuse, not a connection that may work on a retry.
            if "location header" not in str(exc).lower():
                raise _connection_failed(url, exc) from None
            raise UrlRefused(f"{url} redirected to an invalid web address ({exc})", url=url) from None
        except httpx.ConnectTimeout:
            seconds = self.limits.connect_timeout
            raise FetchTimeout(f"{url} could not be reached within {seconds:g} s", url=url) from None
        except httpx.TimeoutException:
            raise FetchTimeout(f"{url} stopped answering (timed out)", url=url) from None
        except httpx.TransportError as exc:
            raise _connection_failed(url, exc) from None


def _connection_failed(url: str, exc: httpx.TransportError) -> ConnectionFailed:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            # A certificate that does not verify will not verify on the next attempt either.
            return ConnectionFailed(f"{url} has an invalid security certificate", url=url, transient=False)
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return ConnectionFailed(f"{url} could not be reached: the connection was refused", url=url)
        cause = cause.__cause__ or cause.__context__
    detail = str(exc) or type(exc).__name__
    return ConnectionFailed(f"{url} could not be reached ({detail})", url=url)


async def _read_capped(response: httpx.Response, cap: int, url: str, what: str) -> bytes:
    """The body, read chunk by chunk and abandoned (connection closed) as soon as it passes the cap."""
    too_large = ResponseTooLarge(f"{url} is larger than the {cap / MB:g} MB allowed for a {what}", url=url)
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise too_large
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchTimeout(f"{url} stopped sending data (timed out)", url=url) from None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise ConnectionFailed(f"{url} broke off while sending the {what} ({type(exc).__name__})", url=url) from None
    return b"".join(chunks)


_STATUS_WORDS = {
    400: "bad request",
    401: "a login is required",
    403: "access is forbidden",
    404: "not found",
    408: "request timeout",
    410: "gone",
    429: "too many requests; try again later",
    451: "unavailable for legal reasons",
}


def _status_error(url: str, status: int) -> HttpStatusError:
    words = _STATUS_WORDS.get(status) or ("the site has a problem; try again later" if status >= 500 else "")
    return HttpStatusError(f"{url} answered HTTP {status}" + (f" ({words})" if words else ""), status, url=url)


_IMAGE_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypavif", 4, "image/avif"),
    (b"ftypheic", 4, "image/heic"),
    (b"BM", 0, "image/bmp"),
)


def sniff_image_type(data: bytes) -> str | None:
    """The image type the bytes really are (servers often say application/octet-stream), or None."""
    for magic, offset, media_type in _IMAGE_MAGIC:
        if data[offset : offset + len(magic)] == magic and (media_type != "image/webp" or data[:4] == b"RIFF"):
            return media_type
    return None
