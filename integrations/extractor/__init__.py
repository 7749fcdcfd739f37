"""Product-page extractor: JSON-LD, microdata, OpenGraph/Twitter meta, then the page itself, in order of trust.

One module per source (`json_ld`, `microdata`, `meta`, `page`, `script_data`), the rules they share beside them,
and `product.extract_product` merging what they say.
"""

from integrations.extractor.model import ExtractedProduct, ImageCandidate
from integrations.extractor.prices import ISO_CURRENCIES, normalise_currency, normalise_price, price_from_text
from integrations.extractor.product import extract_product

__all__ = [
    "ISO_CURRENCIES",
    "ExtractedProduct",
    "ImageCandidate",
    "extract_product",
    "normalise_currency",
    "normalise_price",
    "price_from_text",
]
