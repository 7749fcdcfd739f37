"""The test suite's network guard: no process of a test run may reach an address outside loopback.

An audit hook (PEP 578) sees every `socket.connect`, `socket.sendto` and `socket.sendmsg` of the process and
refuses (PermissionError) any destination that is not 127.0.0.0/8, ::1 or a Unix socket; and every name lookup
(`socket.getaddrinfo`, `socket.gethostbyname`) of a name other than an IP literal or localhost, since asking
the system's resolver sends a packet to its name server. Code under test may
swallow that error (a fetcher turns it into "could not read the page"), so every refusal is also appended to
the file named by NETGUARD_REFUSED_LOG; the pytest session fails when that file is not empty
(tests/conftest.py). The SSRF tests simulate public addresses through their own resolver: if a future test let
one through to a socket, this is what stops it.

Installed in the pytest process by tests/conftest.py and in every Python process the tests start (the
production stack's `vitrine` processes, CPU pool workers, CLI runs) through `tests/netguard/sitecustomize.py`,
which conftest puts on PYTHONPATH. Audit hooks cannot be removed once added, which is the point.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from typing import Any

LOG_ENV = "NETGUARD_REFUSED_LOG"
_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
_installed = False


def is_loopback(address: Any) -> bool:
    """Whether a socket address stays on this machine: a Unix socket path, or a loopback IP (or name)."""
    if isinstance(address, str | bytes):  # AF_UNIX (or an abstract socket name)
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a name other than localhost: its resolution is not ours to trust
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _is_ip_literal(name: Any) -> bool:
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(name).split("%", 1)[0])
    except ValueError:
        return False
    return True


def _family_is_inet(sock: Any) -> bool:
    family = getattr(sock, "family", None)
    return family in (socket.AF_INET, socket.AF_INET6)


def _record(event: str, address: Any) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    line = f"{event} to {address!r} from pid {os.getpid()} ({' '.join(sys.argv)[:200]})\n"
    try:
        with open(path, "a", encoding="utf-8") as log:
            log.write(line)
    except OSError:
        pass


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in _LOOKUPS:
        name = args[0]
        if name is None or is_loopback((name,)) or _is_ip_literal(name):
            return
        _record(event, name)
        raise PermissionError(f"the test suite's network guard refused {event} of {name!r}: no real DNS in tests")
    if event not in _EVENTS:
        return
    sock, address = args[0], args[-1]
    if event == "socket.sendmsg" and address is None:  # sendmsg on a connected socket: its connect was checked
        return
    if not _family_is_inet(sock) or is_loopback(address):
        return
    _record(event, address)
    raise PermissionError(f"the test suite's network guard refused {event} to {address!r}: tests stay on loopback")


def install() -> None:
    """Add the hook to this process (once)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
