"""Pure rules of the extractor: availability normalisation and title cleaning, property-tested."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from integrations.extractor.stock import AVAILABILITIES, clean_sku, normalise_availability
from integrations.extractor.titles import (
    TitleSources,
    choose_title,
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
