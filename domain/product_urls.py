"""Product URL normalisation: one key per product page, whatever tracking or spelling the link carries; the URL work
is w3lib's (domain/urls.py), the tracking parameters and the trailing slash are the rules added here."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

from domain.urls import web_url

# Parameters that say where a visitor came from, never which product the page shows.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "srsltid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "_kx",
        "ref",
        "ref_",
        "ref_src",
        "referrer",
        "affiliate",
        "aff_id",
        "spm",
        "scm",
        "_pos",
        "_sid",
        "_ss",
        "_psq",
        "_fid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")


def is_tracking_param(name: str) -> bool:
    key = unquote_plus(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def normalize_product_url(url: str) -> str:
    """The canonical web address (domain.urls: lower-case scheme and host, no default port or fragment, query
    sorted, escapes normalised by w3lib) without tracking parameters or a trailing slash: one key per product page.

    The path keeps its case (many shops' paths are case-sensitive). A string that is no http(s) address is
    returned as given (trimmed), and normalising twice changes nothing.
    """
    text = _trim(url)
    once = _product_key(text)
    return once if once is not None and _product_key(once) == once else text


def _product_key(text: str) -> str | None:
    canonical = web_url(text, canonical=True)
    if canonical is None:
        return None
    parts = urlsplit(canonical)
    # "/products/tote/" and "/products/tote" are one page on every shop platform (one redirects to the other).
    path = parts.path.rstrip("/") or "/"
    query = "&".join(pair for pair in parts.query.split("&") if pair and not is_tracking_param(pair.split("=", 1)[0]))
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


_C0_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))


def _trim(text: str) -> str:
    """Without surrounding whitespace or control characters, whichever order they come in."""
    while (trimmed := text.strip().strip(_C0_CONTROL_OR_SPACE)) != text:
        text = trimmed
    return text
