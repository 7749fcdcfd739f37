"""The safe fetcher against a real local server: redirects, caps, timeouts, charsets, bot checks, TLS names."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from integrations.fetcher import (
    MB,
    BlockedBySite,
    ConnectionFailed,
    FetchLimits,
    FetchTimeout,
    HostNotFound,
    HttpStatusError,
    ResponseTooLarge,
    SafeFetcher,
    TooManyRedirects,
    UnexpectedContent,
    decode_html,
    detect_bot_check,
)
from tests.fake_openai import png_bytes
from tests.http_fixtures import FixedResolver, Request, Response, TestServer, always, html, redirect, serve

CORPUS = Path(__file__).parent / "corpus"
PNG = png_bytes((4, 4), (10, 20, 30))


def test_default_limits_are_the_documented_ones() -> None:
    limits = FetchLimits()
    assert (limits.max_html_bytes, limits.max_image_bytes) == (5 * MB, 20 * MB)
    assert (limits.max_redirects, limits.connect_timeout, limits.total_timeout) == (5, 5.0, 20.0)


async def test_fetches_a_page_with_a_browser_user_agent() -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/p"] = always(html("<title>Tote</title><h1>Tote</h1>"))
        page = await fetcher.fetch_page(server.url("/p"))
    assert (page.status, page.final_url, page.text) == (200, server.url("/p"), "<title>Tote</title><h1>Tote</h1>")
    assert page.content_type.startswith("text/html") and page.headers["content-type"] == page.content_type
    user_agent = server.requests[0].headers["user-agent"]
    assert user_agent.startswith("Mozilla/5.0") and "Chrome/" in user_agent and "VitrineBot" in user_agent


async def test_follows_redirects_and_reports_the_final_url() -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/old"] = always(redirect("/older", 301))
        server.routes["/older"] = always(redirect(server.url("/new"), 308))
        server.routes["/new"] = always(html("<h1>New</h1>"))
        page = await fetcher.fetch_page(server.url("/old"))
    assert page.final_url == server.url("/new")
    assert server.paths() == ["/old", "/older", "/new"]


async def test_five_redirects_are_followed_and_the_sixth_is_refused() -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        for hop in range(7):
            server.routes[f"/{hop}"] = always(redirect(f"/{hop + 1}"))
        server.routes["/5"] = always(html("<h1>Arrived</h1>"))
        assert (await fetcher.fetch_page(server.url("/0"))).final_url == server.url("/5")
        server.routes["/5"] = always(redirect("/6"))
        with pytest.raises(TooManyRedirects) as refused:
            await fetcher.fetch_page(server.url("/0"))
    assert server.url("/0") in refused.value.message and "more than 5" in refused.value.message
    assert server.paths()[-6:] == ["/0", "/1", "/2", "/3", "/4", "/5"]  # the sixth hop's target was never asked


@pytest.mark.parametrize(
    ("status", "transient", "words"),
    [(404, False, "not found"), (410, False, "gone"), (429, True, "too many requests"), (503, True, "try again")],
)
async def test_error_statuses_are_typed_and_say_whether_to_retry(status: int, transient: bool, words: str) -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/p"] = always(html("<h1>Nope</h1>", status=status))
        with pytest.raises(HttpStatusError) as failed:
            await fetcher.fetch_page(server.url("/p"))
    assert failed.value.status == status and failed.value.transient is transient
    assert server.url("/p") in failed.value.message and str(status) in failed.value.message
    assert words in failed.value.message


def _endless(chunk: int = 64 * 1024, delay: float = 0.0, limit: int = 64 * MB):
    async def stream() -> AsyncIterator[bytes]:
        sent = 0
        while sent < limit:  # a bound so a broken cap fails the test instead of hanging it
            if delay:
                await asyncio.sleep(delay)
            yield b"x" * chunk
            sent += chunk

    return stream


async def test_a_streamed_page_is_abandoned_at_the_cap_not_buffered() -> None:
    limits = FetchLimits(max_html_bytes=256 * 1024)
    async with serve() as server, SafeFetcher(allow_private=True, limits=limits) as fetcher:
        server.routes["/big"] = always(Response(200, {"content-type": "text/html"}, stream=_endless()))
        with pytest.raises(ResponseTooLarge) as refused:
            await fetcher.fetch_page(server.url("/big"))
        await asyncio.sleep(0.05)
    assert "0.25 MB" in refused.value.message and server.url("/big") in refused.value.message
    # What the server managed to push is bounded by the cap plus the kernel's socket buffers, not by the body.
    assert server.streamed_bytes < limits.max_html_bytes + 8 * MB


async def test_the_default_page_cap_is_5_mb() -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        body = b"<p>" + b"x" * (5 * MB - 7) + b"</p>"  # exactly 5 MB: allowed
        server.routes["/edge"] = always(Response(200, {"content-type": "text/html"}, body))
        assert len((await fetcher.fetch_page(server.url("/edge"))).text) == 5 * MB
        server.routes["/over"] = always(Response(200, {"content-type": "text/html"}, body + b"!"))
        with pytest.raises(ResponseTooLarge):
            await fetcher.fetch_page(server.url("/over"))


async def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    limits = FetchLimits(max_image_bytes=1 * MB)
    async with serve() as server, SafeFetcher(allow_private=True, limits=limits) as fetcher:
        headers = {"content-type": "image/png", "content-length": str(50 * MB)}
        server.routes["/huge.png"] = always(Response(200, headers, stream=_endless(delay=0.2)))
        with pytest.raises(ResponseTooLarge) as refused:
            await asyncio.wait_for(fetcher.fetch_image(server.url("/huge.png")), 2)
    assert "1 MB" in refused.value.message and "image" in refused.value.message
    assert server.streamed_bytes <= 64 * 1024


async def test_the_whole_fetch_has_one_deadline() -> None:
    limits = FetchLimits(total_timeout=0.5)
    async with serve() as server, SafeFetcher(allow_private=True, limits=limits) as fetcher:
        # One byte every 50 ms never trips a read timeout, only the overall deadline.
        server.routes["/slow"] = always(Response(200, {"content-type": "text/html"}, stream=_endless(1, 0.05)))
        started = asyncio.get_running_loop().time()
        with pytest.raises(FetchTimeout) as timed_out:
            await fetcher.fetch_page(server.url("/slow"))
    assert asyncio.get_running_loop().time() - started < 2
    assert timed_out.value.transient and "0.5 s" in timed_out.value.message


async def test_connecting_has_its_own_timeout() -> None:
    async def slow_dns(host: str) -> list[str]:
        await asyncio.sleep(5)
        return ["127.0.0.1"]

    limits = FetchLimits(connect_timeout=0.2)
    async with SafeFetcher(allow_private=True, resolver=slow_dns, limits=limits) as fetcher:
        with pytest.raises(FetchTimeout) as timed_out:
            await asyncio.wait_for(fetcher.fetch_page("http://shop.test/p"), 2)
    assert "within 0.2 s" in timed_out.value.message and timed_out.value.transient


async def test_connection_refused_and_unknown_hosts() -> None:
    async with serve() as server:
        closed = server.url("/p")
    async with SafeFetcher(allow_private=True, resolver=FixedResolver({})) as fetcher:
        with pytest.raises(ConnectionFailed) as refused:
            await fetcher.fetch_page(closed)
        with pytest.raises(HostNotFound) as missing:
            await fetcher.fetch_page("http://no-such-shop.test/p")
    assert refused.value.transient and "refused" in refused.value.message
    assert not missing.value.transient and "no-such-shop.test could not be found" in missing.value.message


async def test_connects_to_the_resolved_address_with_the_name_in_the_host_header() -> None:
    async with serve() as server:
        resolver = FixedResolver({"shop.test": ["127.0.0.1"]})
        server.routes["/p"] = always(html("<h1>Hi</h1>"))
        async with SafeFetcher(allow_private=True, resolver=resolver) as fetcher:
            page = await fetcher.fetch_page(f"http://shop.test:{server.port}/p")
    assert page.final_url == f"http://shop.test:{server.port}/p"
    assert server.requests[0].headers["host"] == f"shop.test:{server.port}"
    assert resolver.calls == ["shop.test"]  # one lookup, and the connection went to its answer


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


async def test_tls_is_verified_against_the_name_while_connecting_to_the_checked_address(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path, "shop.test")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    trust = ssl.create_default_context(cafile=str(cert))
    resolver = FixedResolver({"shop.test": ["127.0.0.1"]})
    async with serve(TestServer(ssl_context=server_context)) as server:
        server.routes["/p"] = always(html("<h1>Secure</h1>"))
        async with SafeFetcher(allow_private=True, resolver=resolver, ssl_context=trust) as fetcher:
            page = await fetcher.fetch_page(f"https://shop.test:{server.port}/p")
            # Same address, but the certificate does not name 127.0.0.1: SNI and verification use the URL's host.
            with pytest.raises(ConnectionFailed) as mismatch:
                await fetcher.fetch_page(server.url("/p"))
    assert page.text == "<h1>Secure</h1>" and server.requests[0].headers["host"] == f"shop.test:{server.port}"
    assert "certificate" in mismatch.value.message and not mismatch.value.transient


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Café crème €3".encode("cp1252"), "text/html; charset=windows-1252", "Café crème €3"),
        (b'<meta charset="iso-8859-1"><p>' + "Müller".encode("latin-1"), "text/html", "Müller"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>' + "€".encode("cp1252"),
            "",
            "€",
        ),
        ('<meta charset="utf-8"><p>日本'.encode(), "text/html", "日本"),
        (b"\xef\xbb\xbf<p>BOM \xc3\xa9", "text/html; charset=iso-8859-1", "BOM é"),  # a BOM beats the header
        ("<p>é".encode(), "", "é"),  # undeclared: UTF-8 when it decodes
        ("<p>é".encode("cp1252"), "", "é"),  # undeclared and not UTF-8: windows-1252
        (b"<p>ok", "text/html; charset=no-such-charset", "ok"),
    ],
)
def test_decodes_by_declared_or_sniffed_charset(body: bytes, content_type: str, expected: str) -> None:
    assert decode_html(body, content_type).endswith(expected)


async def test_a_windows_1252_page_declared_only_in_meta_decodes_through_the_fetcher() -> None:
    async with serve(TestServer(folders={"/": CORPUS})) as server, SafeFetcher(allow_private=True) as fetcher:
        page = await fetcher.fetch_page(server.url("/custom-windows-1252-kupfer-wasserkessel.html"))
    assert "Kupfer-Wasserkessel" in page.text and "außer" in page.text and "1.299,00 €" in page.text


CHALLENGES = {
    "cloudflare": (403, {}, "<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={cvId:'3'};</script></body></html>"),  # noqa: E501
    "cloudflare-header": (403, {"cf-mitigated": "challenge"}, "<html><body>Enable JavaScript and cookies to continue</body></html>"),  # noqa: E501
    "cloudflare-attention": (403, {}, "<title>Attention Required! | Cloudflare</title><h1>Sorry, you have been blocked</h1>"),  # noqa: E501
    "datadome": (403, {"x-datadome": "protected"}, "<html><script>var dd={'rt':'c','cid':'AHrl'}</script><script src='https://ct.captcha-delivery.com/c.js'></script></html>"),
    "perimeterx": (403, {}, "<html><title>Access to this page has been denied</title><div id='px-captcha'></div><p>Press &amp; Hold</p></html>"),  # noqa: E501
    "akamai": (403, {}, "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don't have permission. Reference #18.1 https://errors.edgesuite.net/18.1</BODY></HTML>"),  # noqa: E501
    "imperva": (200, {}, "<html><body>Request unsuccessful. Incapsula incident ID: 1234-5678</body></html>"),
    "captcha-form": (200, {}, "<html><head><title>Shop</title></head><body><form><div class='g-recaptcha' data-sitekey='x'></div><button>Continue</button></form></body></html>"),  # noqa: E501
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(CHALLENGES))
async def test_bot_checks_and_captchas_are_blocked_by_site_never_a_page(kind: str) -> None:
    status, headers, body = CHALLENGES[kind]
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/p"] = always(html(body, status=status, **headers))
        with pytest.raises(BlockedBySite) as blocked:
            await fetcher.fetch_page(server.url("/p"))
    assert "blocked by the site" in blocked.value.message and server.url("/p") in blocked.value.message
    assert not blocked.value.transient


def test_product_pages_with_vendor_scripts_or_a_captcha_widget_are_not_bot_checks() -> None:
    # Normal pages behind Cloudflare carry its JS-detection script; a review form may embed a reCAPTCHA.
    dawn = (CORPUS / "shopify-dawn-heavyweight-pocket-tee.html").read_text()
    assert "/cdn-cgi/challenge-platform/" in dawn
    assert detect_bot_check(200, {"server": "cloudflare"}, dawn) is None
    with_widget = dawn.replace("</main>", "<form class='review-form'><div class='g-recaptcha'></div></form></main>")
    assert detect_bot_check(200, {}, with_widget) is None
    assert detect_bot_check(200, {}, "<title>Access Denied Hoodie</title><h1>Access Denied Hoodie</h1>") is None


async def test_a_page_that_is_not_html_is_refused() -> None:
    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/catalog.pdf"] = always(Response(200, {"content-type": "application/pdf"}, b"%PDF-1.7"))
        with pytest.raises(UnexpectedContent) as refused:
            await fetcher.fetch_page(server.url("/catalog.pdf"))
    assert "not a web page" in refused.value.message and "application/pdf" in refused.value.message


async def test_images_are_sniffed_and_html_is_not_an_image() -> None:
    async def png(request: Request) -> Response:
        return Response(200, {"content-type": "application/octet-stream"}, PNG)

    async with serve() as server, SafeFetcher(allow_private=True) as fetcher:
        server.routes["/a.png"] = png
        server.routes["/b.jpg"] = always(html("<h1>Soft 404</h1>"))
        server.routes["/c.png"] = always(
            Response(200, {"content-type": "application/octet-stream"}, PNG[:8] + bytes(64))
        )
        image = await fetcher.fetch_image(server.url("/a.png"))
        with pytest.raises(UnexpectedContent) as not_image:
            await fetcher.fetch_image(server.url("/b.jpg"))
        with pytest.raises(UnexpectedContent) as only_the_signature:
            await fetcher.fetch_image(server.url("/c.png"))  # Pillow reads the header, not just the magic bytes
    assert (image.content_type, image.data, image.final_url) == ("image/png", PNG, server.url("/a.png"))
    assert "not an image" in not_image.value.message and server.requests[0].headers["accept"].startswith("image/")
    assert "not an image" in only_the_signature.value.message
