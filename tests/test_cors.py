"""CORS: pages on other origins may query and read ($NEWSKG_CORS_ORIGINS, default "*"), never write by CORS alone.

The browser test serves a page from another origin (another port on 127.0.0.1) that queries the endpoint with
fetch() in headless Chromium, and tries an update with the token, which the browser must refuse to send.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from graph.settings import Settings
from graph.store.oxigraph import OxigraphStore
from tests.support.browser import browser  # noqa: F401 - a fixture
from tests.support.server import LiveServer, free_port, live_server

TOKEN = "cors-token"
ASK = "ASK { }"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with live_server(OxigraphStore(None), write_token=TOKEN) as s:
        yield s


def test_simple_query_gets_allow_origin(server: LiveServer) -> None:
    r = httpx.get(server.url + "/sparql", params={"query": ASK}, headers={"origin": "http://elsewhere.example"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


def test_preflight_for_a_posted_query_is_answered(server: LiveServer) -> None:
    r = httpx.options(
        server.url + "/sparql",
        headers={
            "origin": "http://elsewhere.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, accept",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


def test_preflight_with_the_token_header_is_refused(server: LiveServer) -> None:
    r = httpx.options(
        server.url + "/sparql",
        headers={
            "origin": "http://elsewhere.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert r.status_code == 400


def test_an_update_without_the_token_is_refused_cross_origin_too(server: LiveServer) -> None:
    r = httpx.post(
        server.url + "/sparql", data={"update": "CLEAR ALL"}, headers={"origin": "http://elsewhere.example"}
    )
    assert r.status_code == 401


def test_listed_origins_only() -> None:
    with live_server(OxigraphStore(None), cors_origins=("http://good.example",)) as s:
        good = httpx.get(s.url + "/sparql", params={"query": ASK}, headers={"origin": "http://good.example"})
        bad = httpx.get(s.url + "/sparql", params={"query": ASK}, headers={"origin": "http://bad.example"})
    assert good.headers["access-control-allow-origin"] == "http://good.example"
    assert "access-control-allow-origin" not in bad.headers


def test_cors_origins_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_CORS_ORIGINS", "https://a.example, https://b.example/")
    assert Settings.from_env().cors_origins == ("https://a.example", "https://b.example")
    monkeypatch.setenv("NEWSKG_CORS_ORIGINS", "none")
    assert Settings.from_env().cors_origins == ()
    monkeypatch.delenv("NEWSKG_CORS_ORIGINS")
    assert Settings.from_env().cors_origins == ("*",)
    monkeypatch.setenv("NEWSKG_CORS_ORIGINS", "a.example")
    with pytest.raises(ValueError, match="not an origin"):
        Settings.from_env()


PAGE = """<!doctype html><meta charset="utf-8"><title>elsewhere</title><pre id="out">…</pre><script>
const endpoint = "%(endpoint)s";
async function run() {
  const r = await fetch(endpoint, {method: "POST", headers: {"Content-Type": "application/sparql-query",
    "Accept": "application/sparql-results+json"}, body: "SELECT ?x { VALUES ?x { 1 2 3 } }"});
  const rows = (await r.json()).results.bindings.map(b => b.x.value).join(",");
  let write;
  try {
    await fetch(endpoint, {method: "POST", headers: {"Content-Type": "application/sparql-update",
      "Authorization": "Bearer %(token)s"}, body: "CLEAR ALL"});
    write = "sent";
  } catch (e) { write = "blocked"; }
  document.getElementById("out").textContent = rows + " " + write;
}
run();
</script>"""


@pytest.mark.browser
def test_a_page_on_another_origin_queries_the_endpoint(browser, server: LiveServer) -> None:  # noqa: F811
    html = (PAGE % {"endpoint": server.url + "/sparql", "token": TOKEN}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args) -> None:
            pass

    other = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{other.server_port}/")
        page.wait_for_function("document.getElementById('out').textContent !== '…'", timeout=20_000)
        assert page.text_content("#out") == "1,2,3 blocked"
        page.close()
    finally:
        other.shutdown()
