"""Resolvers for the catalog: thin calls into domain.catalog, plus the variants dataloader (constant queries)."""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.dataloader import DataLoader

from db.models import Product, Upload, Variant, Work
from domain.catalog import products, uploads, variants, works
from domain.catalog.product_input import ProductInput
from domain.catalog.works import WorkInput
from domain.pagination import Page, Row
from resolvers.context import Context, caller


async def create_product(info: strawberry.Info, data: ProductInput) -> Product:
    return await products.create_product(await caller(info), data)


async def import_product(info: strawberry.Info, url: str) -> Product:
    return await products.import_product(await caller(info), url)


async def product(info: strawberry.Info, product_id: str) -> Product:
    return await products.get_product(await caller(info), product_id)


async def product_list(info: strawberry.Info, first: int | None, after: str | None, search: str | None) -> Page[Row]:
    return await products.list_products(await caller(info), first, after, search)


async def upload_image(info: strawberry.Info, file: UploadFile, kind: str) -> Upload:
    # Starlette spooled the part to a temporary file while parsing; the domain copies it on in chunks.
    return await uploads.upload_image(
        await caller(info), file.file, original_name=file.filename, declared_size=file.size, kind=kind
    )


async def upload_list(info: strawberry.Info, first: int | None, after: str | None, kind: str | None) -> Page[Row]:
    return await uploads.list_uploads(await caller(info), first, after, kind)


async def create_work(info: strawberry.Info, data: WorkInput) -> Work:
    return await works.create_work(await caller(info), data)


async def work_list(info: strawberry.Info, first: int | None, after: str | None) -> Page[Row]:
    return await works.list_works(await caller(info), first, after)


def _variants_loader() -> DataLoader[Any, list[Variant]]:
    async def load(product_ids: list[Any]) -> list[list[Variant]]:
        grouped = await variants.variants_of_products(product_ids)
        return [grouped[p] for p in product_ids]

    return DataLoader(load_fn=load)


async def variants_of(info: strawberry.Info, product_id: Any) -> list[Variant]:
    context: Context = info.context
    result: list[Variant] = await context.loader("catalog_variants", _variants_loader).load(product_id)
    return result
