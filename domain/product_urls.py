"""Product URL normalisation: two addresses of the same product page compare equal (scrape-once key)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|ref|ref_src|igshid|"
    r"srsltid|_pos|_sid|_ss|_psq|_fid|pb|spm|scm|trk|cmpid|campaign|affiliate|aff_id|clickid)$",
    re.IGNORECASE,
)


def normalize_product_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment, tracking parameters or empty query; sorted query;
    path case kept (paths are case-sensitive on most servers). Idempotent."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or port == {"http": 80, "https": 443}.get(scheme) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
