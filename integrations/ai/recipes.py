"""How a provider says it makes an image (its recipe, for provenance), with a fallback for one that does not say."""

from __future__ import annotations

from integrations.ai.base import ProductBrief
from integrations.ai.capabilities import Recipe


def background_recipe(painter: object, brief: ProductBrief, variant_index: int) -> Recipe:
    """The painter's own account (`describe_background`) or, for a painter without one, just its name."""
    describe = getattr(painter, "describe_background", None)
    if callable(describe):
        recipe = describe(brief, variant_index)
        if isinstance(recipe, Recipe):
            return recipe
    return Recipe(provider=str(getattr(painter, "name", type(painter).__name__)), model=None, prompt=None)
