"""Browser tests' support: Debian's Chromium driven by Playwright, with every request held to 127.0.0.1.

Playwright's own browser download is unreachable from here (shared/notes/browser-tests.md), so the tests drive
the system's Chromium through `executable_path`. Without it they skip and say why, unless
VITRINE_REQUIRE_SERVICES=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support import REQUIRE_SERVICES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # sessions and CI run as root
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1"}
# Generous: the machine is shared and jobs run real workers.
SLOW_MS = 60_000


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (`apt-get install chromium`; .ci/run installs it)"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
    pytest.skip(reason)


def require_graphiql_files() -> None:
    from web import graphiql

    if graphiql.MODULES.is_dir():
        return
    reason = f"GraphiQL's files are not installed in {graphiql.MODULES} (`make install` runs npm ci)"
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} and VITRINE_REQUIRE_SERVICES=1")
    pytest.skip(reason)


@dataclass
class Browsing:
    """One page in a fresh browser context, and what it tried to do that it should not have."""

    page: Any  # playwright.async_api.Page
    refused: list[str] = field(default_factory=list)  # requests to anywhere but 127.0.0.1, aborted
    errors: list[str] = field(default_factory=list)  # uncaught exceptions in the page

    def check(self) -> None:
        assert not self.refused, f"the page tried to reach other hosts: {self.refused}"
        assert not self.errors, f"the page threw: {self.errors}"


@contextlib.asynccontextmanager
async def browse(base_url: str) -> AsyncIterator[Browsing]:
    """A page on `base_url`; afterwards, fails if it reached beyond 127.0.0.1 or threw an uncaught error."""
    require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(SLOW_MS)
            browsing = Browsing(page=await context.new_page())

            async def only_local(route: Any) -> None:
                url = route.request.url
                if urlsplit(url).hostname in LOCAL_HOSTS:
                    await route.continue_()
                else:
                    browsing.refused.append(url)
                    await route.abort()

            await context.route("**/*", only_local)
            browsing.page.on("pageerror", lambda error: browsing.errors.append(str(error)))
            yield browsing
            browsing.check()
        finally:
            await browser.close()
