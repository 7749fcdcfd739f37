"""Safe HTTP fetcher for merchant pages and images: public addresses only, bounded in size, time and redirects.

`addresses` holds the address rule, `network` connects only to checked addresses, `bodies` and `bot_checks`
read what comes back, `safe_fetcher` ties them together.
"""

from integrations.fetcher.addresses import (
    IPAddress,
    Resolver,
    address_refusal,
    check_public_url,
    parse_ip_literal,
    system_resolver,
)
from integrations.fetcher.bodies import decode_html, sniff_image_type
from integrations.fetcher.bot_checks import detect_bot_check
from integrations.fetcher.errors import (
    BlockedBySite,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HostNotFound,
    HttpStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnexpectedContent,
    UrlRefused,
)
from integrations.fetcher.model import MB, FetchedImage, FetchedPage, FetchLimits, PostResponse
from integrations.fetcher.safe_fetcher import IMAGE_ACCEPT, PAGE_ACCEPT, REDIRECT_STATUSES, USER_AGENT, SafeFetcher

__all__ = [
    "IMAGE_ACCEPT",
    "MB",
    "PAGE_ACCEPT",
    "REDIRECT_STATUSES",
    "USER_AGENT",
    "BlockedBySite",
    "ConnectionFailed",
    "FetchError",
    "FetchLimits",
    "FetchTimeout",
    "FetchedImage",
    "FetchedPage",
    "HostNotFound",
    "HttpStatusError",
    "IPAddress",
    "PostResponse",
    "Resolver",
    "ResponseTooLarge",
    "SafeFetcher",
    "TooManyRedirects",
    "UnexpectedContent",
    "UrlRefused",
    "address_refusal",
    "check_public_url",
    "decode_html",
    "detect_bot_check",
    "parse_ip_literal",
    "sniff_image_type",
    "system_resolver",
]
