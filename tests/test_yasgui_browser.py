"""The YASGUI query page in headless Chromium: an example query runs and its result table is read back.

Every request the page makes is checked: one to any host other than 127.0.0.1 fails the test (the page works
offline). Skipped when YASGUI is not built (`python -m api.build_assets`) or the browser is missing (a failure in CI).
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from api.routes.query import yasgui_installed
from graph.store import Store
from tests.support.browser import need
from tests.support.server import LiveServer, live_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(sample_store: Store) -> Iterator[LiveServer]:
    need(yasgui_installed(), "YASGUI is not built: run python -m api.build_assets")
    with live_server(sample_store) as s:
        yield s


@pytest.fixture
def page(browser, server) -> Iterator:
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


def test_an_example_runs_and_fills_the_table(page, server: LiveServer) -> None:
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    page.wait_for_function("document.querySelectorAll('#examples option').length > 12", timeout=20_000)
    title = "Most mentioned people"
    value = page.evaluate(
        f"[...document.querySelectorAll('#examples option')].find(o => o.textContent === {title!r}).value"
    )
    page.select_option("#examples", value)
    assert "schema:Person" in page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr td", timeout=30_000)
    headers = [h.strip() for h in page.locator(".yasr table thead th").all_inner_texts()]
    assert [h for h in headers if h] [-3:] == ["person", "label", "articles"]
    rows = page.locator(".yasr table tbody tr")
    assert rows.count() > 1
    assert "id:person-" in rows.first.inner_text() or "/entity/person-" in rows.first.inner_text()


def test_prefix_completion_offers_our_prefixes(page, server: LiveServer) -> None:
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('')")
    page.click(".yasqe .CodeMirror")
    page.keyboard.type("PREFIX nk")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert any(h.startswith("nkg: <https://w3id.org/newskg/") for h in hints), hints
