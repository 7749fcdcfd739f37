"""SSRF: hostile URLs in every spelling, hostile names and hostile redirects never reach the (counting) server."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.ports import build_ports
from integrations.fetcher import (
    FetchError,
    HostNotFound,
    SafeFetcher,
    UrlRefused,
    address_refusal,
    check_public_url,
    parse_ip_literal,
)
from settings import Settings
from tests.http_fixtures import FixedResolver, always, html, redirect, serve

# Names an attacker controls, answered by our resolver (never real DNS).
HOSTILE_NAMES: dict[str, list[str] | list[list[str]]] = {
    "loopback.evil.test": ["127.0.0.1"],
    "private.evil.test": ["10.0.0.7"],
    "ipv6-loopback.evil.test": ["::1"],
    "mapped.evil.test": ["::ffff:127.0.0.1"],
    "metadata.evil.test": ["169.254.169.254"],
    "mixed.evil.test": ["93.184.216.34", "127.0.0.1"],  # one public answer does not launder a private one
    "cgnat.evil.test": ["100.64.0.1"],
    "shop.test": ["127.0.0.1"],  # the trusted first hop of the redirect tests
    "rebind.evil.test": [["93.184.216.34"], ["127.0.0.1"]],  # public when checked, private when fetched
}


def hostile_urls(port: int) -> list[str]:
    """Each aims at the counting server's port, so any connection that got through would be counted."""
    return [
        f"http://127.0.0.1:{port}/",
        f"http://127.1:{port}/",
        f"http://127.0.1:{port}/",
        f"http://2130706433:{port}/",  # decimal
        f"http://0x7f000001:{port}/",  # hex
        f"http://0x7f.0.0.1:{port}/",  # hex octet
        f"http://0177.0.0.1:{port}/",  # octal octet
        f"http://017700000001:{port}/",  # octal
        f"http://0177.0.0.01:{port}/",
        f"http://127.0.0.1.:{port}/",  # trailing dot
        f"http://%31%32%37.0.0.1:{port}/",  # percent-encoded
        f"http://127\u30020\u30020\u30021:{port}/",  # ideographic full stops, which IDNA maps to dots
        f"http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3:{port}/",  # circled letters: NFKC "localhost"
        f"http://0x7f000001.:{port}/",
        f"http://[::ffff:127.0.0.1%25lo]:{port}/",  # with a zone id
        f"http://0.0.0.0:{port}/",  # unspecified: Linux delivers it to loopback
        f"http://0:{port}/",
        f"http://[::1]:{port}/",
        f"http://[::]:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
        f"http://[::ffff:7f00:1]:{port}/",
        f"http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
        f"http://[::127.0.0.1]:{port}/",  # IPv4-compatible IPv6
        f"http://[64:ff9b::7f00:1]:{port}/",  # NAT64
        f"http://[2002:7f00:1::]:{port}/",  # 6to4
        f"http://localhost:{port}/",
        f"http://api.localhost:{port}/",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://100.100.100.200/latest/meta-data/",  # Alibaba metadata
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/admin",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://224.0.0.1/",  # multicast
        "http://[fe80::1]/",  # link-local
        "http://[fc00::1]/",  # unique local
        "http://255.255.255.255/",
        f"http://loopback.evil.test:{port}/",
        f"http://private.evil.test:{port}/",
        f"http://ipv6-loopback.evil.test:{port}/",
        f"http://mapped.evil.test:{port}/",
        f"http://metadata.evil.test:{port}/",
        f"http://mixed.evil.test:{port}/",
        f"http://cgnat.evil.test:{port}/",
        f"http://user:pass@127.0.0.1:{port}/",
        f"file:///etc/passwd#{port}",
        f"ftp://127.0.0.1:{port}/",
        f"gopher://127.0.0.1:{port}/_GET%20/",
        "javascript:alert(1)",
        "http:///nohost",
    ]


async def test_no_hostile_url_is_reached_or_passes_the_up_front_check() -> None:
    async with serve() as server:
        server.routes["/"] = always(html("<h1>internal admin</h1>"))
        resolver = FixedResolver(HOSTILE_NAMES)
        urls = hostile_urls(server.port)
        assert len(urls) >= 25
        async with SafeFetcher(resolver=resolver) as fetcher:
            for url in urls:
                with pytest.raises(UrlRefused) as refused:
                    await fetcher.fetch_page(url)
                assert url in refused.value.message and not refused.value.transient
                with pytest.raises(UrlRefused):
                    await check_public_url(url, resolver=resolver)
                with pytest.raises(UrlRefused):
                    await fetcher.fetch_image(url)
    assert server.connections == 0


