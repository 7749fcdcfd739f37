"""Catalog products: created from a title, image URLs and variants, or imported from a product page (the row the
CTA flow keeps for that page). Their images are fetched once and kept in media, so later renders never depend on
the shop's site being up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from db.models import MediaAsset, Product, Variant
from db.pages import PageShape
from db.transactions import in_transaction
from domain.catalog import assets
from domain.catalog.assets import StagedImage
from domain.catalog.product_input import ProductInput, check_product_input, check_web_url
from domain.catalog.variants import default_variant
from domain.errors import BadUserInput, NotFound
from domain.pagination import Page, paginate
from domain.product_urls import normalize_product_url
from domain.products import READY, ScrapeFailed, requested_product
from domain.tenancy import Principal, get_owned
from domain.workspace_events import Change, Kind, announce
from integrations.fetcher import FetchError, check_public_url
from settings import get_settings

SEARCH_MAX = 200
MERCHANT_IMAGE_SCORE = 1.0


async def create_product(principal: Principal, data: ProductInput) -> Product:
    """Check the whole input, fetch every image URL once, then write the product and its variants together.
    A refusal (bad input, an image that cannot be fetched or is not an image) writes nothing."""
    draft = check_product_input(data)
    staged = await assets.fetch_images(draft.urls_to_fetch())
    await _store(staged.values())
    primary_url = draft.images[0]
    async with in_transaction() as tx:
        by_url = {url: await assets.record(principal.workspace_id, image, tx) for url, image in staged.items()}
        product = await Product.create(
            workspace_id=principal.workspace_id,
            title=draft.title,
            description=draft.description,
            price=draft.price,
            currency=draft.currency,
            images=_image_entries(draft.images, by_url),
            primary_image_url=primary_url,
            in_catalog=True,
            using_db=tx,
        )
        variants = [
            Variant(
                workspace_id=principal.workspace_id,
                product_id=product.id,
                title=variant.title,
                color=variant.color,
                size=variant.size,
                image_id=by_url[variant.image_url or primary_url].id,
                image_url=variant.image_url or primary_url,
                print_area=variant.print_area.to_json(),
                position=position,
            )
            for position, variant in enumerate(draft.variants)
        ] or [default_variant(product, by_url[primary_url], primary_url)]
        await Variant.bulk_create(variants, using_db=tx)
    await announce(principal.workspace_id, Kind.PRODUCT, product.id, Change.CREATED)
    return product


def _image_entries(urls: list[str], by_url: dict[str, MediaAsset]) -> list[dict[str, Any]]:
    """The product's images in the merchant's order, one per distinct content (four URLs of one photo are one)."""
    entries: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for url in urls:
        asset = by_url[url]
        if asset.id in seen:
            continue
        seen.add(asset.id)
        entries.append(
            {
                "url": url,
                "score": MERCHANT_IMAGE_SCORE,
                "source": "merchant",
                "assetId": str(asset.id),
                "key": asset.key,
                "width": asset.width,
                "height": asset.height,
            }
        )
    return entries


async def _store(images: Any) -> None:
    images = list(images)
    try:
        await assets.store(images)
    except BaseException:
        await assets.discard(images)
        raise


async def import_product(principal: Principal, url: str) -> Product:
    """Scrape a product page into the catalog: the workspace's product for that page (shared with CTA jobs), with
    one default variant on its primary image, which is fetched once and kept in media."""
    url = check_web_url(url, field="url")
    try:
        await check_public_url(url, allow_private=get_settings().allow_private_urls)
    except FetchError as exc:
        raise BadUserInput(exc.message, field="url") from exc
    product = await scraped_product(principal, url)
    if not await Variant.filter(product_id=product.id).exists():
        await _add_default_variant(principal, product)
    if not product.in_catalog:
        await Product.filter(id=product.id).update(in_catalog=True)
        product.in_catalog = True
        await announce(principal.workspace_id, Kind.PRODUCT, product.id, Change.CREATED)  # in the catalog now
    return product


async def scraped_product(principal: Principal, url: str) -> Product:
    """The catalog's one way into the scraper: the page is read by a worker (a task of the kernel) while the request
    waits for its completion signal, for at most a lease. `requested_product` belongs to the scraping feature; its
    signature and its ScrapeFailed are the contract relied on here."""
    try:
        return await requested_product(principal.workspace_id, url, normalize_product_url(url))
    except ScrapeFailed as exc:
        raise BadUserInput(str(exc), field="url") from exc


async def _add_default_variant(principal: Principal, product: Product) -> None:
    image_url = product.primary_image_url
    if not image_url:
        raise BadUserInput(f"{product.source_url or 'the page'} shows no product image", field="url")
    staged: dict[str, StagedImage] = await assets.fetch_images({image_url: "url"})
    await _store(staged.values())
    try:
        async with in_transaction() as tx:
            asset = await assets.record(principal.workspace_id, staged[image_url], tx)
            await default_variant(product, asset, image_url).save(using_db=tx)
    except IntegrityError:
        pass  # a concurrent import of the same page gave it its default variant first (unique product+position)


@dataclass(frozen=True, kw_only=True)
class ProductRow:
    """A catalog product as its list reads it: the columns a product shows."""

    id: uuid.UUID
    created_at: datetime
    title: str
    description: str
    brand: str | None
    price: str | None
    currency: str | None
    sku: str | None
    availability: str | None
    source_url: str | None
    primary_image_url: str | None
    images: list[dict[str, Any]]
    in_catalog: bool


_PAGE = PageShape(Product, ProductRow)


async def list_products(
    principal: Principal, first: int | None, after: str | None, search: str | None
) -> Page[ProductRow]:
    """A page of the workspace's catalog; `search` matches titles."""
    text = (search or "").strip()
    if len(text) > SEARCH_MAX:
        raise BadUserInput(f"`search` is longer than {SEARCH_MAX} characters", field="search")
    filters: dict[str, Any] = {"in_catalog": True}
    if text:
        filters["title__icontains"] = text
    return await paginate(_PAGE, principal, first, after, filters=filters)


async def list_page_products(principal: Principal, first: int | None, after: str | None) -> Page[ProductRow]:
    """A page of the products read from their page for CTA jobs that are not in the catalog (yet): their page was
    read (a product still being read, or whose page could not be read, has nothing to show)."""
    return await paginate(_PAGE, principal, first, after, filters={"in_catalog": False, "scrape_status": READY})


async def find_product(principal: Principal, product_id: object) -> Product:
    """Any product of the caller's workspace, in the catalog or read from its page for a CTA job only (the id a
    CTA variant names); another workspace's is NOT_FOUND."""
    return await get_owned(Product, principal, product_id, "Product")


async def get_product(principal: Principal, product_id: object) -> Product:
    """A catalog product: what belts, previews and batches take. One read for a CTA job only is NOT_FOUND."""
    product = await get_owned(Product, principal, product_id, "Product")
    if not product.in_catalog:  # scraped for a CTA job only: not a catalog product (yet)
        raise NotFound.of("Product", product_id)
    return product


def image_urls_of(product: Product | ProductRow) -> list[tuple[str, float]]:
    """(url, score), best first: stored images as signed media URLs, scraped ones as found on the page."""
    return [(_url_of_entry(entry), float(entry.get("score") or 0)) for entry in product.images or []]


def primary_image_url_of(product: Product | ProductRow) -> str | None:
    images = product.images or []
    if images and images[0].get("key"):
        return _url_of_entry(images[0])
    return product.primary_image_url


def _url_of_entry(entry: dict[str, Any]) -> str:
    key = entry.get("key")
    return assets.url_of(key) if key else str(entry["url"])
