"""The SPARQL query page in a real browser (Debian's headless Chromium via Playwright) against a live server.

Every request the page makes is checked: one to any host other than 127.0.0.1 fails the test. In CI (env CI set)
a missing chromium or playwright fails; elsewhere the tests skip.
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from graph.store import Store
from tests.support.server import LiveServer, live_server

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def server(sample_store: Store) -> Iterator[LiveServer]:
    # The plain editor, the page an install without YASGUI gets (tests/test_yasgui_browser.py tests YASGUI).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("api.routes.query.yasgui_installed", lambda: False)
        with live_server(sample_store) as s:
            yield s


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
    value = page.evaluate(
        f"[...document.querySelectorAll('#examples option')].find(o => o.textContent === {title!r}).value"
    )
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
