"""Dramatiq actors, thin: parse the message, run one domain use case. Importing this declares them all."""

from actors import cta, diagnostics, listing
from actors.broker import broker

__all__ = ["broker", "cta", "diagnostics", "listing"]
