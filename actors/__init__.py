"""Dramatiq actors, thin: parse the message, run one domain use case. Importing this declares them all."""

from actors import batches, cta, diagnostics, listing, previews, products
from actors.broker import broker

__all__ = ["batches", "broker", "cta", "diagnostics", "listing", "previews", "products"]
