"""The product's name as a person reads it: the sources agreed with one another, the shop's own words cut away.

A structured name (JSON-LD, microdata) is the shop's own; the share title (og:title) and the document <title>
usually wrap the name in the site's name, a category or a call to buy; the page's heading is the name shown, at
times with a format or edition beside it. Where the heading (or one of its parts) is found inside the share or
document title, the two sources agree on it and that is the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from integrations.extractor.elements import class_tokens, tag_of
from integrations.extractor.places import elsewhere
from integrations.extractor.values import clean_text

# Bars, hyphens and dashes, "::", middle dots, guillemets between spaces, and ": " (Amazon's "Amazon.com: Name").
_SEPARATOR = re.compile(r"(\s+(?:\||-|\u2013|\u2014|::|:|\u00b7|\u00bb|/)\s+|(?<=\S):\s+)")
# eBay prints "Details about" in a hidden span at the start of its heading; some scrapers see it in <title> too.
_HIDDEN_PREFIX = re.compile(r"^\s*(?:details about|détails sur|details zu|dettagli su)\s+", re.IGNORECASE)
_BUY_CALL = re.compile(r"^(?:buy|shop|order|kaufen|acheter|comprar|compra)\b", re.IGNORECASE)
_HIDDEN_CLASS = re.compile(r"g-hdn|hidden|visually-hidden|sr-only|screen-reader(?:-text)?|u-hidden|a-offscreen")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADING_CLASS = re.compile(r"product[-_ ]*(?:title|name)|title|name", re.IGNORECASE)
# Colour words shops append to a product's name, by the page's language (English ones are read on every page).
_COLOUR_TEXT = {
    "en": "black white grey gray silver gold red blue navy green olive khaki yellow orange pink purple violet brown "
    "beige cream ivory natural tan camel charcoal burgundy maroon teal turquoise mint coral rose sand stone "
    "multi multicolor multicolour clear transparent dark light",
    "fr": "noir noire blanc blanche gris grise rouge bleu bleue marine vert verte jaune rose violet violette marron "
    "beige écru ecru crème bordeaux kaki argent doré dorée or anthracite chiné chinée clair foncé",
    "de": "schwarz weiß weiss grau rot blau grün gruen gelb braun beige silber gold natur anthrazit dunkelblau "
    "hellblau dunkelgrau hellgrau dunkelgrün bordeaux creme oliv marine petrol",
    "es": "negro negra blanco blanca gris rojo roja azul marino verde amarillo amarilla marrón marron rosa morado "
    "morada beige plata dorado dorada crudo claro oscuro",
    "it": "nero nera bianco bianca grigio grigia rosso rossa blu azzurro verde giallo gialla marrone cuoio rosa "
    "viola beige argento oro cammello bordeaux chiaro scuro",
    "nl": "zwart wit grijs rood blauw groen geel bruin roze paars beige zilver goud antraciet donkerblauw lichtblauw "
    "donkergrijs lichtgrijs naturel",
    "pt": "preto preta branco branca cinza cinzento vermelho vermelha azul verde amarelo amarela marrom castanho "
    "rosa roxo roxa bege prata dourado dourada claro escuro marinho",
    "pl": "czarny czarna czarne biały biała białe szary szara czerwony czerwona niebieski niebieska zielony zielona "
    "żółty brązowy różowy fioletowy beżowy srebrny złoty granatowy",
    "sv": "svart vit grå röd blå grön gul brun rosa lila beige silver guld",
    "da": "sort hvid grå rød blå grøn gul brun lyserød lilla beige sølv guld",
}
_COLOURS = {language: frozenset(re.findall(r"\w+", text)) for language, text in _COLOUR_TEXT.items()}
_ALL_COLOURS = frozenset().union(*_COLOURS.values())


def colour_words(language: str | None) -> frozenset[str]:
    """The colour words read on a page in `language` (a BCP 47 tag such as "fr-CA"): English ones and that
    language's; every language's when the page does not say which it is in."""
    primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not primary:
        return _ALL_COLOURS
    return _COLOURS["en"] | _COLOURS.get(primary, frozenset())


@dataclass
class TitleSources:
    """What each place on the page says the product is called (cleaned text, not yet chosen)."""

    structured: str | None = None  # JSON-LD or microdata `name`
    share: str | None = None  # og:title, else twitter:title
    document: str | None = None  # <title>
    heading: str | None = None  # the product's <h1>, hidden parts left out
    heading_parts: list[str] = field(default_factory=list)  # the texts of the heading's child elements
    site_names: list[str] = field(default_factory=list)
    brand: str | None = None  # the structured brand, when the page names one
    language: str | None = None  # the page's language (<html lang>, og:locale)


def site_names(page_url: str | None, declared: Iterable[str | None]) -> list[str]:
    """Names the shop goes by: og:site_name / application-name, its host (amazon.co.uk) and the host's name
    (amazon)."""
    names = [name for name in declared if name]
    host = (urlsplit(page_url).hostname or "") if page_url else ""
    host = host.removeprefix("www.").removeprefix("m.")
    if host and "." in host and not re.fullmatch(r"[\d.]+|localhost", host):
        names.append(host)
        labels = host.split(".")
        # The name before the public suffix: amazon.co.uk -> amazon, shop.fye.com -> fye.
        name = labels[-3] if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else labels[-2]
        names.append(name)
    return list(dict.fromkeys(names))


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def _names_site(segment: str, sites: Sequence[str]) -> bool:
    folded = _fold(segment)
    if not folded:
        return False
    for site in sites:
        site_fold = _fold(site)
        if not site_fold:
            continue
        if folded == site_fold:
            return True
        # "Kindle eBooks @ Amazon.com.", "on amazon.co.uk": the segment names the site's address.
        if "." in site and re.search(rf"(?<![\w.]){re.escape(site)}(?![\w])", segment, re.IGNORECASE):
            return True
    return False


def strip_site_affixes(title: str | None, sites: Sequence[str] = ()) -> str | None:
    """The title without what the site wraps around a product's name: its own name before or after a
    separator ("Name | Shop", "Shop: Name"), everything after a trailing site name ("Name: Amazon.co.uk: Books"),
    a call to buy ("Name - Buy Name online at Shop"), and eBay's "Details about". Only removes: the result is
    always a part of the title, and never empty when the title is not."""
    if not title:
        return title
    text = _HIDDEN_PREFIX.sub("", title).strip() or title.strip()
    parts = _SEPARATOR.split(text)
    segments, separators = parts[0::2], parts[1::2]
    if len(segments) < 2:
        return text
    keep_from, keep_to = 0, len(segments)
    if _names_site(segments[0], sites):
        keep_from = 1
    for index in range(max(keep_from, 1), len(segments)):
        if _names_site(segments[index], sites) or (_BUY_CALL.match(segments[index].strip()) and index > 0):
            keep_to = index
            break
    if keep_to <= keep_from:
        return text
    kept = [segments[keep_from]]
    for index in range(keep_from + 1, keep_to):
        kept += [separators[index - 1], segments[index]]
    return "".join(kept).strip() or text


def strip_appended_colour(name: str, shorter: str | None, language: str | None = None) -> str:
    """ "Tee - Black" is "Tee" when another source calls the product "Tee": the shop appended the colour. Colour
    words are read in the page's `language` ("Pull - Bleu marine", "Rucksack - Schwarz", "Mate - Negro")."""
    if not shorter or len(shorter) >= len(name) or not name.casefold().startswith(shorter.casefold()):
        return name
    rest = name[len(shorter) :]
    words = re.findall(r"[^\W\d_]+", rest.casefold())
    separated = re.match(r"^\s*(?:[-,/|(\u2013\u2014:]|\bin\b)", rest)
    colours = colour_words(language)
    if separated and words and all(w in colours or w == "in" for w in words):
        return shorter
    return name


