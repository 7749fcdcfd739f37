"""Extraction accuracy over product-page corpora: our extractor against an extruct baseline, field by field.

    .venv/bin/python -m bench.extraction_report [--corpus DIR ...] [--details]

A corpus is a folder of HTML pages with a `truth.json` (a list of {file, title, price, currency, sku,
availability, main_image, images, optional url}; `null` where the page says nothing, and a missing sku or
availability key is not scored). The default corpora are the real pages of tests/corpus/real (the development
set, see its README) and the synthetic platform pages of tests/corpus, each reported on its own. Each page
is read as the fetcher would decode it and parsed as if it had been served from its `url` (default:
http://corpus.test/<file>), so relative addresses in the page and in the truth resolve alike. Images are
compared by identity: two renditions of one photo (`_600x600`, `?width=`, `-300x300`, a Magento cache path)
are the same image. The baseline reads JSON-LD, microdata and OpenGraph with extruct and
takes the first image as the main one; its SKU and availability are the Product's or first offer's values.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import extruct

from domain.images import image_identity
from domain.product_pages import product_page_from_html
from integrations.extractor import normalise_currency, normalise_price
from integrations.fetcher import decode_html

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("VITRINE_TEST_SHARED_CORPUS", "/work/shared/corpus"))
DEFAULT_CORPORA = (ROOT / "tests" / "corpus" / "real", SHARED / "real", ROOT / "tests" / "corpus", SHARED)
# The committed development set and the quarter of it kept aside (tests/corpus/patterns/README.md): reported side
# by side, each with the baseline's scores beside ours.
SPLITS = (
    # Real pages shipped in a registry package (tests/corpus/registry/README.md).
    (ROOT / "tests" / "corpus" / "registry", ROOT / "tests" / "corpus" / "registry-holdout"),
    # Synthetic pages of the patterns issue 28 names (tests/corpus/patterns/README.md).
    (ROOT / "tests" / "corpus" / "patterns", ROOT / "tests" / "corpus" / "patterns-holdout"),
)
DEFAULT_ORIGIN = "http://corpus.test/"


@dataclass
class Extraction:
    title: str | None
    price: str | None
    currency: str | None
    main_image: str | None
    images: list[str]
    sku: str | None = None
    availability: str | None = None


FIELDS = ("title", "price", "currency", "sku", "availability", "main_image")


@dataclass
class Score:
    pages: int = 0
    title: int = 0
    price: int = 0
    currency: int = 0
    sku: int = 0
    availability: int = 0
    main_image: int = 0
    scored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    page_f1: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- the two extractors -------------------------------------------------------------------------------------------


def ours(html: str, url: str) -> Extraction:
    page = product_page_from_html(html, url)
    return Extraction(
        page.title,
        page.price,
        page.currency,
        page.main_image,
        [i.url for i in page.images],
        getattr(page, "sku", None),
        getattr(page, "availability", None),
    )


def baseline(html: str, url: str) -> Extraction:
    """extruct's JSON-LD, microdata and OpenGraph, read the obvious way; the first image is the main one."""
    data = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "microdata", "opengraph"], uniform=True, errors="ignore"
    )
    products = [
        node
        for syntax in ("json-ld", "microdata")
        for item in data.get(syntax, [])
        for node in _graph_nodes(item)
        if "Product" in str(node.get("@type", ""))
    ]
    og = data.get("opengraph", [{}])[0] if data.get("opengraph") else {}
    title = next((_text(p.get("name")) for p in products if _text(p.get("name"))), None) or _text(og.get("og:title"))
    price = currency = availability = None
    sku = next((_text(p.get("sku")) for p in products if _text(p.get("sku"))), None)
    for product in products:
        offers = product.get("offers")
        for offer in offers if isinstance(offers, list) else [offers]:
            if isinstance(offer, dict) and (offer.get("price") or offer.get("lowPrice")):
                price = normalise_price(offer.get("price") or offer.get("lowPrice"))
                currency = normalise_currency(offer.get("priceCurrency"))
                sku = sku or _text(offer.get("sku"))
                availability = _text(offer.get("availability"))
                break
        if price:
            break
    if price is None:
        price = normalise_price(og.get("product:price:amount") or og.get("og:price:amount"))
        currency = normalise_currency(og.get("product:price:currency") or og.get("og:price:currency"))
    images: list[str] = []
    for product in products:
        images.extend(_image_urls(product.get("image")))
    og_images = og.get("og:image")
    images.extend(og_images if isinstance(og_images, list) else [og_images] if isinstance(og_images, str) else [])
    absolute = [urljoin(url, image) for image in dict.fromkeys(images) if image]
    availability = availability.rstrip("/").rsplit("/", 1)[-1] if availability else None
    return Extraction(title, price, currency, absolute[0] if absolute else None, absolute, sku, availability)


