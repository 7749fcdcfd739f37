"""The extractor: every corpus page through the real fetcher, then each source of product data on its own."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.images import image_identity
from domain.product_pages import read_product_page
from integrations.extractor import extract_product, normalise_currency, normalise_price
from integrations.fetcher import SafeFetcher
from tests.http_fixtures import TestServer, serve

OWN_CORPUS = Path(__file__).parent / "corpus"
SHARED_CORPUS = Path(os.environ.get("VITRINE_TEST_SHARED_CORPUS", "/work/shared/corpus"))
REAL_LABELS = OWN_CORPUS / "real" / "truth.json"
# The pages of tests/corpus/real are kept out of history (see its README): only bench/extraction_report.py scores
# them, where they are supplied. The suite runs the committed sets (registry, patterns) in full, never skipping.


def _pages(corpus: Path) -> list[Any]:
    truth = corpus / "truth.json"
    if not truth.is_file():
        return [pytest.param(corpus, None, marks=pytest.mark.skip(reason=f"no corpus at {corpus}"))]
    return [pytest.param(corpus, entry, id=entry["file"]) for entry in json.loads(truth.read_text(encoding="utf-8"))]


def test_the_project_corpus_covers_what_the_issue_asks_for() -> None:
    entries = json.loads((OWN_CORPUS / "truth.json").read_text(encoding="utf-8"))
    assert len(entries) >= 25 and all((OWN_CORPUS / e["file"]).is_file() for e in entries)
    platforms = " ".join(e["platform"] for e in entries)
    for platform in ("Shopify", "WooCommerce", "Magento", "BigCommerce", "custom"):
        assert platform in platforms
    for kind in ("OpenGraph only", "microdata only", "no structured data"):
        assert kind in platforms
    pages = {e["file"]: (OWN_CORPUS / e["file"]).read_text(encoding="utf-8", errors="replace") for e in entries}
    assert not any("ld+json" in html or "itemscope" in html for name, html in pages.items() if "og-only" in name)
    assert any("data-src=" in html and "srcset=" in html for html in pages.values())
    assert any(re.search(r"_\d+x\d+(@2x)?\.jpg", html) for html in pages.values())  # size-suffixed duplicates
    assert sum(bool(re.search(r"<header.*?logo", html, re.I | re.S)) for html in pages.values()) >= 15
    assert sum(bool(re.search(r"visa|payment", html, re.I)) for html in pages.values()) >= 10


@pytest.mark.parametrize(("corpus", "entry"), _pages(OWN_CORPUS) + _pages(SHARED_CORPUS))
async def test_every_corpus_page_through_the_real_fetcher(corpus: Path, entry: dict[str, Any]) -> None:
    async with serve(TestServer(folders={"/": corpus})) as server, SafeFetcher(allow_private=True) as fetcher:
        url = server.url("/" + entry["file"])
        page = await read_product_page(url, fetcher)
    notes = entry.get("notes", "")
    assert page.title == entry["title"], notes
    assert page.price is not None and Decimal(page.price) == Decimal(entry["price"]), notes
    assert page.currency == entry["currency"], notes
    assert page.main_image and image_identity(page.main_image, url) == image_identity(entry["main_image"], url), notes
    found = [image_identity(image.url, url) for image in page.images]
    assert len(found) == len(set(found)), "one entry per image: renditions are merged"
    assert set(found) == {image_identity(u, url) for u in entry["images"]}, notes


def test_the_real_development_set_is_labelled_with_its_sources() -> None:
    entries = json.loads(REAL_LABELS.read_text(encoding="utf-8"))
    readme = (OWN_CORPUS / "real" / "README.md").read_text(encoding="utf-8")
    assert len(entries) >= 8
    for entry in entries:
        source = entry["source"]
        assert (
            source["repo"] and source["path"] and re.fullmatch(r"[0-9a-f]{40}", source["commit"]) and source["licence"]
        )
        assert entry["file"] in readme and source["commit"] in readme
        assert {"title", "price", "currency", "sku", "availability", "main_image", "images"} <= entry.keys()
    held_out = ("product-extraction-benchmark", "metascraper-shopping")
    assert not any(name in json.dumps(entries) for name in held_out)


# --- each source on its own ------------------------------------------------------------------------------------

PAGE = "https://shop.example/products/tote?variant=1"


def ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_alone() -> None:
    product = extract_product(
        "<html><head>"
        + ld(
            {
                "@context": "https://schema.org",
                "@type": "Product",
                "name": "Canvas Tote &amp; Pouch",
                "description": "<p>Heavy   canvas.</p>",
                "brand": {"@type": "Brand", "name": "Eval Supply"},
                "url": "/products/tote",
                "image": [
                    {"@type": "ImageObject", "contentUrl": "/img/tote-1.jpg", "width": 1200, "height": "1200"},
                    "//cdn.example/tote-2.jpg",
                ],
                "offers": {"@type": "Offer", "price": 29.5, "priceCurrency": "usd"},
            }
        )
        + "</head><body></body></html>",
        PAGE,
    )
    assert (product.title, product.description, product.brand) == (
        "Canvas Tote & Pouch",
        "Heavy canvas.",
        "Eval Supply",
    )
    assert (product.price, product.currency, product.canonical_url) == (
        "29.50",
        "USD",
        "https://shop.example/products/tote",
    )
    assert [(i.url, i.source, i.position, i.width) for i in product.images] == [
        ("https://shop.example/img/tote-1.jpg", "json-ld", 0, 1200),
        ("https://cdn.example/tote-2.jpg", "json-ld", 1, None),
    ]


def test_json_ld_graph_with_id_references_and_a_page_main_entity() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "logo": {"@type": "ImageObject", "url": "/logo.png"}},
            {"@type": "ImageObject", "@id": "#primary", "url": "/img/lamp.jpg", "width": 900},
            {"@type": "WebPage", "@id": "#page", "mainEntity": {"@id": "#product"}},
            {"@type": ["Product", "Thing"], "@id": "#product", "name": "Lamp", "image": {"@id": "#primary"},
             "offers": [{"@type": "Offer", "priceSpecification": [
                 {"@type": "UnitPriceSpecification", "priceType": "StrikethroughPrice", "price": "120"},
                 {"@type": "UnitPriceSpecification", "price": "99.00", "priceCurrency": "EUR"}]}]},
        ],
    }  # fmt: skip
    product = extract_product(f"<html><head>{ld(graph)}</head></html>", PAGE)
    assert (product.title, product.price, product.currency) == ("Lamp", "99.00", "EUR")
    assert [(i.url, i.width) for i in product.images] == [("https://shop.example/img/lamp.jpg", 900)]


def test_product_group_variants_give_images_and_the_first_price() -> None:
    group = {
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": "Anorak",
        "hasVariant": [
            {"@type": "Product", "name": "Anorak - Moss", "image": "/a-moss.jpg",
             "offers": {"@type": "Offer", "price": "149.00", "priceCurrency": "GBP"}},
            {"@type": "Product", "name": "Anorak - Clay", "image": "/a-clay.jpg",
             "offers": {"@type": "Offer", "price": "159.00", "priceCurrency": "GBP"}},
        ],
    }  # fmt: skip
    product = extract_product(ld(group), PAGE)
    assert (product.title, product.price, product.currency) == ("Anorak", "149.00", "GBP")
    assert [i.url.rsplit("/", 1)[1] for i in product.images] == ["a-moss.jpg", "a-clay.jpg"]


@pytest.mark.parametrize(
    ("offers", "price"),
    [
        ({"@type": "AggregateOffer", "lowPrice": "10", "highPrice": "20", "priceCurrency": "USD"}, "10"),
        ([{"@type": "Offer", "price": "12.00"}, {"@type": "Offer", "price": "9.00"}], "12.00"),
        ({"@type": "AggregateOffer", "offers": [{"@type": "Offer", "price": "7.5"}]}, "7.50"),
        ({"@type": "Offer", "minPrice": "14.00", "maxPrice": "21.00"}, "14.00"),
        ({"@type": "Offer", "price": "1,299.00"}, "1299.00"),
    ],
)
def test_offer_shapes(offers: Any, price: str) -> None:
    assert extract_product(ld({"@type": "Product", "name": "X", "offers": offers}), PAGE).price == price


def test_broken_json_ld_is_read_anyway() -> None:
    broken = """<script type="application/ld+json"><!--
    {"@context": "https://schema.org", "@type": "Product", "name": "Mug",
     "description": "line one
line two", "offers": {"price": "18.50", "priceCurrency": "EUR",},}
    --></script>"""
    product = extract_product(broken, PAGE)
    assert (product.title, product.description, product.price) == ("Mug", "line one line two", "18.50")


def test_the_pages_product_is_chosen_among_several_product_nodes() -> None:
    bundle = {
        "@type": "Product",
        "name": "Bundle",
        "url": "https://shop.example/products/bundle",
        "offers": {"price": "99"},
    }
    own = {"@type": "Product", "name": "Tote", "url": "https://shop.example/products/tote", "offers": {"price": "29"}}
    related = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "ListItem", "item": {"@type": "Product", "name": "Other"}}],
    }
    html = f'<link rel="canonical" href="/products/tote">{ld(bundle)}{ld(own)}{ld(related)}'
    assert extract_product(html, PAGE).title == "Tote"


def test_microdata_alone() -> None:
    html = """<div itemscope itemtype="https://schema.org/Product">
      <h1 itemprop="name">Pilot Watch</h1>
      <img itemprop="image" src="/blank.gif" data-src="/img/watch.jpg" alt="Pilot Watch dial">
      <link itemprop="image" href="/img/watch-side.jpg">
      <div itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Meridian</span></div>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
        <meta itemprop="priceCurrency" content="CHF"><span itemprop="price" content="1290.00">1'290.00</span></div>
      <div itemprop="isRelatedTo" itemscope itemtype="https://schema.org/Product"><span itemprop="name">Other</span>
        <img itemprop="image" src="/img/other.jpg"></div>
    </div>"""
    product = extract_product(html, PAGE)
    assert (product.title, product.brand, product.price, product.currency) == (
        "Pilot Watch",
        "Meridian",
        "1290.00",
        "CHF",
    )
    assert [(i.url.rsplit("/", 1)[1], i.source) for i in product.images if i.source == "microdata"] == [
        ("watch.jpg", "microdata"),
        ("watch-side.jpg", "microdata"),
    ]


def test_opengraph_alone() -> None:
    html = """<head><meta property="og:site_name" content="Ember Works">
      <meta property="og:title" content="Fig Candle | Ember Works">
      <meta property="og:image" content="/media/candle.jpg"><meta property="og:image:width" content="1200">
      <meta property="og:image" content="/media/candle-lid.jpg">
      <meta property="product:price:amount" content="36.00"><meta property="product:price:currency" content="USD">
      <meta property="product:brand" content="Ember"><meta property="og:url" content="https://shop.example/c/fig"></head>"""
    product = extract_product(html, PAGE)
    assert (product.title, product.price, product.currency, product.brand) == ("Fig Candle", "36.00", "USD", "Ember")
    assert product.canonical_url == "https://shop.example/c/fig"
    assert [(i.url, i.source, i.position, i.width) for i in product.images] == [
        ("https://shop.example/media/candle.jpg", "og", 0, 1200),
        ("https://shop.example/media/candle-lid.jpg", "og", 1, None),
    ]


def test_twitter_card_alone() -> None:
    html = """<meta name="twitter:title" content="Planter"><meta name="twitter:image" content="/u/planter.jpg">
      <meta name="twitter:label1" content="Price"><meta name="twitter:data1" content="£28.00">"""
    product = extract_product(html, PAGE)
    assert (product.title, product.price, product.currency) == ("Planter", "28.00", "GBP")
    assert [(i.url, i.source) for i in product.images] == [("https://shop.example/u/planter.jpg", "twitter")]


def test_the_page_alone() -> None:
    html = """<html><head><title>Trail Runner | Stride Lab</title><link rel="image_src" href="/p/runner-side.jpg"></head>
    <body><header><img src="/logo.png" alt="Stride Lab"></header><main>
    <h1 class="product-title">Trail Runner</h1>
    <div class="product-gallery">
      <img src="/placeholder.png" data-src="/p/runner-side-800.jpg" data-srcset="/p/runner-side-400.jpg 400w, /p/runner-side.jpg 1600w" alt="Trail Runner side">
      <a href="/p/runner-sole.jpg"><img src="/p/runner-sole-small.jpg" alt="Sole"></a>
      <img src="/p/runner-top-small.jpg" data-zoom-image="/p/runner-top.jpg" alt="Top">
      <picture><source srcset="/p/runner-heel.webp 1x, /p/runner-heel@2x.webp 2x"><img src="/p/runner-heel.jpg"></picture>
    </div>
    <div class="product-price"><s>€159.95</s> <span>€139.95</span></div>
    <section class="related-products"><img src="/p/other.jpg" alt="Other shoe"></section>
    </main></body></html>"""  # noqa: E501
    product = extract_product(html, PAGE)
    assert (product.title, product.price, product.currency) == ("Trail Runner", "139.95", "EUR")
    gallery = [i.url.rsplit("/", 1)[1] for i in product.images if i.source == "gallery"]
    assert gallery == ["runner-side.jpg", "runner-sole.jpg", "runner-top.jpg", "runner-heel@2x.webp"]
    assert [i.source for i in product.images if i.url.endswith("/p/runner-side.jpg")] == ["link", "gallery"]
    assert not any("logo" in i.url or "other" in i.url for i in product.images)


def test_gallery_data_that_scripts_render() -> None:
    variations = json.dumps(
        [{"variation_id": 7, "image": {"full_src": "/up/tee-red.jpg", "full_src_w": 1200, "alt": "Red"}}]
    ).replace('"', "&quot;")
    magento = json.dumps(
        {"[data-gallery-role=gallery-placeholder]": {"mage/gallery/gallery": {"data": [
            {"img": "/m/cache/x/a/b/ab-2.jpg", "full": "/m/full/ab-2.jpg", "position": "2", "isMain": False},
            {"img": "/m/cache/x/a/b/ab-1.jpg", "full": "/m/full/ab-1.jpg", "position": "1", "isMain": True},
            {"type": "video", "img": "/m/video-poster.jpg"}]}}}
    )  # fmt: skip
    html = f"""<div class="product-gallery">
      <div class="slide" style="background-image: url('/bg/tee-front.jpg')"></div>
      <div class="slide" data-bgset="/bg/tee-back-400.jpg 400w, /bg/tee-back.jpg 1600w"></div>
      <img class="pswp-img" src="/s/tee-side-300.jpg" data-photoswipe-src="/s/tee-side.jpg">
    </div>
    <div class="hero" style="background-image:url(/bg/summer-campaign.jpg)"></div>
    <form class="variations_form cart" data-product_variations="{variations}"></form>
    <script type="text/x-magento-init">{magento}</script>"""
    gallery = [(i.url.rsplit("/", 1)[1], i.width) for i in extract_product(html, PAGE).images]
    assert gallery == [
        ("ab-1.jpg", None),  # Magento's main image first, then by position; the video is left out
        ("ab-2.jpg", None),
        ("tee-red.jpg", 1200),
        ("tee-front.jpg", None),
        ("tee-back.jpg", None),
        ("tee-side.jpg", None),
    ]


def test_relative_urls_resolve_against_the_final_url_or_base_href() -> None:
    html = '<meta property="og:image" content="img/a.jpg"><h1>A</h1>'
    assert extract_product(html, "https://shop.example/p/tote").images[0].url == "https://shop.example/p/img/a.jpg"
    with_base = '<base href="https://cdn.shop.example/assets/">' + html
    assert (
        extract_product(with_base, "https://shop.example/p/tote").images[0].url
        == "https://cdn.shop.example/assets/img/a.jpg"
    )


def test_trust_order_between_sources() -> None:
    html = (
        '<meta property="og:title" content="From OpenGraph"><meta property="product:price:amount" content="30">'
        + ld({"@type": "Product", "name": "From JSON-LD"})
        + "<h1>From the page</h1>"
    )
    product = extract_product(html, PAGE)
    assert (product.title, product.price) == ("From JSON-LD", "30")  # a source without a field leaves it to the next
    assert extract_product("<title>Tee | Shop</title><h1>Tee Shirt</h1>", PAGE).title == "Tee Shirt"
    assert extract_product("<title>Tee Shirt | North Thread</title>", PAGE).title == "Tee Shirt"


def test_empty_and_garbage_pages_extract_nothing_without_failing() -> None:
    for html in ("", "   ", "<<<>>>", "\x00\x01binary", "<html><body><img></body></html>"):
        product = extract_product(html, PAGE)
        assert product.title is None and product.price is None and product.images == []


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("$1,299.00", "1299.00"),
        ("1.299,00 €", "1299.00"),
        ("29,90 €", "29.90"),
        ("CHF 1'290.50", "1290.50"),
        ("kr 1 299,00", "1299.00"),
        ("¥2,900", "2900"),
        ("29", "29"),
        ("29.0", "29.00"),
        ("€ 0,99", "0.99"),
        ("Price on request", None),
        ("", None),
    ],
)
def test_prices_become_plain_decimal_strings(text: str, price: str | None) -> None:
    assert normalise_price(text) == price


@pytest.mark.parametrize(
    ("value", "display", "machine"),
    [("12.500", "12500", "12.50"), ("1.299", "1299", "1.299"), ("29.0", "29.00", "29.00"), ("007", "7", "7")],
)
def test_in_structured_data_a_dot_is_always_the_decimal_mark(value: str, display: str, machine: str) -> None:
    assert (normalise_price(value), normalise_price(value, machine=True)) == (display, machine)


@pytest.mark.parametrize(
    ("text", "currency"),
    [("usd", "USD"), ("€", "EUR"), ("£28.00", "GBP"), ("29.00 USD", "USD"), ("NZ$24", "NZD"), ("kr", None), ("", None)],
)
def test_currencies_become_iso_codes(text: str, currency: str | None) -> None:
    assert normalise_currency(text) == currency


# --- gallery rules, on markup written apart from the corpus -------------------------------------------------------


def _image_paths(html: str, url: str = "https://shop.example/p/item") -> list[str]:
    from domain.product_pages import product_page_from_html

    return [image.url.removeprefix("https://shop.example") for image in product_page_from_html(html, url).images]


LIGHTBOX_PAGE = """<html><body><div id="top"><img src="/layout/logo.png" alt="Tea Garden"></div>
<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Cast Iron Teapot</h1>
<table><tr><td class="bilder">
<a data-fancybox="artikel" href="/bilder/gross/teapot.jpg" itemprop="image"><img src="/bilder/mittel/teapot.jpg"
 alt=""></a>
<a data-fancybox="artikel" href="/bilder/gross/teapot-lid.jpg"><img src="/bilder/klein/teapot-lid.jpg" alt="Lid"></a>
<a data-fancybox="artikel" href="/bilder/gross/teapot-infuser.jpg"><img src="/bilder/klein/teapot-infuser.jpg"
 alt="Infuser"></a></td>
<td><span itemprop="price" content="64.90">64,90</span> <meta itemprop="priceCurrency" content="EUR"></td></tr></table>
<div class="zubehoer"><a href="/tea/sencha/"><img src="/bilder/mittel/sencha.jpg" alt="Sencha"></a></div>
</div></body></html>"""


def test_a_lightbox_group_is_the_gallery_whatever_its_classes_and_alt_text_say() -> None:
    full = ["/bilder/gross/teapot.jpg", "/bilder/gross/teapot-lid.jpg", "/bilder/gross/teapot-infuser.jpg"]
    assert _image_paths(LIGHTBOX_PAGE) == full
    # Without the lightbox's attribute each thumbnail still opens its full-size file: a gallery entry all the
    # same (real shops do this with plain links: tests/corpus/registry, Camping World's and Lansky Bros' pages).
    assert _image_paths(LIGHTBOX_PAGE.replace('data-fancybox="artikel" ', "")) == full
    # The control: thumbnails that link to other pages are teasers, not the gallery.
    teasers = LIGHTBOX_PAGE.replace('href="/bilder/gross/teapot-lid.jpg"', 'href="/tea/lid/"').replace(
        'href="/bilder/gross/teapot-infuser.jpg"', 'href="/tea/infuser/"'
    )
    assert _image_paths(teasers.replace('data-fancybox="artikel" ', "")) == full[:1]


def test_carousel_slides_count_unless_they_link_to_another_product() -> None:
    slides = "".join(
        f'<div class="swiper-slide"><img class="swiper-lazy" src="/static/blank.gif" data-src="/media/chair-{n}.jpg"'
        f' alt="View {n}"></div>'
        for n in ("front", "side", "seat")
    )
    teasers = "".join(
        f'<div class="swiper-slide"><a href="/artikel/{n}"><img src="/media/{n}.jpg" alt="{n}"></a></div>'
        for n in ("footstool", "cushion")
    )
    html = f"""<html><head><title>Alder Lounge Chair | Nordwerk</title></head><body>
    <div class="brand"><img src="/static/nordwerk.svg" alt="Nordwerk"></div>
    <div class="swiper detail"><div class="swiper-wrapper">{slides}</div></div>
    <h1>Alder Lounge Chair</h1><p class="amount">1.249,00 €</p>
    <div class="swiper more"><div class="swiper-wrapper">{teasers}</div></div></body></html>"""
    assert _image_paths(html) == ["/media/chair-front.jpg", "/media/chair-side.jpg", "/media/chair-seat.jpg"]


def test_magento_gallery_data_is_read_from_any_inline_script() -> None:
    """Hyva and other Luma-free themes hand Magento's gallery entries to their own scripts."""
    cache = "https://shop.example/media/catalog/product/cache"
    entries = [
        {"thumb": f"{cache}/{'1' * 32}/g/r/{n}.jpg", "img": f"{cache}/{'5' * 32}/g/r/{n}.jpg",
         "full": f"{cache}/{'9' * 32}/g/r/{n}.jpg", "caption": n, "position": str(p), "isMain": p == 1,
         "type": "image"}
        for n, p in (("grinder-burrs", 2), ("grinder-front", 1), ("grinder-counter", 3))
    ]  # fmt: skip
    thumbs = "".join(f'<button><img src="{e["thumb"]}" alt="" width="110" height="110"></button>' for e in entries)
    html = f"""<html><head><meta property="og:type" content="product">
    <meta property="og:image" content="{entries[1]["img"]}"></head><body><h1>Conical Burr Grinder</h1>
    <div x-data="initGallery()"><img src="{entries[1]["img"]}" width="700" height="700" alt="Conical Burr Grinder">
    <div id="thumbs">{thumbs}</div>
    <script>function initGallery(){{return{{images:{json.dumps(entries)},active:0}}}}</script></div></body></html>"""
    extracted = extract_product(html, "https://shop.example/grinder.html")
    assert [c.url for c in extracted.images if c.source == "gallery"] == [entries[i]["full"] for i in (1, 0, 2)]
    paths = _image_paths(html, "https://shop.example/grinder.html")
    assert [p.rsplit("/", 1)[1] for p in paths] == ["grinder-front.jpg", "grinder-burrs.jpg", "grinder-counter.jpg"]
    assert all(f"/{'9' * 32}/" in p or f"/{'5' * 32}/" in p for p in paths)  # never a 110 px thumbnail


def test_a_themes_own_zoom_attribute_names_the_full_image() -> None:
    cdn = "https://i.shop.example/il"
    html = f"""<html><head><script type="application/ld+json">{{"@type": "Product", "name": "Stacking Ring",
    "image": ["{cdn}/a1/il_fullxfull.501_ab.jpg", "{cdn}/b2/il_fullxfull.502_cd.jpg"]}}</script></head><body>
    <ul class="carousel-pane-list"><li class="carousel-pane"><img data-src-zoom-image="{cdn}/a1/il_fullxfull.501_ab.jpg"
    src="{cdn}/a1/il_794xN.501_ab.jpg" srcset="{cdn}/a1/il_794xN.501_ab.jpg 1x, {cdn}/a1/il_1588xN.501_ab.jpg 2x"
    alt="Stacking Ring on a hand"></li><li class="carousel-pane"><img data-image-full="{cdn}/b2/il_fullxfull.502_cd.jpg"
    data-src="{cdn}/b2/il_794xN.502_cd.jpg" alt="Three rings"></li></ul><h1>Stacking Ring</h1></body></html>"""
    paths = _image_paths(html.replace("https://i.shop.example", "https://shop.example"))
    assert paths == ["/il/a1/il_fullxfull.501_ab.jpg", "/il/b2/il_fullxfull.502_cd.jpg"]


# --- SKU, availability, galleries kept as data, titles ----------------------------------------------------------


def test_json_ld_takes_the_offer_of_the_variant_the_address_selects() -> None:
    offers = [
        {"@type": "Offer", "url": "/products/tee?variant=111", "sku": "TEE-S", "price": "20.00",
         "priceCurrency": "EUR", "availability": "https://schema.org/InStock"},
        {"@type": "Offer", "url": "/products/tee?variant=222", "sku": "TEE-XL", "price": "24.00",
         "priceCurrency": "EUR", "availability": "https://schema.org/OutOfStock"},
    ]  # fmt: skip
    html = ld({"@type": "Product", "name": "Tee", "offers": offers}) + '<meta property="og:price:amount" content="20">'
    first = extract_product(html, "https://shop.example/products/tee")
    selected = extract_product(html, "https://shop.example/products/tee?variant=222")
    assert (first.price, first.sku, first.availability) == ("20.00", "TEE-S", "InStock")
    assert (selected.price, selected.sku, selected.availability) == ("24.00", "TEE-XL", "OutOfStock")


def test_sku_and_availability_from_microdata_meta_and_the_page() -> None:
    microdata = (
        '<div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Anvil</span>'
        '<span itemprop="mpn">925872</span><span itemprop="offers" itemscope itemtype="http://schema.org/Offer">'
        '<span itemprop="price">119.99</span><link itemprop="availability" href=" http://schema.org/PreOrder"/>'
        "</span></div>"
    )
    assert (extract_product(microdata, PAGE).sku, extract_product(microdata, PAGE).availability) == (
        "925872",
        "PreOrder",
    )
    meta = (
        '<meta property="og:title" content="Lamp"><meta property="product:retailer_item_id" content="LAMP-7">'
        '<meta property="product:availability" content="out of stock">'
    )
    assert (extract_product(meta, PAGE).sku, extract_product(meta, PAGE).availability) == ("LAMP-7", "OutOfStock")
    page = (
        "<h1>Kettle</h1><form class='product-form'><p class='stock in-stock'>Only 3 left in stock</p>"
        "<span class='sku_wrapper'>SKU: <span class='sku'>KET-15</span></span></form>"
        "<ul class='related products'><li class='product-card'><p class='stock'>Sold out</p></li></ul>"
    )
    assert (extract_product(page, PAGE).sku, extract_product(page, PAGE).availability) == ("KET-15", "InStock")
    card_only = "<h1>Kettle</h1><div class='product-card'><p class='availability'>Sold out</p></div>"
    assert extract_product(card_only, PAGE).availability is None


def test_an_image_block_script_is_the_gallery_largest_rendition_first() -> None:
    block = (
        "<script>P.when('A').register('ImageBlockATF', function(A){ var data = {"
        "'colorImages': { 'initial': [{\"hiRes\":\"https://m.media-amazon.com/images/I/81a._SL1500_.jpg\","
        '"large":"https://m.media-amazon.com/images/I/51a._AC_.jpg","variant":"MAIN"},'
        '{"hiRes":null,"large":"https://m.media-amazon.com/images/I/51b._AC_.jpg","variant":"PT01"}]},'
        "'colorToAsin': {'initial': {}}}; return data; });</script>"
    )
    html = f"<h1>Robot</h1>{block}<div id='altImages'><img src='https://m.media-amazon.com/images/I/51a._AC_US40_.jpg'></div>"
    gallery = [i.url for i in extract_product(html, PAGE).images if i.source == "gallery"]
    assert gallery[:2] == [
        "https://m.media-amazon.com/images/I/81a._SL1500_.jpg",
        "https://m.media-amazon.com/images/I/51b._AC_.jpg",
    ]


def test_a_data_attribute_holding_json_gives_the_largest_rendition() -> None:
    thumb = (
        '<div class="c-image-gallery__thumbnails"><img src="null" srcset="https://cdn.example/p_1.jpg?sw=132 132w" '
        'data-lgimg=\'{"url":"https://cdn.example/p_1.jpg?sw=584","hires":"https://cdn.example/p_1.jpg?sw=1000"}\'>'
        "</div>"
    )
    images = extract_product(f"<h1>Film</h1>{thumb}", PAGE).images
    assert [(i.url, i.source) for i in images] == [("https://cdn.example/p_1.jpg?sw=1000", "gallery")]


def test_teasers_in_cards_carousels_of_others_and_ui_layers_stay_out() -> None:
    html = (
        "<h1>Relay Module</h1>"
        "<div class='main-image-container'><img src='/img/relay.jpg' alt='Relay Module' width='800' height='800'>"
        "<div class='magnifierLens' style='background-image: url(/img/tile.gif)'></div></div>"
        "<div class='a-carousel-card'><a href='/dp/OTHER'><img class='p-product-image' src='/img/other.jpg'></a></div>"
        "<div class='p13n-desktop-carousel'><img class='product-image' src='/img/recommended.jpg'></div>"
    )
    assert [i.url.rsplit("/", 1)[1] for i in extract_product(html, PAGE).images] == ["relay.jpg"]


def test_titles_agree_across_sources() -> None:
    ebay = (
        '<title>Vintage Brass Lamp | eBay</title><meta property="og:title" content="Vintage Brass Lamp | eBay">'
        '<h1 class="it-ttl" id="itemTitle"><span class="g-hdn">Details about &nbsp;</span>Vintage Brass Lamp</h1>'
    )
    assert extract_product(ebay, "https://www.ebay.com/itm/1").title == "Vintage Brass Lamp"
    amazon = (
        "<title>Amazon.com: SainSmart 4-Channel Relay Module : Automotive</title>"
        '<h1 id="title"><span id="productTitle"> SainSmart 4-Channel Relay Module </span></h1>'
    )
    assert extract_product(amazon, "https://www.amazon.com/dp/B0057OC5O8").title == "SainSmart 4-Channel Relay Module"
    shop = '<meta property="og:title" content="Linen Shirt - Buy Linen Shirt online at Hemd &amp; Co"><h1>Hemd</h1>'
    assert extract_product(shop, "https://hemd.example/p/1").title == "Linen Shirt"


def test_without_structured_offers_the_selected_variant_comes_from_the_product_json() -> None:
    product_json = json.dumps(
        {"title": "Tee", "variants": [
            {"id": 111, "price": 2000, "sku": "TEE-S", "available": True},
            {"id": 222, "price": 2450, "sku": "TEE-XL", "available": False},
        ]}
    )  # fmt: skip
    html = (
        '<meta property="og:title" content="Tee"><meta property="og:price:amount" content="20.00">'
        '<meta property="og:price:currency" content="USD">'
        f'<script type="application/json" id="ProductJson-main">{product_json}</script><h1>Tee</h1>'
    )
    first = extract_product(html, "https://shop.example/products/tee")
    selected = extract_product(html, "https://shop.example/products/tee?variant=222")
    assert (first.price, first.currency) == ("20.00", "USD")
    assert (selected.price, selected.currency, selected.sku, selected.availability) == (
        "24.50",
        "USD",
        "TEE-XL",
        "OutOfStock",
    )


def test_a_storefronts_serialised_state_gives_the_named_products_gallery_only() -> None:
    state = {
        "props": {"pageProps": {
            "recommendations": [{"name": "Other Lamp", "images": ["https://cdn.example/other-1.jpg"]}],
            "product": {"name": "Brass Lamp", "sku": "BL-1", "media": [
                {"type": "image", "url": "https://cdn.example/lamp-1.jpg"},
                {"type": "video", "url": "https://cdn.example/lamp-spin.mp4"},
                {"image": {"src": "https://cdn.example/lamp-2.jpg"}},
            ]},
        }}
    }  # fmt: skip
    html = (
        ld({"@type": "Product", "name": "Brass Lamp", "image": "https://cdn.example/lamp-1.jpg"})
        + f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
        + '<script>window.__APOLLO_STATE__ = {"Product:9": {"name": "Brass Lamp", '
        + '"images": ["https://cdn.example/lamp-3.jpg"]}};</script>'
    )
    gallery = [i.url.rsplit("/", 1)[1] for i in extract_product(html, PAGE).images if i.source == "gallery"]
    assert gallery == ["lamp-1.jpg", "lamp-2.jpg"]  # the first object naming the product; its video left out


# --- the committed development sets (issue 28) ------------------------------------------------------------------
# Real pages from a registry package (tests/corpus/registry) and synthetic pattern pages (tests/corpus/patterns),
# each with a held-out quarter (…-holdout) that only bench/extraction_report.py scores: here its labels are checked,
# never what the extractor reads there, so no rule is tuned on it.
DEV_SETS = (OWN_CORPUS / "registry", OWN_CORPUS / "patterns")
HELD_OUT_SETS = (OWN_CORPUS / "registry-holdout", OWN_CORPUS / "patterns-holdout")
LABELS = {"title", "price", "currency", "main_image", "images"}

# What we still read wrong on the development sets, and why. Each must still be wrong (so the list stays true).
DEV_MISSES: dict[str, dict[str, str]] = {
    "formasaurus-447-campingworld-com.html": {
        "images": "the og:image is the main photo served by another host and path (scene7 /is/image/CWI/3000/…)"
        " than the gallery's /products/3000/1000x1000/…: no address pattern ties them",
    },
    "formasaurus-514-davidcareyinc-com.html": {
        "images": "the thumbnail (804.jpg) is the photo of 802.jpg at another size under another number: only the"
        " page's script (popupArray, mainArray, thumbArray) ties the three files",
    },
    "formasaurus-786-pandahall-com.html": {
        "images": "the second photo is only shown as an 80 px thumbnail (its large address is in a script)",
    },
    "formasaurus-909-wilsonsleather-com.html": {
        "main_image": "the gallery's images link to an image server (iipsrv.fcgi?…&cvt=jpeg) whose addresses carry"
        " no image extension, inside a block whose classes say nothing of a gallery",
        "images": "as main_image",
    },
    "htmldate-12wege-beltz-de.html": {
        "availability": "stock is said only as a delivery time ('Lieferzeit: ca. 3 bis 5 Tage') and an icon's class"
        " (stockStatus1): no word of stock",
    },
    "selectorlib-amazon-nike-shoes-product-amazon-com.html": {
        "title": "the saving tool's label span ('name') sits inside the heading, after the product's name",
    },
}


def _dev_pages() -> list[Any]:
    return [
        pytest.param(folder, entry, id=entry["file"])
        for folder in DEV_SETS
        for entry in json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    ]


def test_the_development_sets_are_labelled_with_sources_and_a_held_out_quarter() -> None:
    dev = [e for folder in DEV_SETS for e in json.loads((folder / "truth.json").read_text(encoding="utf-8"))]
    held = [e for folder in HELD_OUT_SETS for e in json.loads((folder / "truth.json").read_text(encoding="utf-8"))]
    for folder in (*DEV_SETS, *HELD_OUT_SETS):
        for entry in json.loads((folder / "truth.json").read_text(encoding="utf-8")):
            assert (folder / entry["file"]).is_file(), entry["file"]
            assert entry.keys() >= LABELS and entry["url"].startswith("http") and entry["source"]["licence"]
            assert entry["main_image"] == (entry["images"][0] if entry["images"] else None)
    assert 4 * len(held) >= len(dev + held) - 4  # a quarter kept aside, give or take a page
    readme = (OWN_CORPUS / "registry" / "README.md").read_text(encoding="utf-8")
    for entry in json.loads((OWN_CORPUS / "registry" / "truth.json").read_text(encoding="utf-8")):
        assert entry["file"].startswith(entry["source"]["package"] + "-") and entry["file"] in readme
    held_out_judges = ("product-extraction-benchmark", "metascraper-shopping")
    assert not any(name in json.dumps(dev + held) for name in held_out_judges)


@pytest.mark.parametrize(("folder", "entry"), _dev_pages())
def test_development_pages_read_as_labelled(folder: Path, entry: dict[str, Any]) -> None:
    """Each development page read as `vitrine extract` reads it (decoded as the fetcher decodes it, parsed as if
    served from its own address), against the labels a person wrote."""
    from domain.product_pages import product_page_from_html
    from integrations.fetcher import decode_html

    url = entry["url"]
    page = product_page_from_html(decode_html((folder / entry["file"]).read_bytes()), url)
    read: dict[str, Any] = {
        "title": page.title,
        "price": page.price and Decimal(page.price),
        "currency": page.currency,
        "main_image": image_identity(page.main_image or "", url),
        "images": {image_identity(image.url, url) for image in page.images},
    }
    wanted: dict[str, Any] = {
        "title": entry["title"],
        "price": entry["price"] and Decimal(entry["price"]),
        "currency": entry["currency"],
        "main_image": image_identity(entry["main_image"] or "", url),
        "images": {image_identity(u, url) for u in entry["images"]},
    }
    for field in ("sku", "availability"):
        if field in entry:  # a label left out is not scored: the page is ambiguous about it
            read[field], wanted[field] = getattr(page, field), entry[field]
    for field, reason in DEV_MISSES.get(entry["file"], {}).items():
        assert read.pop(field) != wanted.pop(field), f"{field} is read right now: drop it from DEV_MISSES ({reason})"
    assert read == wanted, entry.get("notes", "")