def _ufold(text: str | None) -> str:
    """Letters and digits of any script, case folded: what two spellings of one name share."""
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def without_brand(heading: str, brand: str | None) -> str:
    """The heading without the brand printed before the name ("Passo Firme Tênis Corrida" -> "Tênis Corrida")."""
    if brand and _ufold(brand) and heading.casefold().startswith(brand.casefold()):
        rest = heading[len(brand) :].lstrip(" -\u2013\u2014:|")
        return rest if _ufold(rest) else heading
    return heading


def cut_to_heading(name: str, heading: str | None) -> str:
    """A structured name that goes on past what the heading shows, after a separator, is cut there: "Tênis
    Ultra 3 - Frete Grátis" is "Tênis Ultra 3" on a page whose heading says so (a marketplace's SEO suffix)."""
    if not heading or not _ufold(heading):
        return name
    parts = _SEPARATOR.split(name)
    for end in range(1, len(parts) - 1, 2):
        prefix = "".join(parts[:end]).strip()
        if _ufold(prefix) == _ufold(heading):
            return prefix
    return name


def _visible_parts(element: Any) -> tuple[str, list[str]]:
    """An element's text without hidden children, and the texts of its element children."""
    texts: list[str] = []
    parts: list[str] = []

    def hidden(node: Any) -> bool:
        return any(_HIDDEN_CLASS.fullmatch(t) for t in class_tokens(node)) or bool(
            _DISPLAY_NONE.search(node.get("style") or "")
        )

    def walk(node: Any, top: bool) -> None:
        if tag_of(node) in ("script", "style", "noscript", "") or (not top and hidden(node)):
            if node.tail and not top:
                texts.append(node.tail)
            return
        texts.append(node.text or "")
        for child in node:
            walk(child, False)
        if not top and node.tail:
            texts.append(node.tail)

    walk(element, True)
    for child in element:
        if tag_of(child) not in ("script", "style", "noscript", "") and not hidden(child):
            text = clean_text(" ".join(child.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))
            if text:
                parts.append(text)
    return clean_text(" ".join(texts)) or "", parts


