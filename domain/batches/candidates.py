"""The images a variant may be generated from (its candidates): the variant's own image, its latest generated
images, and the workspace's latest uploads. Read for up to 100 variants in a constant number of statements; and
the same sources resolve a createBatch choice back to the stored file."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from db import generated_images
from db.models import GeneratedImage, Upload, Variant
from domain.batches.image_choices import ImageChoice, StoredImage
from domain.batches.rules import BatchDraft
from domain.catalog.assets import url_of
from domain.errors import BadUserInput, NotFound
from domain.tenancy import Principal, owned

MAX_VARIANTS = 100
GENERATED_PER_VARIANT = 50
LATEST_UPLOADS = 200


@dataclass(frozen=True)
class VariantCandidates:
    variant: Variant  # with its image and product loaded
    generated: list[GeneratedImage]  # newest first


@dataclass(frozen=True)
class ImageCandidates:
    variants: list[VariantCandidates]
    uploads: list[Upload]  # with their assets loaded, newest first


async def image_candidates(principal: Principal, variant_ids: Sequence[object]) -> ImageCandidates:
    """Each asked variant (in the order asked, repeats once) with its latest generations, and the latest uploads."""
    if not variant_ids:
        raise BadUserInput("ask for at least one variant", field="variantIds")
    if len(variant_ids) > MAX_VARIANTS:
        raise BadUserInput(f"at most {MAX_VARIANTS} variants at once (got {len(variant_ids)})", field="variantIds")
    wanted: dict[uuid.UUID, str] = {}
    for index, value in enumerate(variant_ids):
        wanted.setdefault(_parse(value, f"variantIds[{index}]"), f"variantIds[{index}]")
    variants = await owned_variants(principal, wanted)
    latest = await generated_images.latest_per_variant(list(wanted), GENERATED_PER_VARIANT)
    by_variant: dict[object, list[GeneratedImage]] = defaultdict(list)
    for image in latest:
        by_variant[image.variant_id].append(image)
    uploads = (
        await owned(Upload, principal).select_related("asset").order_by("-created_at", "-id").limit(LATEST_UPLOADS)
    )
    # One choice per stored image: the newest upload of each (the same bytes as two kinds are one image here).
    seen: set[object] = set()
    distinct = []
    for upload in uploads:  # newest first: the first of each image is its newest upload
        if upload.asset_id not in seen:
            seen.add(upload.asset_id)
            distinct.append(upload)
    return ImageCandidates([VariantCandidates(v, by_variant[v.id]) for v in variants], distinct)


async def owned_variants(principal: Principal, fields: dict[uuid.UUID, str]) -> list[Variant]:
    """The caller's variants (image and product joined) in the order of `fields`; an unknown id or another
    workspace's is NOT_FOUND naming its field. One statement."""
    rows = {
        row.id: row
        for row in await owned(Variant, principal).filter(id__in=list(fields)).select_related("image", "product")
    }
    for ident, field in fields.items():
        if ident not in rows:
            raise NotFound(f"Variant {ident} does not exist.", field=field)
    return [rows[ident] for ident in fields]


@dataclass(frozen=True)
class ResolvedBatch:
    variants: list[Variant]  # in input order
    product_images: list[list[StoredImage]]  # per variant, in the order chosen
    references: dict[str, StoredImage]  # the settings' images (moodboard, ...), uploads only


async def resolve(principal: Principal, draft: BatchDraft) -> ResolvedBatch:
    """Every chosen URL back to a stored image: for a variant, only its own image, its own generations or the
    workspace's uploads; for the settings' images, the workspace's uploads. Three statements for any batch."""
    variants = await owned_variants(principal, {v.variant_id: f"{v.field}.variantId" for v in draft.variants})
    keys = list({choice.key for choice in draft.image_choices()})
    generations = await GeneratedImage.filter(
        variant_id__in=[v.variant_id for v in draft.variants], key__in=keys
    ).values("id", "variant_id", "key")
    uploads = await owned(Upload, principal).filter(asset__key__in=keys).values("id", "asset__key")
    generated = {(str(row["variant_id"]), row["key"]): str(row["id"]) for row in generations}
    uploaded = {row["asset__key"]: str(row["id"]) for row in uploads}

    def of_variant(variant: Variant, choice: ImageChoice) -> StoredImage:
        image = variant.image
        if image is not None and image.key == choice.key:
            return StoredImage(choice.key, "variant", str(variant.id))
        if (generation := generated.get((str(variant.id), choice.key))) is not None:
            return StoredImage(choice.key, "generation", generation)
        if (upload := uploaded.get(choice.key)) is not None:
            return StoredImage(choice.key, "upload", upload)
        raise BadUserInput(
            "not one of this variant's candidates: choose its image, one of its generated images or one of your "
            "uploads",
            field=choice.field,
        )

    def of_uploads(choice: ImageChoice) -> StoredImage:
        if (upload := uploaded.get(choice.key)) is None:
            raise BadUserInput("not one of your uploads", field=choice.field)
        return StoredImage(choice.key, "upload", upload)

    return ResolvedBatch(
        variants=variants,
        product_images=[
            [of_variant(variant, choice) for choice in wanted.images]
            for variant, wanted in zip(variants, draft.variants, strict=True)
        ],
        references={name: of_uploads(choice) for name, choice in draft.settings.images.items()},
    )


def variant_image_url(variant: Variant) -> str | None:
    """The variant's stored image as a signed URL (a candidate); None when it has no stored image."""
    image = variant.image
    return url_of(image.key) if image is not None else None


def _parse(value: object, field: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(f"Variant {value} does not exist.", field=field) from None
