"""The visual explorer's pages: a view drawn with vis-network (pyvis's bundled copy), and the search page.

The API serves vis-network itself (`asset_bytes`); a page written for offline use (`render_html(..., inline=True)`)
carries it inline. No page names a CDN.
"""
from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graph.analysis.labels import count_noun
from graph.viz.views import GROUPS, RELATIONS, group_of

ASSETS = "assets"
VENDOR_JS = "vis-network.min.js"  # pyvis's bundled vis-network 9.1.2


def _asset_dir() -> Path:
    return Path(str(resources.files("graph.viz") / ASSETS))


@cache
def asset_bytes(name: str) -> bytes:
    """A file the pages need: our own JS/CSS from graph/viz/assets, or pyvis's bundled vis-network.
    Raises KeyError for any other name."""
    if name == VENDOR_JS:
        return (Path(str(resources.files("pyvis"))) / "lib" / "vis-9.1.2" / VENDOR_JS).read_bytes()
    if name in ("viz.js", "viz.css"):
        return (_asset_dir() / name).read_bytes()
    raise KeyError(name)


def _template(name: str) -> str:
    return (_asset_dir() / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    # Inside <script>, "</" would end the element early; "\u003c/" is the same string to JSON.
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("</", "\\u003c/")
        .replace("<!--", "\\u003c!--")
    )


def _legend_data() -> dict[str, Any]:
    return {"groups": GROUPS, "relations": RELATIONS}


def _scripts(inline: bool, base: str) -> str:
    if inline:
        vendor = asset_bytes(VENDOR_JS).decode("utf-8").replace("</script", "<\\/script")
        ours = asset_bytes("viz.js").decode("utf-8")
        return f"<script>{vendor}</script>\n<script>{ours}</script>"
    return f'<script src="{base}/viz/assets/{VENDOR_JS}"></script>\n<script src="{base}/viz/assets/viz.js"></script>'


def _style(inline: bool, base: str) -> str:
    if inline:
        return f"<style>{asset_bytes('viz.css').decode('utf-8')}</style>"
    return f'<link rel="stylesheet" href="{base}/viz/assets/viz.css">'


def _nav(base: str) -> str:
    """Links to the server's other pages; a saved page has no server, so no links."""
    return (
        '<nav class="links" aria-label="Other pages">'
        f'<a id="query-link" href="{base}/query" title="Ask the graph in SPARQL">Query</a>'
        f'<a id="docs-link" href="{base}/docs" title="The HTTP API">API docs</a>'
        "</nav>"
    )


def _page(title: str, body: str, *, inline: bool, base: str, scripts: bool, offline: bool | None = None) -> str:
    offline = inline if offline is None else offline
    return (
        _template("page.html")
        .replace("{{TITLE}}", html.escape(title))
        .replace("{{STYLE}}", _style(inline, base))
        .replace("{{HOME}}", "#" if offline else f"{base}/viz")
        .replace("{{SEARCH_ACTION}}", f"{base}/viz/search")
        .replace("{{SEARCH_DISABLED}}", "disabled" if offline else "")
        .replace("{{NAV}}", "" if offline else _nav(base))
        .replace("{{BODY}}", body)
        .replace("{{SCRIPTS}}", _scripts(inline, base) if scripts else "")
    )


def render_html(
    subgraph: dict[str, Any], title: str, *, inline: bool = True, base: str = "", offline: bool | None = None
) -> str:
    """A page drawing the subgraph: legend, filters, evidence panel, 'show more' and expand.

    inline=True carries every script and style in the page; inline=False loads them from the API that serves the
    page (`base`). offline (default: the same as inline) is a page for a file opened with no server
    (`newskg viz --out`): its links to other views and its 'show more' are then inert.
    """
    offline = inline if offline is None else offline
    config = {"data": subgraph, "legend": _legend_data(), "api": None if offline else base, "offline": offline}
    body = _template("graph.html").replace("{{CONFIG}}", _json_for_script(config))
    return _page(title, body, inline=inline, base=base, scripts=True, offline=offline)


def search_page_html(
    q: str,
    results: dict[str, list[dict[str, Any]]] | None,
    base: str = "",
    message: str | None = None,
    path_form: tuple[str, str] | None = None,
) -> str:
    """The search page: a box, and entities and articles matching q with links to their views.
    With `path_form`, also a form asking for the two ends of a path."""
    parts = []
    if path_form is not None:
        a, b = (html.escape(x, quote=True) for x in path_form)
        parts.append(
            f'<h2>Path between two entities</h2><form id="path-form" action="{base}/viz/path" method="get">'
            '<div class="form-row"><label for="from">From</label>'
            f'<input id="from" name="from" value="{a}" placeholder="entity id, e.g. person-…" required></div>'
            '<div class="form-row"><label for="to">To</label>'
            f'<input id="to" name="to" value="{b}" placeholder="entity id" required></div>'
            '<button type="submit">Find path</button></form><p class="muted">Search below for the ids.</p>'
        )
    if message:
        parts.append(f'<p class="message">{html.escape(message)}</p>')
    if results is not None:
        ents, arts = results["entities"], results["articles"]
        if not ents and not arts:
            parts.append(f"<p>Nothing matches <b>{html.escape(q)}</b>.</p>")
        if ents:
            items = "".join(
                f'<li><span class="swatch" style="background:{GROUPS[group_of(e["type"])]["color"]}"></span>'
                f'<a href="{base}/viz/entity/{html.escape(e["id"], quote=True)}">{html.escape(e["label"])}</a> '
                f'<span class="muted">{html.escape(e["type"])}, {count_noun(e["articles"], "article")}</span></li>'
                for e in ents
            )
            parts.append(f'<h2>Entities</h2><ul class="results" id="entity-results">{items}</ul>')
        if arts:
            items = "".join(
                f'<li><a href="{base}/viz/article/{html.escape(a["id"], quote=True)}">{html.escape(a["title"])}</a> '
                f'<span class="muted">{html.escape(a["date"] or "")}</span></li>'
                for a in arts
            )
            parts.append(f'<h2>Articles</h2><ul class="results" id="article-results">{items}</ul>')
    elif path_form is None:
        parts.append(
            "<p>Find a person, organisation, place, event or article by name, then open its graph. "
            "Click a node for the sentences behind it; expand or re-centre from there.</p>"
        )
    body = (
        '<main class="search-page">'
        f'<form class="big-search" action="{base}/viz/search" method="get">'
        f'<input type="search" name="q" value="{html.escape(q or "", quote=True)}" '
        'placeholder="Name or headline" autofocus>'
        '<button type="submit">Search</button></form>'
        f"{''.join(parts)}"
        f'<p class="muted">Also: <a href="{base}/viz/storyline">storylines</a>, '
        f'<a href="{base}/viz/path">path between two entities</a>.</p>'
        "</main>"
    )
    return _page("newskg: explore the news graph", body, inline=False, base=base, scripts=False)
