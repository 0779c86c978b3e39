"""The ids in IRIs are quoted as `urllib.parse.quote(id, safe="")` does, whichever path the quoting takes."""
from __future__ import annotations

import random
from urllib.parse import quote

from graph.rdf.iris import _quote, entity_iri, graph_iri, node_iri

ALPHABET = "abcXYZ019_.-~ /:%?#+æøåé’\u0000\ud7ff"


def test_quote_matches_urllib_on_random_ids() -> None:
    rng = random.Random(16)
    for _ in range(20_000):
        part = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 10)))
        assert _quote(part) == quote(part, safe="")


def test_iris_of_plain_and_escaped_ids() -> None:
    assert graph_iri("bbc-business-001").endswith("/bbc-business-001")
    assert entity_iri("org-a/s").endswith("/org-a%2Fs")
    assert node_iri("mention", "a b", "3-9").endswith("/a%20b/3-9")