def page_heading(root: Any) -> tuple[str | None, list[str]]:
    """The product's heading: the first <h1> outside the header, navigation and other parts of the page, one
    whose classes say title or name first."""
    candidates = []
    for h1 in root.iter("h1"):
        if any(elsewhere(a) for a in h1.iterancestors() if tag_of(a) not in ("html", "body")):
            continue  # a logo or shop name in the header
        text, parts = _visible_parts(h1)
        text = _HIDDEN_PREFIX.sub("", text)
        if text:
            rank = 0 if any(_HEADING_CLASS.search(t) for t in class_tokens(h1)) else 1
            candidates.append((rank, text, parts))
    if not candidates:
        return None, []
    _, text, parts = min(candidates, key=lambda c: c[0])
    return text, parts


def choose_title(sources: TitleSources) -> str | None:
    """The product's name from what each source says (see the module's docstring)."""
    heading = sources.heading
    wrapped = [t for t in (sources.share, sources.document) if t]
    stripped = [strip_site_affixes(t, sources.site_names) or t for t in wrapped]
    if heading and _names_site(heading, sources.site_names):
        heading = None  # the shop's name set as a heading, not the product's
    agreed = _agreed_heading(heading, sources.heading_parts, wrapped, stripped)
    if sources.structured:
        name = _HIDDEN_PREFIX.sub("", sources.structured).strip() or sources.structured
        for shorter in (agreed, heading, strip_site_affixes(sources.share, sources.site_names)):
            name = strip_appended_colour(name, shorter, sources.language)
        if heading:
            core = without_brand(heading, sources.brand)
            name = cut_to_heading(name, core)
            if core != heading and _ufold(name) == _ufold(core):
                return heading  # the heading shows the brand before the name: the name as the page shows it
        return name
    if agreed:
        return agreed
    share = strip_site_affixes(sources.share, sources.site_names)
    document = strip_site_affixes(sources.document, sources.site_names)
    if heading and (share or document) and not _shares_a_word(heading, share or document or ""):
        # A heading that names nothing the share or document title names is a message ("Free Standard Shipping
        # above $35", "SHIPPING INFORMATION"), not the product: the document title's first part is its name.
        heading = None
        if not share and document:
            return _SEPARATOR.split(document)[0].strip() or document
    if share and heading:
        # The heading goes on from the share title's name ("Jelly (18 Oz.)" where the share title says "Jelly: A
        # Unique Local Flavor"): the two agree on the name, and the heading is the name the page shows.
        name = _SEPARATOR.split(share)[0].strip()
        if len(_ufold(name)) >= 8 and _ufold(heading).startswith(_ufold(name)) and 2 * len(name) >= len(heading):
            return heading
    if share:
        return strip_appended_colour(share, heading, sources.language)
    return heading  # else the document title, read by the page's own rules


def _agreed_heading(
    heading: str | None, parts: Sequence[str], wrapped: Sequence[str], stripped: Sequence[str]
) -> str | None:
    """The heading, or the part of it, that the share or document title names: one that is the whole title
    once the site's words are cut away, else the longest that the title contains."""
    if not heading:
        return None
    # A part stands for the heading only when it is most of it (a title beside a format), not a badge or a word.
    candidates = [heading, *(part for part in parts if 2 * len(part) >= len(heading))]
    whole = {_fold(title) for title in stripped}
    for candidate in candidates:
        if _fold(candidate) in whole:
            return candidate
    worded = [f" {_words(title)} " for title in wrapped]
    for candidate in sorted(set(candidates), key=len, reverse=True):
        key = _words(candidate)
        if len(key) >= 3 and any(f" {key} " in title for title in worded):
            return candidate
    return None


def _shares_a_word(one: str, other: str) -> bool:
    """Whether two texts have a word of two letters or more in common (any script)."""
    words = {w for w in re.findall(r"[^\W_]{2,}", one.casefold())}
    return bool(words & set(re.findall(r"[^\W_]{2,}", other.casefold())))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[0-9a-z]+", text.casefold()))
