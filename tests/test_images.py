"""Image rules: normalisation and size-variant merging (property-tested), non-product filters, relevance ranking."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.images import (
    ORIGINAL,
    image_variant,
    merge_size_variants,
    non_product_reason,
    normalize_image_url,
    rank_images,
    title_match,
)


@dataclass(frozen=True)
class Candidate:
    url: str
    source: str = "gallery"
    position: int = 0
    alt: str | None = None
    width: int | None = None
    height: int | None = None


# --- normalisation ---------------------------------------------------------------------------------------------

hosts = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5}){1,2}", fullmatch=True)
segments = st.lists(st.from_regex(r"[A-Za-z0-9_.~-]{1,12}", fullmatch=True), min_size=0, max_size=4)
queries = st.lists(st.from_regex(r"[a-z]{1,5}=[A-Za-z0-9]{0,5}", fullmatch=True), max_size=3)
fragments = st.one_of(st.just(""), st.from_regex(r"#[a-z0-9]{0,6}", fullmatch=True))


@st.composite
def image_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http://", "https://", "HTTPS://", "//"]))
    host = draw(hosts)
    host = host.upper() if draw(st.booleans()) else host
    port = draw(st.sampled_from(["", ":443", ":80", ":8443"]))
    path = "/" + "/".join(draw(segments))
    query = "&".join(draw(queries))
    return f"{scheme}{host}{port}{path}{'?' + query if query else ''}{draw(fragments)}"


@given(image_urls())
def test_normalised_urls_are_absolute_http_without_fragment_and_stable(url: str) -> None:
    normal = normalize_image_url(url)
    assert normal is not None
    parts = urlsplit(normal)
    assert parts.scheme in ("http", "https") and parts.hostname and not parts.fragment and "#" not in normal
    assert parts.netloc == parts.netloc.lower()
    assert normalize_image_url(normal) == normal  # idempotent


@given(st.text(max_size=40), st.sampled_from(["https://shop.example/products/tote", "http://127.0.0.1:8080/p/"]))
def test_normalising_anything_against_a_page_gives_a_fetchable_address_or_none(text: str, page: str) -> None:
    normal = normalize_image_url(text, page)
    if normal is not None:
        assert urlsplit(normal).scheme in ("http", "https") and "#" not in normal
        assert normalize_image_url(normal) == normal


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("/img/a.jpg#zoom", "http://shop.test/p/tote", "http://shop.test/img/a.jpg"),
        ("a.jpg", "http://shop.test/p/tote", "http://shop.test/p/a.jpg"),
        ("//cdn.example/a.jpg", "http://shop.test/p", "http://cdn.example/a.jpg"),
        ("//cdn.example/a.jpg", None, "https://cdn.example/a.jpg"),
        ("HTTPS://CDN.Example:443/A.JPG", None, "https://cdn.example/A.JPG"),
        ("data:image/png;base64,iVBOR", "http://shop.test/", None),
        ("javascript:void(0)", "http://shop.test/", None),
        ("", "http://shop.test/", None),
    ],
)
def test_normalisation_examples(url: str, base: str | None, expected: str | None) -> None:
    assert normalize_image_url(url, base) == expected


# --- size variants ---------------------------------------------------------------------------------------------

# Names of originals: one that itself reads as a rendition ("a-100x200") has no original to test against.
stems = st.from_regex(r"[a-z][a-z0-9]{2,10}(-[a-z0-9]{2,6}){0,2}", fullmatch=True).filter(
    lambda stem: image_variant(f"https://x.example/{stem}.jpg").size == ORIGINAL
)
sizes = st.integers(min_value=100, max_value=2048)


def shopify_variants(stem: str, size: int) -> list[tuple[str, int]]:
    base = f"https://shop.example/cdn/shop/files/{stem}"
    return [
        (f"{base}_{size}x{size}.jpg?v=17", size),
        (f"{base}_{size}x.jpg?v=17", size),
        (f"{base}_x{size}.jpg?v=17", size),
        (f"{base}.jpg?v=17&width={size}", size),
        (f"{base}_{size}x{size}@2x.jpg?v=17", 2 * size),
        (f"{base}_grande.jpg?v=17", 600),
    ]


def wordpress_variants(stem: str, size: int) -> list[tuple[str, int]]:
    return [(f"https://wp.example/wp-content/uploads/2024/05/{stem}-{size}x{size}.jpg", size)]


def magento_variants(stem: str, size: int) -> list[tuple[str, int]]:
    path = f"{stem[0]}/{stem[1]}/{stem}.jpg"
    return [(f"https://m.example/media/catalog/product/cache/1/image/{size}x{size}/9df78eab33525d08/{path}", size)]


def cdn_variants(stem: str, size: int) -> list[tuple[str, int]]:
    return [
        (f"https://cdn.example/i/{stem}.jpg?w={size}&q=80&auto=format", size),
        (f"https://cdn.example/i/{stem}.jpg?sw={size}&sh={size}&sm=fit", size),
    ]


ORIGINALS = {
    shopify_variants: lambda stem: f"https://shop.example/cdn/shop/files/{stem}.jpg?v=17",
    wordpress_variants: lambda stem: f"https://wp.example/wp-content/uploads/2024/05/{stem}.jpg",
    magento_variants: lambda stem: f"https://m.example/media/catalog/product/{stem[0]}/{stem[1]}/{stem}.jpg",
    cdn_variants: lambda stem: f"https://cdn.example/i/{stem}.jpg",
}
platforms = st.sampled_from(list(ORIGINALS))


@given(platforms, stems, sizes)
def test_every_rendition_shares_the_original_identity_and_says_its_size(platform, stem: str, size: int) -> None:
    original = image_variant(ORIGINALS[platform](stem))
    assert original.size == ORIGINAL
    for url, expected in platform(stem, size):
        variant = image_variant(url)
        assert variant.identity == original.identity
        assert variant.size == expected
        assert image_variant("https://" + variant.identity).identity == variant.identity  # stripping is idempotent


@given(platforms, stems, st.lists(sizes, min_size=1, max_size=5), st.booleans(), st.randoms(use_true_random=False))
def test_merging_keeps_one_image_at_its_largest_rendition_in_any_order(platform, stem, widths, with_original, rnd):
    urls = [url for width in widths for url, _ in platform(stem, width)]
    if with_original:
        urls.append(ORIGINALS[platform](stem))
    rnd.shuffle(urls)
    merged = merge_size_variants([Candidate(u, position=i) for i, u in enumerate(urls)])
    assert len(merged) == 1
    best = merged[0].url
    if with_original:
        assert best == ORIGINALS[platform](stem)
    else:
        assert image_variant(best).size == max(image_variant(u).size or 0 for u in urls)
    rnd.shuffle(urls)
    again = merge_size_variants([Candidate(u) for u in urls])
    assert image_variant(again[0].url).size == image_variant(best).size  # the same winner whatever the order


@given(platforms, st.lists(stems, min_size=2, max_size=5, unique=True), sizes)
def test_different_images_are_never_merged(platform, names: list[str], size: int) -> None:
    urls = [platform(stem, size)[0][0] for stem in names]
    assert len(merge_size_variants([Candidate(u) for u in urls])) == len(names)


@given(stems, st.integers(min_value=100, max_value=9999))
def test_a_numbered_name_is_a_rendition_only_when_the_plain_name_is_on_the_page(stem: str, number: int) -> None:
    plain, numbered = f"https://x.example/p/{stem}.jpg", f"https://x.example/p/{stem}-{number}.jpg"
    assert len(merge_size_variants([Candidate(numbered), Candidate(f"https://x.example/p/{stem}-1.jpg")])) == 2
    merged = merge_size_variants([Candidate(plain, "og"), Candidate(numbered, "gallery", 3)])
    assert len(merged) == 1 and merged[0].sources == {"og": 0, "gallery": 3}


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("https://cdn11.bigcommerce.com/s-x/images/stencil/500x659/products/1/2/a__1.jpg?c=2",
         "https://cdn11.bigcommerce.com/s-x/images/stencil/1280x1280/products/1/2/a__1.jpg?c=2"),
        ("https://static.wixstatic.com/media/a_1~mv2.jpg/v1/fill/w_147,h_147,al_c/a.jpg",
         "https://static.wixstatic.com/media/a_1~mv2.jpg"),
        ("https://res.cloudinary.com/d/image/upload/w_400,c_fill/v1/shoe.jpg",
         "https://res.cloudinary.com/d/image/upload/v1/shoe.jpg"),
        ("https://shop.example/_next/image?url=%2Fmedia%2Fa.jpg&w=640&q=75", "https://shop.example/media/a.jpg"),
        ("https://ps.example/41-home_default/scarf.jpg", "https://ps.example/41-large_default/scarf.jpg"),
        ("https://sw.example/thumbnail/1a/2b/3c/170/shirt_400x400.jpg", "https://sw.example/media/1a/2b/3c/170/shirt.jpg"),
        ("https://m.example/media/catalog/product/cache/0f831c1845fc143d00d6d1ebc49f446a/m/b/mb01.jpg",
         "https://m.example/media/catalog/product/m/b/mb01.jpg"),
        ("https://wp.example/wp-content/uploads/2024/01/a-768x768.jpg",
         "https://wp.example/wp-content/uploads/2024/01/a-scaled.jpg"),
        ("https://sq.example/s/a.jpg?format=500w", "https://sq.example/s/a.jpg?format=2500w"),
    ],
)  # fmt: skip
def test_platform_renditions_merge_to_the_larger_one(small: str, large: str) -> None:
    merged = merge_size_variants([Candidate(small, position=0), Candidate(large, position=1)])
    assert [image.url for image in merged] == [large]
    merged = merge_size_variants([Candidate(large, position=0), Candidate(small, position=1)])
    assert [image.url for image in merged] == [large]


def test_names_that_only_look_alike_stay_apart() -> None:
    urls = [
        "https://wp.example/wp-content/uploads/poster-18x24.jpg",  # the product's size, not the file's
        "https://wp.example/wp-content/uploads/poster-24x36.jpg",
        "https://shop.example/cdn/shop/files/tee-black.jpg",
        "https://shop.example/cdn/shop/files/tee-white.jpg",
        "https://other.example/cdn/shop/files/tee-black.jpg",  # another host is another image
        "https://img.example/image.php?id=1&w=300",
        "https://img.example/image.php?id=2&w=300",  # only the size parameter is ignored
        "https://x.example/p/photo-1001.jpg",
        "https://x.example/p/photo-1002.jpg",
    ]
    assert len(merge_size_variants([Candidate(u) for u in urls])) == len(urls)


# --- non-product images ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "alt", "width", "why"),
    [
        ("https://s.example/files/logo.png", None, None, "logo"),
        ("https://s.example/files/Store_Logo_2x.png", None, None, "logo"),
        ("https://s.example/assets/payment/visa.png", "Visa", 38, "visa"),
        ("https://s.example/img/paypal-verified.gif", None, None, "paypal"),
        ("https://s.example/img/trust-badges-payment.png", "Secure payments", 300, "badge"),
        ("https://s.example/icons/truck.png", None, 24, "icon"),
        ("https://s.example/img/sprite.png", None, None, "sprite"),
        ("https://s.example/img/arrow.svg", None, None, "vector"),
        ("https://www.facebook.com/tr?id=1&ev=PageView", None, 1, "tracking"),
        ("https://s.example/img/placeholder.jpg", None, None, "placeholder"),
        ("https://s.example/img/no-image.jpg", None, None, "no-image"),
        ("https://s.example/img/loader.gif", None, None, "loader"),
        ("https://s.example/img/header-photo.jpg", "Store logo", 300, "logo"),
        ("https://s.example/products/tee.jpg", None, 40, "small"),
    ],
)
def test_non_product_images_are_recognised(url: str, alt: str | None, width: int | None, why: str) -> None:
    reason = non_product_reason(url, alt, width, width, title="Heavyweight Pocket Tee")
    assert reason is not None and why in reason


def test_a_word_in_the_products_own_title_does_not_count_against_its_photos() -> None:
    url = "https://demo.example/wp-content/uploads/2024/01/hoodie-with-logo-2.jpg"
    assert non_product_reason(url, "Hoodie with Logo", title="Hoodie with Logo") is None
    assert non_product_reason(url, "Hoodie with Logo", title="Plain Hoodie") is not None
    assert non_product_reason("https://s.example/products/tee-front.jpg", "Tee front", 800, 800, "Tee") is None


# --- ranking ---------------------------------------------------------------------------------------------------

TITLE = "Everyday Canvas Tote Bag"


def test_structured_data_first_then_the_gallery_with_scores_and_reasons() -> None:
    candidates = [
        Candidate("https://s.example/img/logo.png", "page", 0, "Eval Supply Co logo", 120, 40),
        Candidate("https://s.example/img/tote-3.jpg", "gallery", 2, f"{TITLE} view 3", 800, 800),
        Candidate("https://s.example/img/tote-2.jpg", "gallery", 1, f"{TITLE} view 2", 800, 800),
        Candidate("https://s.example/img/tote-1_600x600.jpg", "gallery", 0, f"{TITLE} view 1", 600, 600),
        Candidate("https://s.example/img/tote-1.jpg", "json-ld", 0),
        Candidate("https://s.example/img/tote-1.jpg", "og", 0),
        Candidate("https://s.example/img/summer-banner.jpg", "og", 1),  # a share banner beside structured data
    ]
    ranked = rank_images(candidates, TITLE)
    assert [image.url.rsplit("/", 1)[1] for image in ranked] == ["tote-1.jpg", "tote-2.jpg", "tote-3.jpg"]
    assert all(0.0 <= image.score <= 1.0 for image in ranked)
    assert [image.score for image in ranked] == sorted((image.score for image in ranked), reverse=True)
    first = ranked[0]
    # The 600 px belonged to the _600x600 rendition; nothing is declared for the original that is kept.
    assert first.source == "json-ld" and first.alt == f"{TITLE} view 1" and first.width is None
    assert first.reasons[0] == "product structured data (json-ld), position 1"
    assert any("also named by" in reason and "gallery" in reason and "og" in reason for reason in first.reasons)
    assert "alt text matches 100% of the title" in first.reasons
    assert ranked[1].reasons[0] == "product gallery, position 2"


def test_without_structured_data_share_images_and_lookalike_page_images_count() -> None:
    candidates = [
        Candidate("https://s.example/media/candle.jpg", "og", 0, None, 1200, 1200),
        Candidate("https://s.example/media/candle-lid.jpg", "og", 1, None, 1200, 1200),
        Candidate("https://s.example/static/studio.jpg", "page", 0, "Our workbench", 1200, 600),
        Candidate("https://s.example/media/fig-candle-tin.jpg", "page", 1, "Fig Cedar Candle travel tin", 800, 800),
    ]
    ranked = rank_images(candidates, "Fig & Cedar Candle")
    assert [image.url.rsplit("/", 1)[1] for image in ranked] == ["candle.jpg", "candle-lid.jpg", "fig-candle-tin.jpg"]
    assert ranked[0].source == "og"


def test_with_nothing_to_go_on_the_first_substantial_page_image_is_the_guess() -> None:
    candidates = [
        Candidate("https://s.example/a/tiny-thing.jpg", "page", 0, None, 100, 100),
        Candidate("https://s.example/a/photo.jpg", "page", 1, "IMG_2231", 900, 900),
        Candidate("https://s.example/a/other.jpg", "page", 2, None, 900, 900),
    ]
    assert [image.url for image in rank_images(candidates, "Oak Board")] == ["https://s.example/a/photo.jpg"]


def test_a_small_rendition_does_not_make_its_photo_a_thumbnail() -> None:
    candidates = [
        Candidate("https://shop.example/cdn/shop/files/tote.jpg?v=1", "json-ld", 0),
        Candidate("https://shop.example/cdn/shop/files/tote_100x100.jpg?v=1", "gallery", 0, None, 100, 100),
        Candidate("https://shop.example/cdn/shop/files/tote-back.jpg?v=1&width=1000", "gallery", 1, None, 1000, 1000),
    ]
    ranked = rank_images(candidates, "Tote")
    assert [image.url for image in ranked] == [
        "https://shop.example/cdn/shop/files/tote.jpg?v=1",
        "https://shop.example/cdn/shop/files/tote-back.jpg?v=1&width=1000",
    ]
    assert ranked[1].width == 1000 and "large (1000 px)" in ranked[1].reasons


def test_thumbnails_beside_photos_and_pixels_are_dropped() -> None:
    candidates = [
        Candidate("https://s.example/p/1.jpg", "json-ld", 0, None, 1000, 1000),
        Candidate("https://s.example/p/1-thumb.jpg", "gallery", 0, None, 80, 80),
        Candidate("https://s.example/p/pixel-free.jpg", "gallery", 1, None, 1, 1),
    ]
    assert [image.url for image in rank_images(candidates, "Thing")] == ["https://s.example/p/1.jpg"]


@pytest.mark.parametrize(
    ("alt", "expected"),
    [(f"{TITLE} view 1", 1.0), ("Canvas tote", 0.5), ("", 0.0), (None, 0.0), ("the bag", 0.25)],
)
def test_title_match_is_the_share_of_title_words_in_the_alt_text(alt: str | None, expected: float) -> None:
    assert title_match(alt, TITLE) == pytest.approx(expected)


# --- size folders and undeclared full renditions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("https://s.example/media/artikel/thumbs/chair.jpg", "https://s.example/media/artikel/chair.jpg"),
        ("https://s.example/bilder/klein/teapot.jpg", "https://s.example/bilder/gross/teapot.jpg"),
        ("https://s.example/images/small/VX2231_A.jpg", "https://s.example/images/large/VX2231_A.jpg"),
        ("https://s.example/img/medium/lamp.png", "https://s.example/img/zoom/lamp.png"),
    ],
)
def test_the_same_file_in_size_named_folders_is_one_picture(small: str, large: str) -> None:
    assert image_variant(small).identity == image_variant(large).identity
    merged = merge_size_variants([Candidate(small, position=0), Candidate(large, position=1)])
    assert [image.url for image in merged] == [large]


def test_folders_that_only_look_like_sizes_keep_pictures_apart() -> None:
    # Magento files uploads under their first two letters: /s/m/ is no "small" folder.
    urls = [
        "https://m.example/media/catalog/product/s/m/small-bag.jpg",
        "https://m.example/media/catalog/product/l/a/small-bag.jpg",
        "https://s.example/thumbs/chair.jpg",
        "https://s.example/thumbs/table.jpg",
    ]
    assert len({image_variant(url).identity for url in urls}) == 4


def test_a_full_rendition_of_unknown_size_is_not_taken_for_its_thumbnail() -> None:
    cache = "https://m.example/media/catalog/product/cache"
    candidates = [
        Candidate(f"{cache}/{'5' * 32}/g/r/front.jpg", "og", 0),
        Candidate(f"{cache}/{'5' * 32}/g/r/front.jpg", "page", 0, "Grinder", 700, 700),
        Candidate(f"{cache}/{'9' * 32}/g/r/burrs.jpg", "gallery", 1, "Burr chamber"),
        Candidate(f"{cache}/{'1' * 32}/g/r/burrs.jpg", "page", 2, "Burr chamber", 110, 110),
    ]
    ranked = rank_images(candidates, "Grinder")
    assert [image.url.rsplit("/", 4)[1] for image in ranked] == ["5" * 32, "9" * 32]


def test_dimensions_in_a_shopify_file_name_are_part_of_the_name() -> None:
    files = "https://s.example/cdn/shop/files"
    poster = [f"{files}/poster-50x70.jpg?v=1&width=600", f"{files}/poster-50x70_1200x.jpg?v=1"]
    assert len({image_variant(url).identity for url in poster}) == 1
    assert image_variant(f"{files}/poster-30x40.jpg?width=600").identity != image_variant(poster[0]).identity


def test_amazon_renditions_and_image_proxies_are_one_photo() -> None:
    renditions = [
        "https://m.media-amazon.com/images/I/71p1Oe9knSL._AC_SL1200_.jpg",
        "https://m.media-amazon.com/images/W/MEDIAX_792452-T2/images/I/71p1Oe9knSL._AC_SX679_.jpg",
        "https://images-na.ssl-images-amazon.com/images/I/71p1Oe9knSL._AC_UL232_SR232,232_.jpg",
        "https://m.media-amazon.com/images/I/71p1Oe9knSL.jpg",
    ]
    variants = [image_variant(url) for url in renditions]
    assert len({v.identity for v in variants}) == 1
    assert [v.size for v in variants] == [1200, 679, 232, ORIGINAL]
    assert image_variant("https://m.media-amazon.com/images/I/51cKxnRSKbL._AC_.jpg").identity != variants[0].identity
    proxied = image_variant("https://images.weserv.nl/?url=https%3A%2F%2Fcdn.example%2Fcar-1.jpeg&w=960")
    assert proxied == image_variant("https://cdn.example/car-1.jpeg").__class__("cdn.example/car-1.jpeg", 960)
    merged = merge_size_variants([Candidate(u) for u in renditions])
    assert [m.url for m in merged] == ["https://m.media-amazon.com/images/I/71p1Oe9knSL.jpg"]
