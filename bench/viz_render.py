"""How fast a 1,000-node view becomes usable in Chromium: physics stabilised, the drawing still.

Builds a synthetic store (one much-covered entity, hundreds of articles naming it and a pool of other entities),
serves it on 127.0.0.1, opens /viz/entity/<hub>?limit=1000 in Debian's headless Chromium and waits for
vis-network's `stabilizationIterationsDone`. Prints, per run and as the median:
  server_ms   building the view (SPARQL + evidence) and the page, measured in the server
  page_ms     from navigation start to physics stabilised (what a journalist waits for), the target is 3,000
  physics_ms  from our script starting to physics stabilised

Usage: python bench/viz_render.py [--runs 3] [--nodes 1000]
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402

from api.app import create_app  # noqa: E402
from graph.model import Article, Doc, Entity, Mention, Sentence  # noqa: E402
from graph.rdf.mapping import map_doc  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store.oxigraph import OxigraphStore  # noqa: E402
from graph.viz.views import entity_subgraph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
TYPES = ["Person", "Organization", "Company", "Place", "Country"]
FIRST = ["Ana", "Bo", "Carl", "Dina", "Emil", "Freja", "Gustav", "Hanne", "Ivar", "Jens", "Kirsten", "Lars", "Mona"]
LAST = ["Aagaard", "Bech", "Dahl", "Eskildsen", "Friis", "Holm", "Juhl", "Krogh", "Lund", "Moos", "Nyborg", "Ravn"]
HUB = "person-hub-minister"


def synthetic_docs(articles: int, pool: int, per_article: int, seed: int = 7) -> list[Doc]:
    """`articles` articles each naming the hub and `per_article` entities drawn from a pool with a long tail."""
    rng = random.Random(seed)
    ents = [Entity(HUB, "Person", "Hub Minister")]
    for i in range(pool):
        t = TYPES[i % len(TYPES)]
        name = (
            f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}" if t == "Person" else f"{t} Number {i}"
        )
        ents.append(Entity(f"{t.lower()[:6]}-n{i}", t, name))
    docs = []
    for a in range(articles):
        # Zipf-like choice: a few entities in many articles, most in one or two.
        chosen = {
            min(pool - 1, int(rng.paretovariate(0.7)) - 1 + rng.randrange(0, pool // 3) * (rng.random() < 0.6))
            for _ in range(per_article)
        }
        named = [ents[0]] + [ents[1 + c] for c in sorted(chosen)]
        sentences, mentions, text = [], [], ""
        for k, e in enumerate(named):
            s = f"{e.label} was named in report {a} about the harbour deal, sentence {k}."
            start = len(text)
            sentences.append(Sentence(start, start + len(s), s))
            mentions.append(
                Mention(start, start + len(e.label), e.label, e.type, e.id, e.label, sentence=k, source="bench")
            )
            text += s + " "
        text = text.rstrip()
        day = f"2026-{1 + a % 12:02d}-{1 + a % 28:02d}"
        doc = Doc(
            Article(
                text=text,
                id=f"bench-{a}",
                title=f"Harbour deal, part {a}",
                published=day,
                source="Benchposten",
                lang="en",
            ),
            text,
            lang="en",
        )
        doc.sentences, doc.mentions, doc.body = sentences, mentions, (0, len(text))
        doc.entities = {e.id: e for e in named}
        docs.append(doc)
    return docs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--nodes", type=int, default=1000)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    store = OxigraphStore(None)
    t = time.perf_counter()
    docs = synthetic_docs(articles=args.nodes, pool=args.nodes * 3, per_article=8)
    store.replace_articles([map_doc(d) for d in docs])
    print(f"store: {len(docs)} articles, {store.count_quads()} quads in {time.perf_counter() - t:.1f}s")

    t = time.perf_counter()
    view = entity_subgraph(store, HUB, limit=args.nodes)
    print(
        f"view: {len(view['nodes'])} nodes, {len(view['edges'])} edges of {view['total_nodes']} "
        f"(truncated: {view['truncated']}), built in {1000 * (time.perf_counter() - t):.0f} ms"
    )

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(store="memory:"), store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}/viz/entity/{HUB}?limit={args.nodes}"

    page_ms, physics_ms, server_ms = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for run in range(args.runs):
                # A fresh context each run: nothing cached, as for a first visit.
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                foreign: list[str] = []
                ctx.route(
                    "**/*",
                    lambda r, foreign=foreign: (
                        (foreign.append(r.request.url), r.abort())
                        if "127.0.0.1" not in r.request.url
                        else r.continue_()
                    ),
                )
                t = time.perf_counter()
                response = page.goto(url)
                server_ms.append(1000 * (time.perf_counter() - t))
                page.wait_for_function("window.newskgViz && window.newskgViz.ready === true", timeout=60_000)
                got = page.evaluate(
                    "[window.newskgViz.sinceNavigationMs, window.newskgViz.stabilizedMs, "
                    "window.newskgViz.counts(), window.newskgViz.timings]"
                )
                assert response.status == 200 and not foreign, foreign
                page_ms.append(got[0])
                physics_ms.append(got[1])
                print(
                    f"run {run + 1}: page {got[0]:.0f} ms, physics {got[1]:.0f} ms, "
                    f"{got[2]['nodes']} nodes / {got[2]['edges']} edges drawn, {got[3]}"
                    f", response {server_ms[-1]:.0f} ms"
                )
                if run == 0:
                    shot = ROOT / "test-artifacts" / "viz-1000.png"
                    shot.parent.mkdir(exist_ok=True)
                    page.screenshot(path=str(shot))
                ctx.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print(
        f"median over {args.runs} runs: page_ms={statistics.median(page_ms):.0f} (target 3000) "
        f"physics_ms={statistics.median(physics_ms):.0f} response_ms={statistics.median(server_ms):.0f}"
    )


if __name__ == "__main__":
    main()
