"""Why a fetch produced nothing usable, in words meant for the merchant, and whether a retry may help."""

from __future__ import annotations

import errno
import ssl

import httpx


class FetchError(Exception):
    """A fetch that produced no usable response. `message` is meant for the merchant and names the URL;
    `transient` says whether the same request may well succeed later (timeouts, dropped connections, 429, 5xx)."""

    transient = False

    def __init__(self, message: str, *, url: str = "", transient: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        if transient is not None:
            self.transient = transient


class UrlRefused(FetchError):
    """Not an address we may fetch: wrong scheme, no host, or a host that is (or resolves to) a non-public address."""


class HostNotFound(FetchError):
    """The host name does not resolve."""


class ResponseTooLarge(FetchError):
    pass


class FetchTimeout(FetchError):
    transient = True


class ConnectionFailed(FetchError):
    transient = True


class TooManyRedirects(FetchError):
    pass


class HttpStatusError(FetchError):
    def __init__(self, message: str, status: int, *, url: str = "") -> None:
        super().__init__(message, url=url, transient=status in (408, 425, 429) or status >= 500)
        self.status = status


class BlockedBySite(FetchError):
    """The site answered with a bot check, CAPTCHA or challenge page instead of the content."""


class UnexpectedContent(FetchError):
    """The answer is not what was asked for: a PDF where a page was expected, HTML where an image was."""


def connection_failed(url: str, exc: httpx.TransportError) -> ConnectionFailed:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            # A certificate that does not verify will not verify on the next attempt either.
            return ConnectionFailed(f"{url} has an invalid security certificate", url=url, transient=False)
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return ConnectionFailed(f"{url} could not be reached: the connection was refused", url=url)
        cause = cause.__cause__ or cause.__context__
    detail = str(exc) or type(exc).__name__
    return ConnectionFailed(f"{url} could not be reached ({detail})", url=url)


_STATUS_WORDS = {
    400: "bad request",
    401: "a login is required",
    403: "access is forbidden",
    404: "not found",
    408: "request timeout",
    410: "gone",
    429: "too many requests; try again later",
    451: "unavailable for legal reasons",
}


def status_error(url: str, status: int) -> HttpStatusError:
    words = _STATUS_WORDS.get(status) or ("the site has a problem; try again later" if status >= 500 else "")
    return HttpStatusError(f"{url} answered HTTP {status}" + (f" ({words})" if words else ""), status, url=url)
