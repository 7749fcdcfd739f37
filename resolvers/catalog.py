"""Resolvers for the catalog: thin calls into domain.catalog, plus the variants dataloader (constant queries)."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import asdict
from typing import Any, BinaryIO

import strawberry
from starlette.datastructures import UploadFile

from db.models import ListingSlot, PreviewTask, Product, Upload, Variant, Work
from domain import idempotency, listing, previews
from domain.catalog import products, uploads, variants, works
from domain.catalog.product_input import ProductInput
from domain.catalog.works import WorkInput
from domain.pagination import Page
from resolvers.context import Context, caller


async def create_product(info: strawberry.Info, data: ProductInput, key: str | None = None) -> Product:
    principal = await caller(info)
    return await idempotency.once(
        principal.workspace_id,
        "createProduct",
        key,
        asdict(data),
        lambda: products.create_product(principal, data),
        lambda product: str(product.id),
        lambda ident: products.get_product(principal, ident),
    )


async def import_product(info: strawberry.Info, url: str, key: str | None = None) -> Product:
    principal = await caller(info)
    return await idempotency.once(
        principal.workspace_id,
        "importProduct",
        key,
        {"url": url},
        lambda: products.import_product(principal, url),
        lambda product: str(product.id),
        lambda ident: products.get_product(principal, ident),
    )


async def product(info: strawberry.Info, product_id: str) -> Product:
    """Any product of the caller's, in the catalog or read from its page for a CTA job (the id a variant names)."""
    return await products.find_product(await caller(info), product_id)


async def page_product_list(info: strawberry.Info, first: int | None, after: str | None) -> Page[products.ProductRow]:
    return await products.list_page_products(await caller(info), first, after)


async def product_list(
    info: strawberry.Info, first: int | None, after: str | None, search: str | None
) -> Page[products.ProductRow]:
    return await products.list_products(await caller(info), first, after, search)


async def upload_image(info: strawberry.Info, file: UploadFile, kind: str, key: str | None = None) -> Upload:
    # Starlette spooled the part to a temporary file while parsing; the domain copies it on in chunks.
    principal = await caller(info)
    # The same upload is the same bytes (their sha256), name and kind.
    request = {
        "sha256": await asyncio.to_thread(_content_hash, file.file) if key is not None else None,
        "name": file.filename,
        "kind": kind,
    }
    return await idempotency.once(
        principal.workspace_id,
        "uploadImage",
        key,
        request,
        lambda: uploads.upload_image(
            principal, file.file, original_name=file.filename, declared_size=file.size, kind=kind
        ),
        lambda upload: str(upload.id),
        lambda ident: uploads.get_upload(principal, ident),
    )


def _content_hash(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(1 << 20):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


async def upload_list(
    info: strawberry.Info, first: int | None, after: str | None, kind: str | None
) -> Page[uploads.UploadRow]:
    return await uploads.list_uploads(await caller(info), first, after, kind)


async def create_work(info: strawberry.Info, data: WorkInput, key: str | None = None) -> Work:
    principal = await caller(info)
    return await idempotency.once(
        principal.workspace_id,
        "createWork",
        key,
        asdict(data),
        lambda: works.create_work(principal, data),
        lambda work: str(work.id),
        lambda ident: works.get_work(principal, ident),
    )


async def work_list(info: strawberry.Info, first: int | None, after: str | None) -> Page[works.WorkRow]:
    return await works.list_works(await caller(info), first, after)


async def variants_of(info: strawberry.Info, product_id: Any) -> list[Variant]:
    context: Context = info.context
    result: list[Variant] = await context.load_grouped("catalog_variants", variants.variants_of_products, product_id)
    return result


async def previews_of(info: strawberry.Info, product_id: Any) -> list[PreviewTask]:
    """The product's preview tasks, newest first (one statement for a whole page of products)."""
    context: Context = info.context
    result: list[PreviewTask] = await context.load_grouped(
        "catalog_product_previews", previews.tasks_of_products, product_id
    )
    return result


async def listing_slots_of(info: strawberry.Info, product_id: Any) -> list[ListingSlot]:
    """The belt slots the product fills, with their accounts (one statement for a whole page of products)."""
    context: Context = info.context
    result: list[ListingSlot] = await context.load_grouped(
        "catalog_product_slots", listing.slots_of_products, product_id
    )
    return result
