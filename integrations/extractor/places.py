"""Where on the page an element sits: the product gallery, another part of the page, or plain content."""

from __future__ import annotations

import re
from typing import Any

from integrations.extractor.elements import class_tokens, tag_of, token_parts, whole_tokens
from integrations.extractor.values import IMAGE_EXTENSION

_AROUND = r"(?:-.*)?"
# An image anywhere below one of these belongs to another part of the page, never to the product's photos.
_ELSEWHERE = whole_tokens(
    r"(?:site|main|page|global|primary|top|mobile|shopify-section)?-*(?:header|footer|nav|navbar|navigation|menu|"
    r"breadcrumbs?|sidebar|search|cart|mini-*cart|cart-*drawer|popup|social|share|blog|reviews?|customer-reviews?)"
    + _AROUND,
    r".*(?:related|recommend|upsell|up-sell|cross-*sell|recently|you-*may|also-*(?:like|bought|viewed|purchased)|"
    r"similar|other-*products?|more-*from|"
    r"complementary|frequently-*bought|bought-*together|complete-*the-*look|accessories|newsletter|cookie|"
    r"announcement|instagram|testimonial|payment|trust-*badge|mega-*menu|p13n|sponsored|personali[sz]ed).*",
)
_ELSEWHERE_TAGS = frozenset({"header", "footer", "nav", "aside", "form", "svg", "product-recommendations"})
# The nearest of these or of _GALLERY decides: a product card, a swatch or a description is not the gallery.
_NOT_GALLERY = token_parts(
    r"cards?[a-z-]*", r"[a-z-]*-card[a-z-]*", r"product-+(?:item|tile|grid|list|loop|block|miniature)[a-z-]*",
    r"product-*thumb(?!nail)[a-z-]*",
    r"grid-*item", r"collection[a-z-]*", r"swatch[a-z-]*", r"badges?[a-z-]*", r"icons?[a-z-]*",
    r"[a-z-]*logos?[a-z-]*", r"description[a-z-]*", r"tab-*panel[a-z-]*", r"tabs?", r"accordion[a-z-]*",
    r"size-*chart[a-z-]*", r"sizechart", r"size-*guide[a-z-]*", r"avatar[a-z-]*", r"author[a-z-]*",
    r"banner[a-z-]*", r"promo[a-z-]*", r"rte", r"usp[a-z-]*", r"[a-z-]*video[a-z-]*",
)  # fmt: skip
_GALLERY = token_parts(
    r"[a-z-]*gallery[a-z-]*",
    r"product-*(?:media|images?|img|photos?|picture|slides?|slider|carousel|zoom|hero|cover)[a-z-]*",
    r"product-*(?:main|featured)-*image[a-z-]*", r"productview-*(?:image|img|thumbnail)[a-z-]*",
    r"product-*single-*(?:photo|media|thumbnail|image)[a-z-]*", r"fotorama[a-z-]*", r"magiczoom[a-z-]*",
    r"zoom[a-z-]*", r"main-*image[a-z-]*", r"primary-*image[a-z-]*", r"featured-*image[a-z-]*",
    r"pdp-*(?:image|images|media|gallery|carousel|photo|photos|slider|hero|visual|figure)[a-z-]*",
    r"thumbnail-*(?:list|slider)", r"images", r"photos", r"item-*detail-*media", r"more-*views?",
)  # fmt: skip
_GALLERY_DATA_ATTRS = ("data-gallery-role", "data-image-gallery", "data-media-id", "data-product-single-media-wrapper")


# A form that adds the product to the cart is the product's own area: Magento 1 (product_addtocart_form), Zen Cart
# and osCommerce (cart_quantity) wrap the whole product, its heading and photos included, in it.
_BUY_FORM = re.compile(
    r"add-?to-?cart|addtocart|cart[-_]?(?:add|quantity)|/cart/add|add[-_]?to[-_]?(?:basket|bag)|buy[-_]?form|"
    r"product[-_]?form|warenkorb|panier|carrito|carrello|winkelwagen|koszyk",
    re.IGNORECASE,
)


def buy_form(element: Any) -> bool:
    """Whether the element is the product's add-to-cart form (by its action, name, id or classes), or a form
    around the product's heading (ASP.NET pages live in one form, some shops post the product page to itself)."""
    if tag_of(element) != "form":
        return False
    said = " ".join(element.get(a) or "" for a in ("action", "name", "id", "class"))
    return bool(_BUY_FORM.search(said)) or next(element.iterdescendants("h1"), None) is not None


# A block headed "Recommended Products", "You may also like", "Kunden kauften auch"… shows other products, whatever
# its classes say ("block border products").
_RELATED_HEADING = re.compile(
    r"recommended|related|you (?:may|might) also|also (?:like|bought|viewed)|customers (?:who|also)|similar|"
    r"frequently bought|complete the look|others? (?:also|bought)|more from|empfehl|ähnliche|kunden kauften|"
    r"das könnte|vous aimerez|produits (?:similaires|associés)|recomendad|relacionad|también te|potrebbe|"
    r"correlati|consigliati|gerelateerd|aanbevolen|polecane|podobne|"
    # Russian: "similar", "we recommend", "with this product".
    r"\u043f\u043e\u0445\u043e\u0436\u0438\u0435|\u0440\u0435\u043a\u043e\u043c\u0435\u043d\u0434\u0443\u0435\u043c|"
    r"\u0441 \u044d\u0442\u0438\u043c \u0442\u043e\u0432\u0430\u0440\u043e\u043c",
    re.IGNORECASE,
)
_HEADING_TAGS = ("h2", "h3", "h4", "h5")


