"""Pure CTA rules, property-tested: round-robin image assignment and merging of repeated URLs."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.cta.rules import MAX_VARIANTS, CtaItem, assign_images_round_robin, default_job_name, merge_items
from domain.errors import BadUserInput
from domain.product_urls import normalize_product_url


@given(images=st.lists(st.text(min_size=1), min_size=1, max_size=8), variants=st.integers(1, 40))
def test_round_robin_cycles_through_every_image_in_rank_order(images: list[str], variants: int) -> None:
    chosen = [assign_images_round_robin(images, i) for i in range(variants)]
    assert chosen == [images[i % len(images)] for i in range(variants)]
    if variants >= len(images):
        assert set(chosen) == set(images)  # m >= n: every ranked image is used
    assert chosen[0] == images[0]


def test_round_robin_single_image_and_no_image() -> None:
    assert [assign_images_round_robin(["a"], i) for i in range(3)] == ["a", "a", "a"]
    with pytest.raises(ValueError):
        assign_images_round_robin([], 0)


paths = st.sampled_from(["/p/tote", "/p/mug", "/products/Beanie", "/p/tote/"])
suffixes = st.sampled_from(["", "#reviews", "?utm_source=mail", "?utm_campaign=x&fbclid=1"])


@given(st.lists(st.tuples(paths, suffixes, st.integers(1, 10)), min_size=1, max_size=5))
def test_merging_keeps_total_variants_and_one_entry_per_normalised_url(entries: list[tuple[str, str, int]]) -> None:
    items = [CtaItem(f"https://Shop.example{p}{s}", v) for p, s, v in entries]
    totals: dict[str, int] = {}
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        key = normalize_product_url(item.url)
        totals[key] = totals.get(key, 0) + item.variants
        first_index.setdefault(key, index)
    over = [key for key in totals if totals[key] > MAX_VARIANTS]
    if over:  # the cap is per product page, checked on the merged count
        with pytest.raises(BadUserInput) as refused:
            merge_items(items, max_urls=5)
        assert refused.value.field == f"items[{first_index[over[0]]}].variants"
        return
    merged = merge_items(items, max_urls=5)
    assert sum(m.variants for m in merged) == sum(i.variants for i in items)
    assert len({m.normalized_url for m in merged}) == len(merged)
    assert len(merged) <= len({p for p, _, _ in entries})
    assert all(m.variants <= MAX_VARIANTS for m in merged)


def test_variant_cap_counts_repeats_of_one_page_together() -> None:
    page = "https://shop.example/p/tote"
    with pytest.raises(BadUserInput) as eleven:
        merge_items([CtaItem(page, 6), CtaItem(page + "?utm_source=x", 5)], max_urls=5)
    assert eleven.value.field == "items[0].variants" and "11 variants" in eleven.value.message
    with pytest.raises(BadUserInput) as fifty:
        merge_items([CtaItem(page + f"#r{i}", 10) for i in range(5)], max_urls=5)
    assert fifty.value.field == "items[0].variants"
    (ten,) = merge_items([CtaItem(page, 6), CtaItem(page + "?utm_source=x", 4)], max_urls=5)
    assert ten.variants == 10


def test_limits_and_default_name() -> None:
    with pytest.raises(BadUserInput) as too_many:
        merge_items([CtaItem(f"https://s.example/{i}", 1) for i in range(6)], max_urls=5)
    assert too_many.value.field == "items"
    assert default_job_name("ada", datetime(2026, 11, 22, 9, 5)) == "ada-CTA-2026-11-22 09:05"