async def test_the_same_server_is_reachable_when_private_addresses_are_allowed() -> None:
    # The control for the test above: the counting works, and allow_private lifts exactly the address rule.
    async with serve() as server:
        server.routes["/"] = always(html("<h1>ok</h1>"))
        async with SafeFetcher(allow_private=True, resolver=FixedResolver(HOSTILE_NAMES)) as fetcher:
            await fetcher.fetch_page(f"http://2130706433:{server.port}/")
            await fetcher.fetch_page(f"http://loopback.evil.test:{server.port}/")
            with pytest.raises(UrlRefused):
                await fetcher.fetch_page(f"file:///etc/passwd#{server.port}")
    assert server.connections == 2


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.1/", "is a private address (10.0.0.1)"),
        ("http://private.evil.test/", "resolves to a private address (10.0.0.7)"),
        ("http://metadata.evil.test/", "resolves to a cloud metadata address (169.254.169.254)"),
        ("http://[::1]/", "is a loopback address (::1)"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://localhost/", "names an internal host name (localhost)"),
        ("ftp://shop.example/", "is not an http or https address"),
    ],
)
async def test_refusals_say_why_in_words_a_merchant_understands(url: str, words: str) -> None:
    with pytest.raises(UrlRefused) as refused:
        await check_public_url(url, resolver=FixedResolver(HOSTILE_NAMES))
    assert refused.value.message.startswith(url) and words in refused.value.message


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://0177.0.0.1:{port}/secret",  # httpx's own URL parser rejects these spellings in a Location header
        "http://0x7f.1:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://loopback.evil.test:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "/hop2",  # two hops of redirects, then private space
        "file:///etc/passwd",
    ],
)
async def test_every_redirect_hop_is_checked_again(target: str) -> None:
    async with serve() as server:
        server.routes["/start"] = always(redirect(target.format(port=server.port)))
        server.routes["/hop2"] = always(redirect(f"http://10.1.2.3:{server.port}/secret"))
        server.routes["/secret"] = always(html("<h1>internal</h1>"))
        resolver = FixedResolver(HOSTILE_NAMES)
        # shop.test resolves to this server and is trusted, so the first hop is reached; no hop after it may be.
        async with SafeFetcher(resolver=resolver, trusted_hosts=["shop.test"]) as fetcher:
            start = f"http://shop.test:{server.port}/start"
            with pytest.raises(UrlRefused) as refused:
                await fetcher.fetch_page(start)
    assert refused.value.message.startswith(f"{start} redirected to ")
    assert "/secret" not in server.paths()
    assert server.connections == (2 if target == "/hop2" else 1)


async def test_dns_rebinding_after_the_check_cannot_redirect_the_connection() -> None:
    async with serve() as server:
        server.routes["/"] = always(html("<h1>internal</h1>"))
        resolver = FixedResolver(HOSTILE_NAMES)
        url = f"http://rebind.evil.test:{server.port}/"
        await check_public_url(url, resolver=resolver)  # the attacker's name looks public when checked...
        async with SafeFetcher(resolver=resolver) as fetcher:
            with pytest.raises(UrlRefused) as refused:
                await fetcher.fetch_page(url)  # ...and the fetcher checks the address it is about to connect to
    assert "resolves to a loopback address (127.0.0.1)" in refused.value.message
    assert resolver.calls == ["rebind.evil.test", "rebind.evil.test"]  # one lookup per check, none in between
    assert server.connections == 0


async def test_unresolvable_names_are_not_found_rather_than_refused() -> None:
    with pytest.raises(HostNotFound) as missing:
        await check_public_url("https://no-such-shop.test/p", resolver=FixedResolver({}))
    assert isinstance(missing.value, FetchError) and "could not be found" in missing.value.message


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7F.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("[::ffff:10.0.0.1]", "::ffff:a00:1"),
        ("3627734734", "216.58.214.206"),
    ],
)
def test_ip_literals_are_read_in_every_spelling_inet_aton_accepts(spelling: str, address: str) -> None:
    assert str(parse_ip_literal(spelling)) == address


@pytest.mark.parametrize("name", ["shop.example", "1.2.3.4.5", "256.0.0.1", "08.0.0.1", "1.16777216", "example.com."])
def test_names_that_are_not_addresses_stay_names(name: str) -> None:
    assert parse_ip_literal(name) is None


@pytest.mark.parametrize("public", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_pass(public: str) -> None:
    address = parse_ip_literal(public)
    assert address is not None and address_refusal(address) is None


def test_vitrine_allow_private_urls_is_what_lets_the_app_fetcher_reach_loopback(tmp_path: Path) -> None:
    def fetcher_for(allow: bool) -> SafeFetcher:
        settings = Settings(_env_file=None, media_dir=tmp_path, allow_private_urls=allow)  # type: ignore[call-arg]
        return build_ports(settings).new_fetcher()

    assert Settings(_env_file=None).allow_private_urls is False  # type: ignore[call-arg]
    assert fetcher_for(False).allow_private is False and fetcher_for(True).allow_private is True
