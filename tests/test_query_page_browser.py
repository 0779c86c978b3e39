"""The SPARQL query page in a real browser (Debian's headless Chromium via Playwright) against a live server.

Every request the page makes is checked: one to any host other than 127.0.0.1 fails the test. In CI (env CI set)
a missing chromium or playwright fails; elsewhere the tests skip.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph.store import Store
from tests.conftest import LiveServer, live_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _need(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{why} (CI must run the browser tests)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def server(sample_store: Store) -> Iterator[LiveServer]:
    with live_server(sample_store) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    tab = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"
    assert errors == [], f"errors on the page: {errors}"
    context.close()


def test_examples_run_and_show_a_table(page, server: LiveServer) -> None:
    page.goto(server.url + "/query")
    page.wait_for_function("document.querySelectorAll('#examples option').length > 12", timeout=20_000)
    title = "Most mentioned people"
    value = page.evaluate(f"[...document.querySelectorAll('#examples option')].find(o => o.textContent === {title!r}).value")
    page.select_option("#examples", value)
    assert "schema:Person" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=20_000)
    rows = page.locator("#results table tbody tr").count()
    assert rows > 1
    assert page.locator("#results th").all_inner_texts() == ["person", "label", "articles"]
    assert f"{rows} rows" in page.inner_text("#status")


def test_other_formats_and_errors(page, server: LiveServer) -> None:
    page.goto(server.url + "/query")
    page.fill("#query", "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> } LIMIT 3")
    page.select_option("#format", "csv")
    page.focus("#query")
    page.keyboard.press("Control+Enter")  # runs the query from the editor
    page.wait_for_selector("#results pre", timeout=20_000)
    assert page.inner_text("#results pre").splitlines()[0] == "a"
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_function("document.querySelector('#status').className === 'error'", timeout=20_000)
    assert page.inner_text("#status").startswith("400: SPARQL syntax error")
