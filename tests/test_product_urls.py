"""Product URL normalisation: one key per product page whatever tracking or spelling the link carries."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.product_urls import normalize_product_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Shop.Example/products/Tote", "https://shop.example/products/Tote"),
        ("https://shop.example:443/products/tote", "https://shop.example/products/tote"),
        ("http://shop.example:80/products/tote", "http://shop.example/products/tote"),
        ("http://shop.example:8080/products/tote", "http://shop.example:8080/products/tote"),
        ("https://shop.example/products/tote#reviews", "https://shop.example/products/tote"),
        ("https://shop.example/products/tote/", "https://shop.example/products/tote"),
        ("https://shop.example", "https://shop.example/"),
        ("https://shop.example./p", "https://shop.example/p"),
        (
            "https://shop.example/p?utm_source=ig&utm_medium=social&variant=42&fbclid=x&gclid=y&color=red",
            "https://shop.example/p?color=red&variant=42",
        ),
        ("https://shop.example/p?ref=homepage&mc_cid=1&mc_eid=2&_pos=1&_sid=a&_ss=r", "https://shop.example/p"),
        ("https://shop.example/p?b=2&a=1&a=0", "https://shop.example/p?a=0&a=1&b=2"),
        ("https://shop.example/p?q=a%2Fb&q2=%7e", "https://shop.example/p?q=a%2Fb&q2=~"),
        ("  https://shop.example/p  ", "https://shop.example/p"),
        ("https://[2001:DB8::1]:443/p", "https://[2001:db8::1]/p"),
    ],
)
def test_examples(url: str, expected: str) -> None:
    assert normalize_product_url(url) == expected


def test_equivalent_links_share_one_key_and_different_products_do_not() -> None:
    same = {
        normalize_product_url(u)
        for u in (
            "https://Shop.example/products/tote",
            "https://shop.example:443/products/tote/?utm_campaign=spring#top",
            "HTTPS://SHOP.EXAMPLE/products/tote?fbclid=abc",
        )
    }
    assert len(same) == 1
    assert normalize_product_url("https://shop.example/products/Tote") != normalize_product_url(
        "https://shop.example/products/tote"
    )  # the path keeps its case
    assert normalize_product_url("https://shop.example/p?variant=1") != normalize_product_url(
        "https://shop.example/p?variant=2"
    )


tracking = st.sampled_from(["utm_source", "utm_campaign", "UTM_Medium", "fbclid", "gclid", "mc_cid", "ref", "_pos"])
keys = st.from_regex(r"[a-z]{1,6}", fullmatch=True).filter(lambda k: k not in {"ref"})
values = st.from_regex(r"[A-Za-z0-9%~._-]{0,8}", fullmatch=True)


@st.composite
def product_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}\.[A-Za-z]{2,4}", fullmatch=True))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = draw(st.from_regex(r"(/[A-Za-z0-9._~-]{0,10}){0,3}/?", fullmatch=True))
    params = draw(st.lists(st.tuples(st.one_of(keys, tracking), values), max_size=5))
    query = "&".join(f"{k}={v}" for k, v in params)
    fragment = draw(st.sampled_from(["", "#", "#reviews"]))
    return f"{scheme}://{host}{port}{path}{'?' + query if query else ''}{fragment}"


@given(product_urls())
def test_normalisation_is_idempotent_and_keeps_what_names_the_product(url: str) -> None:
    once = normalize_product_url(url)
    assert normalize_product_url(once) == once
    parts = urlsplit(once)
    assert not parts.fragment and parts.scheme in ("http", "https") and parts.netloc == parts.netloc.lower()
    assert parts.port != {"http": 80, "https": 443}[parts.scheme]  # the scheme's default port is implied
    names = [pair.split("=", 1)[0].lower() for pair in parts.query.split("&") if pair]
    assert not any(n.startswith("utm_") or n in {"fbclid", "gclid", "mc_cid", "ref", "_pos"} for n in names)
    assert names == sorted(names)
    assert parts.path.rstrip("/") == urlsplit(url).path.rstrip("/")  # the path, case and all, is kept


@given(st.text(max_size=60))
def test_any_string_normalises_to_a_fixed_point(text: str) -> None:
    once = normalize_product_url(text)
    assert normalize_product_url(once) == once
