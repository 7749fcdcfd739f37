"""Product URL normalisation: one key per product page, whatever tracking or spelling the link carries."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

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
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_PORT = re.compile(r"^(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>[^:]*))?$")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def is_tracking_param(name: str) -> bool:
    key = unquote_plus(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def normalize_product_url(url: str) -> str:
    """Lowercase scheme and host, no default port, fragment or tracking parameters, the rest of the query sorted.

    The path keeps its case (many shops' paths are case-sensitive) and escapes are only normalised as RFC 3986
    allows, so the result is still the page the user meant, and normalising twice changes nothing.
    """
    text = _trim(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    netloc = _normalize_netloc(parts.netloc, scheme)
    path = _normalize_escapes(parts.path) or ("/" if netloc else "")
    if len(path) > 1 and path.endswith("/") and netloc:
        # "/products/tote/" and "/products/tote" are one page on every shop platform (one redirects to the other).
        path = path.rstrip("/") or "/"
    pairs = [
        _normalize_escapes(pair)
        for pair in parts.query.split("&")
        if pair and not is_tracking_param(pair.split("=", 1)[0])
    ]
    query = "&".join(sorted(pairs, key=lambda pair: (pair.split("=", 1)[0], pair)))
    normalized = _trim(urlunsplit((scheme, netloc, path, query, "")))  # "0 ?" loses its "?" and ends in a space
    # urlunsplit can shift an odd input (no host, a path starting with //) into another shape; such a string is
    # no product URL, so it is returned as given rather than risk a key that normalises differently next time.
    return normalized if _stable(normalized, scheme, netloc, path, query) else text


_C0_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))


def _trim(text: str) -> str:
    """Without surrounding whitespace or control characters, whichever order they come in (urlsplit drops
    the controls, str.strip the Unicode spaces; both must be gone for normalising twice to change nothing)."""
    while (trimmed := text.strip().strip(_C0_CONTROL_OR_SPACE)) != text:
        text = trimmed
    return text


def _normalize_escapes(text: str) -> str:
    """RFC 3986 normalisation: escapes of unreserved characters decoded, the others in upper case."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _ESCAPE.sub(fix, text)


def _stable(normalized: str, scheme: str, netloc: str, path: str, query: str) -> bool:
    try:
        again = urlsplit(normalized)
    except ValueError:
        return False
    return (again.scheme, again.netloc, again.path, again.query, again.fragment) == (scheme, netloc, path, query, "")


def _normalize_netloc(netloc: str, scheme: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    match = _PORT.match(hostport)
    if not match:
        return netloc.lower() if not at else f"{userinfo}@{hostport.lower()}"
    host = match.group("host").lower()
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]  # "shop.example." is the same host as "shop.example"
    port = match.group("port")
    hostport = host if port in (None, "", _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return f"{userinfo}@{hostport}" if at else hostport
