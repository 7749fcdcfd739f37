"""The suite's network guard (tests/netguard/) refuses and records connections outside loopback, in this process
and in every Python process a test starts; loopback stays open."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.netguard.vitrine_netguard import is_loopback
from tests.support import ROOT

PUBLIC = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737): documentation only, never routed


@pytest.fixture
def own_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The refusals of this test go to a log of its own, so the run's log (which fails the run) stays empty."""
    log = tmp_path / "refused.log"
    monkeypatch.setenv("NETGUARD_REFUSED_LOG", str(log))
    return log


def test_loopback_and_unix_addresses_pass_and_others_do_not() -> None:
    assert is_loopback(("127.0.0.1", 80))
    assert is_loopback(("127.8.9.10", 80))
    assert is_loopback(("::1", 80, 0, 0))
    assert is_loopback(("::ffff:127.0.0.1", 80, 0, 0))
    assert is_loopback(("localhost", 80))
    assert is_loopback("/run/postgresql/.s.PGSQL.5432")
    assert not is_loopback(PUBLIC)
    assert not is_loopback(("10.0.0.7", 80))
    assert not is_loopback(("169.254.169.254", 80))
    assert not is_loopback(("0.0.0.0", 80))
    assert not is_loopback(("2001:db8::1", 80, 0, 0))
    assert not is_loopback(("shop.example", 443))


def test_this_process_refuses_and_records_a_public_address(own_log: Path) -> None:
    with socket.socket() as sock, pytest.raises(PermissionError, match="network guard"):
        sock.connect(PUBLIC)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(PermissionError):
        udp.sendto(b"x", PUBLIC)
    with pytest.raises(PermissionError):
        socket.getaddrinfo("shop.example", 443)
    lines = own_log.read_text().splitlines()
    assert len(lines) == 3
    assert "socket.connect to ('192.0.2.1', 9)" in lines[0]
    assert "socket.sendto" in lines[1]
    assert "socket.getaddrinfo to 'shop.example'" in lines[2]


def test_this_process_still_reaches_loopback(own_log: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname(), timeout=5):
            pass
    assert not own_log.exists()


def test_a_process_a_test_starts_is_guarded_too(own_log: Path) -> None:
    """The production stack's processes, CLI runs and CPU pool workers inherit the guard through PYTHONPATH."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        script = (
            "import socket\n"
            f"socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n"
            "print('loopback ok')\n"
            f"socket.socket().connect({PUBLIC!r})\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=60
        )
    assert done.stdout.strip() == "loopback ok"
    assert done.returncode != 0
    assert "PermissionError: the test suite's network guard refused socket.connect" in done.stderr
    assert f"socket.connect to {PUBLIC!r}" in own_log.read_text()