def _graph_nodes(item: Any) -> Iterable[dict[str, Any]]:
    if isinstance(item, dict):
        yield item
        for node in item.get("@graph", []) if isinstance(item.get("@graph"), list) else []:
            yield from _graph_nodes(node)
    elif isinstance(item, list):
        for node in item:
            yield from _graph_nodes(node)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [url for item in value for url in _image_urls(item)]
    if isinstance(value, dict):
        for key in ("contentUrl", "url"):
            if isinstance(value.get(key), str):
                return [value[key]]
    return []


# --- scoring ------------------------------------------------------------------------------------------------------


def identities(urls: Iterable[str], base: str) -> set[str]:
    return {key for key in (image_identity(url, base) for url in urls) if key}


def same_title(found: str | None, truth: str | None) -> bool:
    def fold(text: str | None) -> str:
        return re.sub(r"\s+", " ", text or "").strip().casefold()

    return bool(found) and fold(found) == fold(truth)


def same_price(found: str | None, truth: str | None) -> bool:
    if found is None and truth is None:
        return True
    try:
        return found is not None and truth is not None and Decimal(found) == Decimal(truth)
    except InvalidOperation:
        return False


def score_page(score: Score, entry: dict[str, Any], found: Extraction, url: str) -> None:
    score.pages += 1
    name = entry["file"]
    checks = {
        "title": same_title(found.title, entry.get("title")),
        "price": same_price(found.price, entry.get("price")),
        "currency": (found.currency or None) == (entry.get("currency") or None),
        "main_image": image_identity(found.main_image or "", url) == image_identity(entry.get("main_image") or "", url),
    }
    for key in ("sku", "availability"):
        if key in entry:
            checks[key] = (getattr(found, key) or None) == (entry[key] or None)
    for key, ok in checks.items():
        score.scored[key] += 1
        setattr(score, key, getattr(score, key) + ok)
        if not ok:
            score.misses.append(f"{name}: {key} {getattr(found, key)!r} != {entry.get(key)!r}")
    wanted, got = identities(entry.get("images", []), url), identities(found.images, url)
    score.true_positives += len(wanted & got)
    score.false_positives += len(got - wanted)
    score.false_negatives += len(wanted - got)
    page_p = len(wanted & got) / len(got) if got else 0.0
    page_r = len(wanted & got) / len(wanted) if wanted else 1.0
    if not wanted and not got:
        score.page_f1.append(1.0)  # a page without photos, and none claimed
    else:
        score.page_f1.append(2 * page_p * page_r / (page_p + page_r) if page_p + page_r else 0.0)
    for extra in sorted(got - wanted):
        score.misses.append(f"{name}: extra image {extra}")
    for missing in sorted(wanted - got):
        score.misses.append(f"{name}: missing image {missing}")


