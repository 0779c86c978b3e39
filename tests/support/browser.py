"""Debian's headless Chromium driven by Playwright, for the browser tests (pytest marker `browser`).

In CI (env CI set) a missing /usr/bin/chromium or playwright is a failure, not a skip: .ci/install provides both.
Elsewhere the tests skip.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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