def related_block(element: Any) -> bool:
    """Whether the element is a block that opens with a heading saying it shows other products."""
    first = next((child for child in element.iterchildren() if tag_of(child)), None)
    return (
        first is not None
        and tag_of(first) in _HEADING_TAGS
        and bool(_RELATED_HEADING.search(first.text_content()[:80]))
    )


def elsewhere(element: Any, forms: bool = True) -> bool:
    """Whether the element is another part of the page than the product (header, navigation, related items…).
    `forms=False` lets any form count as the product's own when its classes do not say otherwise: a product's
    stock message and item number sit in its add-to-cart form. The add-to-cart form itself is never elsewhere."""
    tags = _ELSEWHERE_TAGS if forms and not buy_form(element) else _ELSEWHERE_TAGS - {"form"}
    return (
        tag_of(element) in tags or any(_ELSEWHERE.fullmatch(t) for t in class_tokens(element)) or related_block(element)
    )


# Lightbox scripts (Fancybox, Lightbox2, PhotoSwipe, lightGallery, Fresco, Featherlight) open a group of full-size
# images from links to the image files: such a link is a gallery entry, whatever the classes around it say.
_LIGHTBOX_ATTRS = (
    "data-fancybox", "data-lightbox", "data-pswp-src", "data-pswp-width", "data-lg-size", "data-fresco-group",
    "data-featherlight-gallery", "data-gallery",
)  # fmt: skip
_LIGHTBOX_REL = re.compile(r"lightbox|prettyphoto|gallery|colorbox|shadowbox", re.IGNORECASE)
# Slides of the carousel libraries shop themes build galleries with. Carousels also show other products, so a
# slide counts only for an image that does not link to another page (a teaser links to its product).
_CAROUSEL_SLIDE = token_parts(
    r"swiper-slide", r"slick-slide", r"owl-item", r"splide--slide", r"carousel-item", r"carousel-cell",
    r"flickity-cell", r"glide--slide", r"keen-slider--slide", r"f-carousel--slide", r"embla--slide",
)  # fmt: skip


def _lightbox_link(element: Any) -> bool:
    """A link that opens a larger image file: a lightbox's entry, or a plain thumbnail link to the full photo
    (Magento's more-views, Zen Cart's and many shops' "click to enlarge"). An image wrapped in one is a photo
    the shop shows at full size: the gallery's, unless the elements around it say otherwise."""
    return tag_of(element) == "a" and bool(IMAGE_EXTENSION.search((element.get("href") or "").strip()))


def _gallery_verdict(element: Any) -> bool | None:
    """True for a gallery container, False for a card/swatch/description, None when the element says nothing.

    Within one element a purely gallery token wins ("product__media-item grid__item"). A token that is both
    ("card-gallery": the gallery of a product card) decides nothing: the elements above it tell whose it is.
    """
    # A class that embeds a file name ("images-x-product-images-x-160-x-6854.jpg") says nothing of a role.
    tokens = [t for t in class_tokens(element) if not IMAGE_EXTENSION.search(t)]
    verdicts = [(bool(_GALLERY.search(t)), bool(_NOT_GALLERY.search(t))) for t in tokens]
    if any(gallery and not other for gallery, other in verdicts):
        return True
    if any(element.get(attr) is not None for attr in _GALLERY_DATA_ATTRS) or _lightbox_link(element):
        return True
    return False if any(other and not gallery for gallery, other in verdicts) else None


_CARD_TOKEN = token_parts(r"cards?[a-z-]*", r"[a-z-]*-card[a-z-]*")


def _in_card(element: Any) -> bool:
    return any(_CARD_TOKEN.search(t) for t in class_tokens(element))


def _links_to_pages(container: Any) -> int:
    """How many different pages the pictures inside a container link to (links to image files not counted)."""
    hrefs = set()
    for link in container.iter("a"):
        href = (link.get("href") or "").strip()
        pictured = next(link.iter("img"), None) is not None
        if pictured and href and not href.startswith(("#", "javascript:")) and not IMAGE_EXTENSION.search(href):
            hrefs.add(href)
    return len(hrefs)


def place_of(img: Any) -> str | None:
    """'gallery' for an image in the product gallery, 'page' for a plain content image, None for the rest."""
    chain = [e for e in img.iterancestors() if tag_of(e) not in ("html", "body", "")]
    if any(elsewhere(element) for element in chain):
        return None
    link = next((e for e in chain[:3] if tag_of(e) == "a"), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    teaser = bool(href) and not href.startswith(("#", "javascript:")) and not IMAGE_EXTENSION.search(href)
    for index, element in enumerate([img, *chain]):
        verdict = _gallery_verdict(element)
        if verdict is not None:
            # A "product image" that links to another page from inside a card is that card's product's picture; a
            # "product slider" whose pictures link to several pages shows other products (sliders of siblings).
            if verdict and teaser:
                galleries = [e for e in chain[index:] if _gallery_verdict(e)]
                if any(_in_card(e) for e in chain[index:]) or max(map(_links_to_pages, galleries), default=0) >= 2:
                    return None
            return "gallery" if verdict else None
    if teaser:
        return None  # an image that links to another page is a teaser for that page
    if any(_CAROUSEL_SLIDE.fullmatch(token) for element in [img, *chain] for token in class_tokens(element)):
        return "gallery"
    return "page"