def run(corpus: Path) -> dict[str, Score] | None:
    """Both extractors' scores on one corpus; None when it has no truth.json or none of its pages."""
    extractors: dict[str, Callable[[str, str], Extraction]] = {"vitrine": ours, "extruct baseline": baseline}
    scores = {name: Score() for name in extractors}
    truth_file = corpus / "truth.json"
    if not truth_file.is_file():
        print(f"(skipping {corpus}: no truth.json)", file=sys.stderr)
        return None
    for entry in json.loads(truth_file.read_text(encoding="utf-8")):
        page_file = corpus / entry["file"]
        if not page_file.is_file():
            print(f"(skipping {page_file}: not there, see the corpus README)", file=sys.stderr)
            continue
        url = entry.get("url") or urljoin(DEFAULT_ORIGIN, entry["file"])
        html = decode_html(page_file.read_bytes())
        for name, extract in extractors.items():
            score_page(scores[name], entry, extract(html, url), url)
    return scores if scores["vitrine"].pages else None


def report(scores: dict[str, Score]) -> str:
    names = list(scores)
    width = max(len(label) for label, _ in ROWS)
    cell_width = max(16, *(len(n) for n in names))
    lines = [f"{'':<{width}}  " + "  ".join(f"{n:>{cell_width}}" for n in names)]
    lines += [
        f"{label:<{width}}  " + "  ".join(f"{cell(scores[n]):>{cell_width}}" for n in names) for label, cell in ROWS
    ]
    return "\n".join(lines)


ROWS: list[tuple[str, Callable[[Score], str]]] = [
    ("pages", lambda s: f"{s.pages}"),
    ("title accuracy", lambda s: _pct(s.title, s.scored["title"])),
    ("price accuracy", lambda s: _pct(s.price, s.scored["price"])),
    ("currency accuracy", lambda s: _pct(s.currency, s.scored["currency"])),
    ("SKU accuracy", lambda s: _pct(s.sku, s.scored["sku"])),
    ("availability accuracy", lambda s: _pct(s.availability, s.scored["availability"])),
    ("main image accuracy", lambda s: _pct(s.main_image, s.scored["main_image"])),
    ("image precision", lambda s: f"{s.precision:.3f}"),
    ("image recall", lambda s: f"{s.recall:.3f}"),
    ("image F1 (all images)", lambda s: f"{s.f1:.3f}"),
    ("image F1 (mean per page)", lambda s: f"{sum(s.page_f1) / len(s.page_f1):.3f}" if s.page_f1 else "-"),
]


def dev_and_held_out(dev: dict[str, Score], held_out: dict[str, Score]) -> str:
    """One table: each extractor on the development set and on the held-out part, side by side."""
    columns = {
        f"{name} ({part})": scores[name] for name in dev for part, scores in (("dev", dev), ("held-out", held_out))
    }
    return report(columns)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", type=Path, help="a folder with pages and truth.json")
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument(
        "--held-out-misses", action="store_true", help="with --details, list the held-out part's misses too"
    )
    args = parser.parse_args(argv)
    if not args.corpus:
        for dev_folder, held_out_folder in SPLITS:
            dev, held_out = run(dev_folder), run(held_out_folder)
            if not (dev and held_out):
                continue
            print(f"\ncorpus: {dev_folder.relative_to(ROOT)} (dev) and {held_out_folder.relative_to(ROOT)} (held-out)")
            print(dev_and_held_out(dev, held_out))
            if args.details:
                parts = [("dev", dev)] + ([("held-out", held_out)] if args.held_out_misses else [])
                for part, part_scores in parts:
                    for name, score in part_scores.items():
                        print(f"\n{name} misses ({part}):")
                        print("\n".join(f"  {miss}" for miss in score.misses) or "  none")
    corpora = args.corpus or [c for c in DEFAULT_CORPORA if c.is_dir()]
    for corpus in corpora:
        scores = run(corpus)
        if scores is None:
            continue
        print(f"\ncorpus: {corpus}")
        print(report(scores))
        if args.details:
            for name, score in scores.items():
                print(f"\n{name} misses:")
                print("\n".join(f"  {miss}" for miss in score.misses) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
