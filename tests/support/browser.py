"""Debian's headless Chromium driven by Playwright, for the browser tests (pytest marker `browser`).

In CI (env CI set) a missing /usr/bin/chromium or playwright is a failure, not a skip: .ci/install provides both.
Elsewhere the tests skip.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
# As root, headless, and quiet on the network: without the background-networking flags Chromium tries to reach
# Google's hosts at start.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def need(ok: bool, why: str) -> None:
    """Skip the test when a browser part is missing, except in CI, where that is a failure."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must run the browser tests: .ci/install installs chromium and playwright)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """A headless Chromium for the test module. Import this fixture into a test module to use it."""
    need(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Tab:
    """A browser tab that records every request and page error, and refuses requests to hosts other than
    127.0.0.1 (file:, data:, blob: and about: pages pass)."""

    def __init__(self, browser, width: int = 1400, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "file") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, url: str) -> None:
        """Go to a view and wait until its graph has settled."""
        self.page.goto(url)
        self.page.wait_for_function("window.newskgViz && window.newskgViz.ready === true", timeout=20_000)

    def counts(self) -> dict:
        return self.page.evaluate("window.newskgViz.counts()")

    def node_at(self, node_id: str) -> dict:
        """Where a node is drawn, in the page's pixels."""
        at = self.page.evaluate(
            """id => { const n = window.newskgViz.network; return n.canvasToDOM(n.getPositions([id])[id]); }""", node_id
        )
        box = self.page.locator("#graph").bounding_box()
        return {"x": box["x"] + at["x"], "y": box["y"] + at["y"]}

    def click_node(self, node_id: str) -> None:
        """A real mouse click where the node is drawn."""
        at = self.node_at(node_id)
        self.page.mouse.click(at["x"], at["y"])

    def close(self) -> None:
        self.context.close()


SIZES = {"desktop": (1280, 900), "phone": (390, 844)}  # the screens every page is checked at


@pytest.fixture(params=list(SIZES))
def tab(request, browser) -> Iterator[Tab]:
    """A Tab at each of SIZES in turn (`t.size` names it). Fails the test on any request that left 127.0.0.1 or
    any error on the page."""
    width, height = SIZES[request.param]
    t = Tab(browser, width, height)
    t.size = request.param
    yield t
    assert t.foreign == [], f"requests left 127.0.0.1: {t.foreign}"
    assert t.errors == [], f"errors on the page: {t.errors}"
    t.close()
