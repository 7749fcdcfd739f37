"""Image rules: normalise, merge size variants of one image, drop what is not a product photo, rank by relevance."""

from domain.images.filters import non_product_reason
from domain.images.merging import MergedImage, merge_size_variants
from domain.images.ranking import RankedImage, rank_images
from domain.images.sizes import MIN_SIDE, ORIGINAL, PHOTO_SIDE, THUMBNAIL_SIDE, UNDECLARED
from domain.images.sources import SHARE_SOURCES, SOURCE_TRUST, STRUCTURED_SOURCES, ImageCandidateLike
from domain.images.urls import normalize_image_url
from domain.images.variants import RESIZE_PARAMS, VERSION_PARAMS, ImageVariant, image_identity, image_variant
from domain.images.words import title_match

__all__ = [
    "MIN_SIDE",
    "ORIGINAL",
    "PHOTO_SIDE",
    "RESIZE_PARAMS",
    "SHARE_SOURCES",
    "SOURCE_TRUST",
    "STRUCTURED_SOURCES",
    "THUMBNAIL_SIDE",
    "UNDECLARED",
    "VERSION_PARAMS",
    "ImageCandidateLike",
    "ImageVariant",
    "MergedImage",
    "RankedImage",
    "image_identity",
    "image_variant",
    "merge_size_variants",
    "non_product_reason",
    "normalize_image_url",
    "rank_images",
    "title_match",
]
