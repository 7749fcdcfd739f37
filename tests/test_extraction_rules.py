"""Pure rules of the extractor: availability normalisation, title cleaning, currencies, item numbers and image
renditions, property-tested. Each rule of issue 28 names the development page that taught it
(tests/corpus/registry: real pages, tests/corpus/patterns: pages of ours modelling the pattern)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from domain.images import image_identity
from domain.images.filters import non_product_reason
from domain.images.merging import merge_size_variants
from domain.images.variants import image_variant
from integrations.extractor import ImageCandidate, extract_product
from integrations.extractor.prices import (
    ALL_ISO_CURRENCIES,
    REGION_CURRENCIES,
    SHARED_SYMBOLS,
    normalise_currency,
)
from integrations.extractor.region import host_region, locale_region
from integrations.extractor.stock import AVAILABILITIES, clean_sku, normalise_availability, strip_sku_label
from integrations.extractor.titles import (
    TitleSources,
    choose_title,
    colour_words,
    site_names,
    strip_appended_colour,
    strip_site_affixes,
)

# --- availability ---------------------------------------------------------------------------------------------


@given(st.sampled_from(AVAILABILITIES), st.sampled_from(["http://schema.org/", "https://schema.org/", "schema:", ""]))
def test_every_schema_org_spelling_reads_as_its_name(value: str, prefix: str) -> None:
    assert normalise_availability(f"  {prefix}{value} ") == value
    assert normalise_availability(value.lower()) == value


@given(st.text(max_size=300))
def test_availability_is_a_schema_org_name_or_nothing_and_stable(text: str) -> None:
    found = normalise_availability(text)
    assert found is None or found in AVAILABILITIES
    assert found is None or normalise_availability(found) == found


def test_feed_codes_and_stock_messages() -> None:
    cases = {
        "in stock": "InStock",
        "in_stock": "InStock",
        "instock": "InStock",
        "out of stock": "OutOfStock",
        "oos": "OutOfStock",
        "Only 3 left in stock - order soon.": "InStock",
        "Currently unavailable.": "OutOfStock",
        "Sold out": "SoldOut",
        "Pre-order now": "PreOrder",
        "Available on backorder": "BackOrder",
        "Non disponible": "OutOfStock",
        "Auf Lager": "InStock",
        "Limited availability": "LimitedAvailability",
        "Add to cart": None,
        "": None,
    }
    assert {text: normalise_availability(text) for text in cases} == cases


def test_a_sku_is_a_short_token_never_a_sentence_or_a_link() -> None:
    assert clean_sku(" B0057OC5O8 ") == "B0057OC5O8" and clean_sku(925872) == "925872"
    for junk in ("", "null", "https://shop.example/sku/1", "this is a long description of the item", "x" * 80):
        assert clean_sku(junk) is None


# --- titles ---------------------------------------------------------------------------------------------------

words = st.from_regex(r"[A-Za-z][A-Za-z0-9]{1,10}", fullmatch=True)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
separators = st.sampled_from([" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 "])


@given(names, separators, st.sampled_from(["North Thread", "FYE", "shop.example"]))
def test_the_site_name_after_a_separator_goes(name: str, separator: str, site: str) -> None:
    sites = [site, *site_names("https://shop.example/p/1", [])]
    assert strip_site_affixes(f"{name}{separator}{site}", sites) == name
    assert strip_site_affixes(f"{site}{separator}{name}", sites) in (name, f"{site}{separator}{name}")


@given(st.text(max_size=120), st.lists(st.text(max_size=20), max_size=3))
def test_cleaning_only_removes_and_never_empties(title: str, sites: list[str]) -> None:
    cleaned = strip_site_affixes(title, sites)
    if not title.strip():
        return  # nothing visible to keep
    assert cleaned is not None and cleaned.strip() and cleaned.strip() in title


@given(names)
def test_a_title_without_site_words_is_kept_whole(name: str) -> None:
    assert strip_site_affixes(name, ["Acme"]) == name


def test_real_shapes_of_wrapped_titles() -> None:
    amazon = site_names("https://www.amazon.co.uk/dp/1", [])
    assert amazon == ["amazon.co.uk", "amazon"]
    assert (
        strip_site_affixes("Vegetable Perfection: 100 recipes: Amazon.co.uk: Follas, Mat: 9781849757096: Books", amazon)
        == "Vegetable Perfection: 100 recipes"
    )
    kindle = "The Whole Truth (A. Shaw Book 1) - Kindle edition by Baldacci, David. Kindle eBooks @ Amazon.com."
    assert strip_site_affixes(kindle, site_names("https://www.amazon.com/x", [])) == "The Whole Truth (A. Shaw Book 1)"
    assert strip_site_affixes("Details about  Vintage Lamp | eBay", ["ebay"]) == "Vintage Lamp"
    assert strip_site_affixes("Trail Shoe - Buy Trail Shoe online at Runners", ["runners"]) == "Trail Shoe"


@given(names, st.sampled_from(["Black", "Navy Blue", "red"]), st.sampled_from([" - ", ", ", " / ", " in "]))
def test_a_colour_the_shop_appended_goes_when_another_source_names_the_product_without_it(
    name: str, colour: str, separator: str
) -> None:
    assert strip_appended_colour(f"{name}{separator}{colour}", name) == name
    assert strip_appended_colour(f"{name}{separator}Edition", name) == f"{name}{separator}Edition"


def test_the_heading_agreed_with_the_share_title_wins_over_its_format_line() -> None:
    sources = TitleSources(
        share="The Whole Truth (A. Shaw Book 1) - Kindle edition by Baldacci, David. eBooks @ Amazon.com.",
        document="The Whole Truth (A. Shaw Book 1) - Kindle edition by Baldacci, David. eBooks @ Amazon.com.",
        heading="The Whole Truth (A. Shaw Book 1) Kindle Edition",
        heading_parts=["The Whole Truth (A. Shaw Book 1)", "Kindle Edition"],
        site_names=site_names("https://www.amazon.com/dp/B0011UCPM4", []),
    )
    assert choose_title(sources) == "The Whole Truth (A. Shaw Book 1)"
    # A structured name is the shop's own, but not a colour it appended to the name the page shows.
    assert choose_title(TitleSources(structured="Pocket Tee - Black", heading="Pocket Tee")) == "Pocket Tee"
    assert choose_title(TitleSources(structured="Pocket Tee", heading="Pocket Tee Sale")) == "Pocket Tee"
    assert re.fullmatch(r"Lamp", choose_title(TitleSources(share="Lamp | Shop", site_names=["Shop"])) or "")


# --- currencies: the symbol and the page's country (patterns/es-ar-…, zh-tw-…, en-au-…, sv-se-…) ----------------

amounts = st.decimals(min_value=1, max_value=99999, places=2).map(lambda d: f"{d:,.2f}")


@given(st.sampled_from(sorted(REGION_CURRENCIES)), amounts)
def test_a_bare_dollar_is_the_dollar_of_the_country_the_page_sells_in(region: str, amount: str) -> None:
    local = REGION_CURRENCIES[region]
    expected = local if local in SHARED_SYMBOLS["$"] else "USD"
    assert normalise_currency(f"${amount}", region) == expected
    assert normalise_currency(f"${amount}") == "USD"  # no country said: the symbol's usual reading
    assert normalise_currency(f"{amount} EUR", region) == "EUR"  # a code is never reinterpreted


@given(st.sampled_from(["SE", "NO", "DK", "IS"]), amounts, st.sampled_from(["kr", "kr.", "Kr"]))
def test_crowns_are_read_only_with_the_country(region: str, amount: str, crown: str) -> None:
    assert normalise_currency(f"{amount} {crown}", region) == REGION_CURRENCIES[region]
    assert normalise_currency(f"{amount} {crown}") is None
    assert normalise_currency(f"Kristall {amount}", region) is None  # "kr" inside a word is no crown


@given(st.from_regex(r"[A-Z]{3}", fullmatch=True))
def test_a_three_letter_value_is_a_currency_only_when_iso_4217_has_it(code: str) -> None:
    assert normalise_currency(code) == (code if code in ALL_ISO_CURRENCIES else None)


def test_locale_and_domain_name_the_country() -> None:
    assert [locale_region(x) for x in ("es_AR", "zh-Hant-TW", "en-au", "fr", "ja", "sv", None)] == [
        "AR", "TW", "AU", None, "JP", "SE", None,
    ]  # fmt: skip
    hosts = ("https://demo.com.ar/p", "https://shop.co.uk/x", "https://x.de/", "https://x.com/", "https://x.io/")
    assert [host_region(u) for u in hosts] == ["AR", "GB", "DE", None, None]
    # Symbols beside code: '253.0 грн' on a page whose priceCurrency says "UAN" (registry/formasaurus-146-…).
    assert normalise_currency("253.0 грн") == "UAH" and normalise_currency("UAN") is None


def test_price_and_currency_come_from_one_offer() -> None:
    """sv-se-mixed-currency-sources: JSON-LD price without currency, og:price of another market in EUR."""
    html = """<html lang="sv-SE"><head><meta property="og:price:amount" content="119.00">
    <meta property="og:price:currency" content="EUR"><script type="application/ld+json">
    {"@type": "Product", "name": "Filt", "offers": {"price": "1295.00"}}</script></head>
    <body><h1>Filt</h1><div class="product-price">1 295 kr</div></body></html>"""
    product = extract_product(html, "https://www.shop.example.se/filt")
    assert (product.price, product.currency) == ("1295.00", "SEK")


def test_availability_is_read_from_an_offer_whose_price_does_not_parse() -> None:
    """de-availability-price-on-request: "price": "auf Anfrage" with availability InStock."""
    html = """<script type="application/ld+json">{"@type": "Product", "name": "Werkbank",
    "offers": {"price": "auf Anfrage", "priceCurrency": "EUR", "availability": "https://schema.org/InStock"}}
    </script>"""
    product = extract_product(html, "https://shop.example.de/werkbank")
    assert (product.price, product.availability) == (None, "InStock")


@given(
    st.sampled_from(["$54.97 - $138.28", "12,90 \u20ac \u2013 19,90 \u20ac", "from $5 to $9", "de 10 a 20 \u20ac"]),
    st.sampled_from(["a-color-price", "product-price", "price"]),
)
def test_a_range_of_prices_is_no_price_to_pay(shown: str, price_class: str) -> None:
    """registry/selectorlib-amazon-nike-shoes-product-amazon-com: no size chosen, the buy box shows a range."""
    html = f"""<html><body><h1>Air Trainer</h1><span class="{price_class}">{shown}</span>
    <div class="related"><span class="price">$12.00</span></div></body></html>"""
    product = extract_product(html, "https://shop.example/air-trainer")
    assert product.price is None and product.currency in ("USD", "EUR")
    single = extract_product(html.replace(shown, "$54.97"), "https://shop.example/air-trainer")
    assert (single.price, single.currency) == ("54.97", "USD")


# --- item numbers without their labels (patterns/de-ch-…, fr-…, it-…, registry/formasaurus-280-…, -442-…) -------

codes = st.from_regex(r"[A-Z]{1,4}-?[0-9]{2,8}(?:-[0-9A-Z]{1,4})?", fullmatch=True)
labels = st.sampled_from(
    ["SKU:", "SKU", "Réf. :", "Ref.:", "Art.-Nr.", "Artikelnummer:", "Item #", "Kod produktu:", "Varenr.:",
     "Código:", "Codice articolo:", "MPN:", "Product code:", "型番", "商品編號\uff1a", "Артикул:", "UGS :", "ISBN:",
     "ISBN-13:"]
)  # fmt: skip


@given(labels, codes, st.sampled_from(["", " Montre", " Borsa in pelle"]))
def test_a_sku_loses_its_label_and_the_words_after_it(label: str, code: str, words: str) -> None:
    assert strip_sku_label(f"{label} {code}{words}") == code
    assert clean_sku(f"{label} {code}") == code
    assert strip_sku_label(code) == code  # a bare code is kept as it is


@given(st.sampled_from(["SKU", "REF", "Model", "UPC", "Art"]), st.sampled_from(["-", "_", "/"]), codes)
def test_a_code_that_starts_with_a_labels_letters_is_kept_whole(word: str, glue: str, code: str) -> None:
    """A label is followed by a separator: "SKU-MUG" (the shop's own code) is not the label SKU and "-MUG"."""
    assert strip_sku_label(f"{word}{glue}{code}") == f"{word}{glue}{code}"
    assert clean_sku(f"{word}{glue}{code}") == f"{word}{glue}{code}"


def test_a_books_isbn_is_its_item_number_when_the_page_prints_no_other() -> None:
    """registry/htmldate-12wege-beltz-de: a publisher's book page prints 'ISBN:' and the number in two spans."""
    html = """<html><body><h1>12 Wege zu guter Pflege</h1><p class="buchmetatext"><span>Paperback</span>
    <span class="col1">ISBN:</span><span class="col2">978-3-407-86532-8</span>
    <span class="col1">Erschienen:</span><span class="col2">07.02.2019</span></p>
    <span class="price">18,95 \u20ac</span></body></html>"""
    product = extract_product(html, "https://verlag.example.de/buecher/12-wege")
    assert product.sku == "978-3-407-86532-8"


# --- titles: colour words in the page's language, SEO suffixes, the brand the heading shows ---------------------

names_fr = st.sampled_from(["Pull col rond en laine", "Écharpe mérinos", "Sac cabas"])


@given(
    st.sampled_from(
        [("fr", "Bleu marine"), ("de", "Schwarz"), ("es", "Negro"), ("it", "Cuoio"), ("nl", "Zwart"),
         ("pt", "Preta"), ("pl", "Czarny"), ("en", "Navy Blue")]
    ),
    names_fr,
    st.sampled_from([" - ", " \u2013 ", ", ", " / "]),
)  # fmt: skip
def test_colour_words_are_read_in_the_pages_language(lang_colour: tuple[str, str], name: str, sep: str) -> None:
    language, colour = lang_colour
    assert strip_appended_colour(f"{name}{sep}{colour}", name, language) == name
    assert strip_appended_colour(f"{name}{sep}Édition limitée", name, language) == f"{name}{sep}Édition limitée"


def test_a_colour_of_another_language_is_a_word_like_any_other() -> None:
    # "Rust" is no colour word: the apron is called "Linen Apron - Rust" everywhere (patterns/en-au-…).
    assert "rust" not in colour_words("en") and "negro" not in colour_words("de") and "negro" in colour_words(None)
    assert strip_appended_colour("Linen Apron - Rust", "Linen Apron", "en") == "Linen Apron - Rust"


@given(st.sampled_from(["Frete Grátis", "Free Shipping", "Envío gratis", "Versandkostenfrei"]))
def test_the_structured_name_is_cut_where_the_heading_ends_and_the_brand_kept(suffix: str) -> None:
    """patterns/pt-br-vtex-…: structured name with an SEO suffix, heading with the brand before the name."""
    name = "Tênis Corrida Ultra Leve 3 Masculino"
    sources = TitleSources(structured=f"{name} - {suffix}", heading=f"Passo Firme {name}", brand="Passo Firme")
    assert choose_title(sources) == f"Passo Firme {name}"
    assert choose_title(TitleSources(structured=f"{name} - {suffix}", heading=name)) == name
    # Without the brand named anywhere, extra words before the name are not taken for one.
    assert choose_title(TitleSources(structured=name, heading=f"Passo Firme {name}")) == name


def test_a_heading_that_names_nothing_the_titles_name_is_a_message() -> None:
    """registry/formasaurus-442-calendars-com: the only <h1> is a shipping offer."""
    sources = TitleSources(
        document="Diners Collage 1000 Piece Puzzle: 724819255917 |  | Calendars.com",
        heading="Free Standard Shipping above $35",
        site_names=site_names("http://www.calendars.com/x", []),
    )
    assert choose_title(sources) == "Diners Collage 1000 Piece Puzzle"


# --- images: renditions merged by URL families, non-photos dropped ----------------------------------------------

stems = st.from_regex(r"[a-z][a-z0-9]{2,12}(?:-[a-z0-9]{1,6}){0,2}", fullmatch=True)
sides = st.integers(min_value=100, max_value=2400)


@given(stems, sides, sides)
def test_renditions_of_one_image_share_an_identity_and_tell_their_size(stem: str, small: int, large: int) -> None:
    base = "https://img.shop.example"
    families = [
        lambda n: f"{base}/p/{n}x{n}/{stem}.jpg",  # /300x300/ (patterns/it-…)
        lambda n: f"{base}/p/w{n}/{stem}.jpg",  # /w600/ (registry/formasaurus-651-jpc-de)
        lambda n: f"{base}/p/{stem}_{n}x.jpg",  # _600x off Shopify (patterns/it-…)
        lambda n: f"{base}/p/{stem}-{n}x{n}.jpg",  # -300x300 (WordPress)
        lambda n: f"{base}/p/{stem}.jpg?width={n}",  # ?width= (patterns/it-…, sv-se-…)
        lambda n: f"{base}/ids/155501-{n}-{n}/{stem}.jpg",  # /<id>-W-H/ (patterns/pt-br-vtex-…)
        lambda n: f"{base}/cache/productGfx_{n}_{n}/{stem}.jpg",  # /name_W_H/ (patterns/pl-shoper-…)
        lambda n: f"{base}/p/{n}_{n}_{stem}.jpg",  # size-prefixed names (registry/formasaurus-786-pandahall)
        lambda n: f"{base}/i/{stem}_ra,w{n},h{n}_pa,w{n},h{n}.jpeg",  # size operations (registry/…-358-well-ca)
    ]
    for family in families:
        one, other = image_variant(family(small)), image_variant(family(large))
        assert one.identity == other.identity, family(small)
        assert (one.size, other.size) == (small, large)


@given(st.from_regex(r"[a-z]{3,8}[0-9]{1,4}", fullmatch=True), st.permutations(["_S", "_L", ""]))
def test_size_words_merge_only_between_renditions_on_the_page_keeping_the_largest(stem: str, order: list[str]) -> None:
    """patterns/ja-jp-makeshop-… (_S beside _L), registry/formasaurus-754-mypapershop (856802lg beside 856802)."""
    urls = [f"https://shop.example/img/{stem}{suffix}.jpg" for suffix in order]
    merged = merge_size_variants([ImageCandidate(url, "gallery", i) for i, url in enumerate(urls)])
    assert [image.url for image in merged] == [f"https://shop.example/img/{stem}_L.jpg"]
    alone = merge_size_variants([ImageCandidate(f"https://shop.example/img/{stem}_S.jpg", "gallery", 0)])
    assert [image.url for image in alone] == [f"https://shop.example/img/{stem}_S.jpg"]


def test_video_thumbnails_map_tiles_and_spacers_are_no_product_photos() -> None:
    """patterns/nl-gallery-video-map-spacer: a YouTube thumbnail and s.gif in the gallery, map tiles below."""
    reasons = {
        "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg": "a video thumbnail",
        "https://i.vimeocdn.com/video/987654321-abc_640.jpg": "a video thumbnail",
        "https://tile.openstreetmap.org/15/16834/10836.png": "a map tile",
        "https://maps.googleapis.com/maps/api/staticmap?center=52,4&size=600x300": "a map tile",
        "https://shop.example/static/img/s.gif": "a spacer GIF",
        "https://shop.example/media/sofa-grey.jpg": None,
    }
    assert {url: non_product_reason(url) for url in reasons} == reasons
    # An alt text that names the product is about it, "logo" or not (registry/formasaurus-600-grasscity-com).
    assert (
        non_product_reason(
            "https://x.example/g/p/bong.jpg", "Oil Bong Diffusor - Logo detail", title="Oil Bong Diffusor"
        )
        is None
    )


@given(st.booleans(), st.sampled_from(["data-img-large", "data-image-big", "data-large-src"]))
def test_a_themes_original_picture_is_taken_before_its_large_rendition(original_first: bool, large: str) -> None:
    """registry/trafilatura-zinfandel-ebrosia-de (Shopware 5): data-img-large holds the 1280 px rendition and
    data-img-original the uploaded file, each under its own hash folder."""
    attrs = ['data-img-original="/media/image/8e/1c/wine_l.png"', f'{large}="/media/image/6b/08/wine_l_1280x1280.png"']
    span = f'<span class="image--element" {" ".join(attrs if original_first else attrs[::-1])}>'
    html = f"""<html><body><h1>Zinfandel</h1><div class="image-slider">{span}
    <img srcset="/media/image/a7/7a/wine_l_600x600.png" alt="Zinfandel"></span></div></body></html>"""
    product = extract_product(html, "https://shop.example/zinfandel")
    assert [image.url for image in product.images] == ["https://shop.example/media/image/8e/1c/wine_l.png"]


def test_a_product_slider_of_other_products_is_not_the_gallery() -> None:
    """patterns/en-us-related-product-slider: slides link to other product pages."""
    slides = "".join(
        f'<div class="product-slider__slide"><a href="/products/{n}"><img src="/img/{n}.jpg" alt="{n}"></a></div>'
        for n in ("skillet", "grill-pan", "trivet")
    )
    html = f"""<html><body><div class="pdp-gallery"><img src="/img/oven.jpg" alt="Dutch Oven"></div>
    <h1>Dutch Oven</h1><div class="product-slider">{slides}</div></body></html>"""
    product = extract_product(html, "https://shop.example/products/oven")
    assert {image_identity(i.url) for i in product.images} == {"shop.example/img/oven.jpg"}


@given(st.sampled_from([
    ("Dostępność: dostępny", "InStock"), ("niedostępny", "OutOfStock"), ("在庫あり", "InStock"),
    ("På lager", "InStock"), ("I lager", "InStock"), ("Op voorraad", "InStock"), ("Esgotado", "SoldOut"),
    ("Есть в наличии", "InStock"), ("Нет в наличии", "OutOfStock"), ("Tovar Skladom", "InStock"),
    ("5 in stock", "InStock"),
]))  # fmt: skip
def test_stock_messages_in_the_languages_of_the_dev_pages(case: tuple[str, str]) -> None:
    text, expected = case
    assert normalise_availability(text) == expected
