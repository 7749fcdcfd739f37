"""Recognising a bot check, CAPTCHA or challenge page answered in place of the content."""

from __future__ import annotations

import re
from collections.abc import Mapping

_CHALLENGE_TITLE = re.compile(
    r"<title[^>]*>\s*(?:just a moment\.*|attention required!?(?: \| cloudflare)?|please wait\.*(?: \| cloudflare)?|"
    r"access denied|robot check|are you a robot\??|pardon our interruption|security check(?:point)?|"
    r"verify(?:ing)? you are (?:a )?human\.*|one more step|checking your browser\.*|ddos-guard|"
    r"human verification|bot verification|captcha)\s*</title>",
    re.IGNORECASE,
)
# Markers only challenge pages carry. Normal pages behind these vendors carry their sensor scripts too
# (Cloudflare's /cdn-cgi/challenge-platform/scripts/jsd, Imperva's _Incapsula_Resource, PerimeterX's _pxAppId),
# so those alone prove nothing.
_CHALLENGE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Cloudflare", re.compile(r"_cf_chl_opt|cf-browser-verification|cf_challenge_response|id=.challenge-form", re.I)),
    ("DataDome", re.compile(r"geo\.captcha-delivery\.com|ct\.captcha-delivery\.com", re.I)),
    ("PerimeterX", re.compile(r"id=[\"']px-captcha|_pxCaptcha|px-captcha-wrapper", re.I)),
    ("Akamai", re.compile(r"errors\.edgesuite\.net|/_sec/cp_challenge/|sec-if-cpt-container", re.I)),
    ("Imperva", re.compile(r"Incapsula incident ID|Request unsuccessful\. Incapsula", re.I)),
    ("AWS WAF", re.compile(r"window\.gokuProps|awsWafCookieDomainList", re.I)),
    ("Amazon", re.compile(r"/errors/validateCaptcha", re.I)),
    ("Kasada", re.compile(r"KPSDK\.configure|ips\.js\?", re.I)),
)
_CAPTCHA_WIDGET = re.compile(r"class=[\"'][^\"']*\b(?:g-recaptcha|h-captcha|cf-turnstile)\b|captcha", re.I)
_PRODUCT_SIGNALS = re.compile(
    r"[\"']@type[\"']\s*:\s*\[?\s*[\"'](?:https?://schema\.org/)?Product(?:Group)?[\"']|"
    r"itemtype=[\"']https?://schema\.org/Product|og:type[\"']\s+content=[\"']product|product:price:amount",
    re.I,
)


def detect_bot_check(status: int, headers: Mapping[str, str], text: str) -> str | None:
    """The vendor whose bot check, CAPTCHA or challenge page this is ("Cloudflare", "a CAPTCHA"…), or None."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if lowered.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare"
    head = text[:300_000]
    for vendor, marker in _CHALLENGE_MARKERS:
        if marker.search(head):
            return vendor
    title = _CHALLENGE_TITLE.search(head[:50_000])
    # A product page may embed a CAPTCHA widget (review forms, newsletters); a challenge page has no product.
    if _PRODUCT_SIGNALS.search(head):
        return None
    if title:
        return "a challenge page"
    if _CAPTCHA_WIDGET.search(head) and (status >= 400 or len(re.sub(r"<[^>]+>|\s+", "", head)) < 3000):
        return "a CAPTCHA"
    return None
