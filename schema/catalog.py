"""GraphQL surface of the catalog: products and variants, uploads (GraphQL multipart request spec) and works.

The contract names both the multipart scalar and the upload record `Upload`; GraphQL allows one type per name, so
the scalar keeps `Upload` (what every multipart client declares: `$file: Upload!`) and the record is `ImageUpload`
(its list is still `UploadConnection`).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.file_uploads import Upload

from db import models
from domain.catalog import products as product_rules
from domain.catalog import uploads as upload_rules
from domain.catalog import variants as variant_rules
from domain.catalog import works as work_rules
from domain.catalog.product_input import PrintAreaInput as PrintAreaData
from domain.catalog.product_input import ProductInput, VariantInput
from domain.catalog.works import WorkInput
from resolvers import catalog as resolve
from schema.idempotency import IdempotencyKeyArg
from schema.listing import ProductListingSlot
from schema.pagination import Connection, to_connection
from schema.previews import PreviewTask


@strawberry.enum
class UploadKind(Enum):
    PRODUCT = "PRODUCT"
    ARTWORK = "ARTWORK"
    OTHER = "OTHER"


@strawberry.enum(description="Where a product comes from.")
class ProductOrigin(Enum):
    CATALOG = "CATALOG"  # created in the catalog by hand (createProduct)
    PAGE = "PAGE"  # read from its product page (importProduct, or a CTA job's URL)


@strawberry.type(description="Where artwork goes on the variant's image, as fractions (0-1) of that image.")
class PrintArea:
    x: float
    y: float
    width: float
    height: float


@strawberry.type
class ProductImage:
    url: str
    score: float


@strawberry.type
class Variant:
    id: strawberry.ID
    title: str
    color: str | None
    size: str | None
    image_url: str | None = strawberry.field(description="The stored image, as a signed media URL.")
    print_area: PrintArea

    @classmethod
    def from_row(cls, row: models.Variant) -> Variant:
        area = variant_rules.print_area_of(row)
        return cls(
            id=strawberry.ID(str(row.id)),
            title=row.title,
            color=row.color,
            size=row.size,
            image_url=variant_rules.image_url_of(row),
            print_area=PrintArea(x=area.x, y=area.y, width=area.width, height=area.height),
        )


def _product_images(root: Product) -> list[ProductImage]:
    # Signed when asked: a page of products that does not select them signs none.
    return [ProductImage(url=url, score=score) for url, score in product_rules.image_urls_of(root._row)]


@strawberry.type
class Product:
    id: strawberry.ID
    title: str
    description: str
    brand: str | None
    price: str | None
    currency: str | None
    sku: str | None
    availability: str | None = strawberry.field(description="schema.org availability, e.g. InStock, OutOfStock")
    source_url: str | None
    primary_image_url: str | None
    images: list[ProductImage] = strawberry.field(resolver=_product_images)
    created_at: datetime
    in_catalog: bool = strawberry.field(
        description="False for a product read from its page for a CTA job only: importProduct(url: sourceUrl) "
        "adds it to the catalog (with one default variant), where previews, batches and belts can use it."
    )
    origin: ProductOrigin = strawberry.field(description="Created in the catalog, or read from its product page.")
    _row: strawberry.Private[models.Product | product_rules.ProductRow]

    @classmethod
    def from_row(cls, row: models.Product | product_rules.ProductRow) -> Product:
        return cls(
            id=strawberry.ID(str(row.id)),
            title=row.title,
            description=row.description,
            brand=row.brand,
            price=row.price,
            currency=row.currency,
            sku=row.sku,
            availability=row.availability,
            source_url=row.source_url,
            primary_image_url=product_rules.primary_image_url_of(row),
            created_at=row.created_at,
            in_catalog=row.in_catalog,
            origin=ProductOrigin.PAGE if row.source_url else ProductOrigin.CATALOG,
            _row=row,
        )

    @strawberry.field
    async def variants(self, info: strawberry.Info) -> list[Variant]:
        return [Variant.from_row(v) for v in await resolve.variants_of(info, self._row.id)]

    @strawberry.field(description="The newest 50 preview tasks of this product (any work, any variant), newest first.")
    async def previews(self, info: strawberry.Info) -> list[PreviewTask]:
        return [PreviewTask.from_row(row) for row in await resolve.previews_of(info, self._row.id)]

    @strawberry.field(description="The listing belt slots this product fills, in time order, with their accounts.")
    async def listing_slots(self, info: strawberry.Info) -> list[ProductListingSlot]:
        return [ProductListingSlot.from_slot(row) for row in await resolve.listing_slots_of(info, self._row.id)]


@strawberry.type(name="ImageUpload", description="An uploaded image (the contract's `Upload` record).")
class ImageUpload:
    id: strawberry.ID
    kind: UploadKind
    original_name: str
    content_type: str
    width: int
    height: int
    size: int
    url: str = strawberry.field(description="A signed media URL.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Upload | upload_rules.UploadRow) -> ImageUpload:
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=UploadKind(row.kind),
            original_name=row.original_name,
            content_type=row.asset.content_type,
            width=row.asset.width,
            height=row.asset.height,
            size=row.asset.size,
            url=upload_rules.upload_url(row),
            created_at=row.created_at,
        )


@strawberry.type(name="UploadConnection")
class UploadConnection(Connection[ImageUpload]):
    pass


@strawberry.type
class Work:
    id: strawberry.ID
    name: str
    image_url: str = strawberry.field(description="A signed media URL.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.Work | work_rules.WorkRow) -> Work:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            image_url=work_rules.work_image_url(row),
            created_at=row.created_at,
        )


@strawberry.input
class PrintAreaInput:
    x: float
    y: float
    width: float
    height: float


@strawberry.input(name="VariantInput")
class VariantInputType:
    title: str | None = None
    color: str | None = None
    size: str | None = None
    image_url: str | None = strawberry.field(
        default=None, description="The variant's mockup image; the product's first image when left out."
    )
    print_area: PrintAreaInput | None = strawberry.field(
        default=None, description="Where artwork goes; the middle half of the image when left out."
    )


@strawberry.input
class CreateProductInput:
    title: str
    description: str | None = None
    price: str | None = strawberry.field(default=None, description="A decimal number such as 29.90.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217, e.g. EUR.")
    images: list[str] = strawberry.field(description="Image URLs, best first; each is fetched once and kept.")
    variants: list[VariantInputType] = strawberry.field(
        default_factory=list, description="None given: one default variant on the first image."
    )

    def to_domain(self) -> ProductInput:
        return ProductInput(
            title=self.title,
            description=self.description,
            price=self.price,
            currency=self.currency,
            images=list(self.images),
            variants=[
                VariantInput(
                    title=v.title,
                    color=v.color,
                    size=v.size,
                    image_url=v.image_url,
                    print_area=(
                        PrintAreaData(v.print_area.x, v.print_area.y, v.print_area.width, v.print_area.height)
                        if v.print_area is not None
                        else None
                    ),
                )
                for v in self.variants
            ],
        )


@strawberry.input
class CreateWorkInput:
    name: str
    upload_id: strawberry.ID | None = None
    image_url: str | None = None


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Catalog products, newest first; `search` matches titles (case-insensitive).")
    async def products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, search: str | None = None
    ) -> Connection[Product]:
        return to_connection(await resolve.product_list(info, first, after, search), Product.from_row)

    @strawberry.field(
        description="A product of yours by id: a catalog product, or one read from its page for a CTA job only "
        "(`inCatalog: false`, the product a CTA variant names)."
    )
    async def product(self, info: strawberry.Info, id: strawberry.ID) -> Product | None:
        return Product.from_row(await resolve.product(info, id))

    @strawberry.field(
        description="Products read from their page for CTA jobs that are not in the catalog yet, newest first; "
        "importProduct(url: sourceUrl) adds one."
    )
    async def page_products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Product]:
        return to_connection(await resolve.page_product_list(info, first, after), Product.from_row)

    @strawberry.field
    async def uploads(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        kind: UploadKind | None = None,
    ) -> UploadConnection:
        page = await resolve.upload_list(info, first, after, kind.value if kind else None)
        generic = to_connection(page, ImageUpload.from_row)
        return UploadConnection(edges=generic.edges, page_info=generic.page_info, total_count=generic.total_count)

    @strawberry.field
    async def works(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Work]:
        return to_connection(await resolve.work_list(info, first, after), Work.from_row)


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="Create a catalog product; its image URLs are fetched once and kept in media.")
    async def create_product(
        self, info: strawberry.Info, input: CreateProductInput, idempotency_key: IdempotencyKeyArg = None
    ) -> Product:
        return Product.from_row(await resolve.create_product(info, input.to_domain(), idempotency_key))

    @strawberry.mutation(description="Scrape a product page into the catalog, with one default variant.")
    async def import_product(
        self, info: strawberry.Info, url: str, idempotency_key: IdempotencyKeyArg = None
    ) -> Product:
        return Product.from_row(await resolve.import_product(info, url, idempotency_key))

    @strawberry.mutation(
        description="Upload an image (GraphQL multipart request spec; send `Apollo-Require-Preflight: true`)."
    )
    async def upload_image(
        self,
        info: strawberry.Info,
        file: Upload,
        kind: UploadKind | None = None,
        idempotency_key: IdempotencyKeyArg = None,
    ) -> ImageUpload:
        row = await resolve.upload_image(
            info,
            file,  # type: ignore[arg-type]
            (kind or UploadKind.OTHER).value,
            idempotency_key,
        )
        return ImageUpload.from_row(row)

    @strawberry.mutation(description="A piece of artwork, from an upload or an image URL (exactly one).")
    async def create_work(
        self, info: strawberry.Info, input: CreateWorkInput, idempotency_key: IdempotencyKeyArg = None
    ) -> Work:
        data = WorkInput(
            name=input.name,
            upload_id=str(input.upload_id) if input.upload_id is not None else None,
            image_url=input.image_url,
        )
        return Work.from_row(await resolve.create_work(info, data, idempotency_key))
