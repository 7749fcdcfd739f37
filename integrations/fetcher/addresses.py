"""The address rule: which hosts and addresses may be fetched (public ones only), in every spelling."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from integrations.fetcher.errors import HostNotFound, UrlRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A resolver turns a host name into the addresses it stands for (as strings); tests inject one, never real DNS.
Resolver = Callable[[str], Awaitable[Sequence[str]]]


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


def clean_host(host: str) -> str:
    """The host as the address rule reads it: unescaped, lower case, without brackets or a trailing dot."""
    text = unquote(host).strip().lower().removeprefix("[").removesuffix("]")
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _internal_name(host: str) -> bool:
    return host == "localhost" or host in _METADATA_NAMES or host.endswith(_INTERNAL_SUFFIXES) or "." not in host


async def system_resolver(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressRefused(Exception):
    def __init__(self, host: str, address: IPAddress | None, reason: str) -> None:
        super().__init__(f"{host}: {reason}")
        self.host, self.address, self.reason = host, address, reason


class HostUnresolved(Exception):
    def __init__(self, host: str, transient: bool) -> None:
        super().__init__(host)
        self.host, self.transient = host, transient


@dataclass(frozen=True)
class AddressGuard:
    """Turns a host into the addresses we may connect to, or refuses it."""

    allow_private: bool
    resolver: Resolver
    trusted_hosts: frozenset[str]

    async def addresses(self, raw_host: str) -> list[IPAddress]:
        host = clean_host(raw_host)
        exempt = self.allow_private or host in self.trusted_hosts
        literal = parse_ip_literal(host)
        if literal is not None:
            found = [literal]
        else:
            if not exempt and _internal_name(host):
                raise AddressRefused(host, None, "an internal host name")
            try:
                answers = await self.resolver(host)
            except (OSError, UnicodeError) as exc:
                # EAI_AGAIN is a resolver having a bad moment; every other failure means the name does not exist.
                raise HostUnresolved(host, transient=getattr(exc, "errno", None) == socket.EAI_AGAIN) from exc
            found = [address for address in map(_parse_answer, answers) if address is not None]
            if not found:
                raise HostUnresolved(host, transient=False)
        if not exempt:
            # Every answer must be public: with a mix, the one connected to is not ours to choose.
            for address in found:
                reason = address_refusal(address)
                if reason:
                    raise AddressRefused(host, address, reason)
        return found


def _parse_answer(answer: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(answer.split("%", 1)[0])
    except ValueError:
        return None


def split_url(url: str) -> tuple[str, str]:
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


def refusal_error(url: str, refusal: AddressRefused, via: str | None = None) -> UrlRefused:
    where = f"{url} redirected to {via}, which" if via and via != url else url
    if refusal.address is None:
        what = f"names {refusal.reason} ({refusal.host})"
    else:
        verb = "is" if parse_ip_literal(refusal.host) is not None else "resolves to"
        what = f"{verb} {refusal.reason} ({refusal.address})"
    return UrlRefused(f"{where} {what}; only public web addresses can be read", url=url)


def unresolved_error(url: str, error: HostUnresolved) -> HostNotFound:
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
    _, host = split_url(url)
    guard = AddressGuard(allow_private, resolver or system_resolver, frozenset(trusted_hosts))
    try:
        await guard.addresses(host)
    except AddressRefused as refusal:
        raise refusal_error(url, refusal) from None
    except HostUnresolved as error:
        raise unresolved_error(url, error) from None
