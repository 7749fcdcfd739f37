"""Connecting only to checked addresses: an httpcore network backend that resolves once and checks."""

from __future__ import annotations

import functools
import ssl
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore
import httpx

from integrations.fetcher.addresses import AddressGuard, AddressRefused


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore asks its network backend to connect to (host, port). Ours resolves the host once, checks every
    address, then opens the socket to a checked address itself, so no second lookup (which a DNS-rebinding
    attacker could answer differently) happens anywhere. TLS still runs against the host name: httpcore passes
    the URL's host as SNI and for certificate checks, and keeps pooled connections per host name."""

    def __init__(self, guard: AddressGuard) -> None:
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
        raise AddressRefused(path, None, "a local socket")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, backend: GuardedBackend, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx has no public parameter for the connection pool's network backend; the pool it just built is
        # replaced by the same pool with ours. Tests fail loudly (connections counted per resolved address) if a
        # future httpx stops routing requests through `_pool`.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, network_backend=backend, max_connections=20, keepalive_expiry=5.0
        )


@functools.cache
def tls_context() -> ssl.SSLContext:
    # Building a context loads the CA bundle (tens of ms of CPU): once per process, not once per fetcher.
    return ssl.create_default_context()
