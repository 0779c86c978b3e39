"""Messy pages end to end (the `newskg extract` code path): the article's entities are found, and nothing from
the page furniture (teasers, event listings, job ads, people news, newsletters) is attached to the article."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest import annotate
from graph.readers import read_file

PAGES = Path(__file__).resolve().parents[1] / "graph" / "samples" / "pages"

DA_ARTICLE = ["Vestkyst Vind", "Karen Holm Lindqvist", "Esbjerg", "Shenlan Wind Technology", "Mikkel Brandt"]
DA_FURNITURE = [
    "Pia Rosenkvist",
    "Thorsø Mejeri",
    "Vejle",
    "Gitte Mølgaard",
    "Sønderborg",
    "Alstrup Elektronik",
    "Torben Lauridsen",
    "Fanø",
    "Kolding Kammerkor",
    "Christianskirken",
    "Kolding",
    "Ejnar Holst",
    "Limfjorden",
    "Randers Bibliotek",
    "Viborg",
    "Brandholm Logistik",
    "Horsens",
    "Klitgaard Køleteknik",
    "Herning",
    "Tårnborg Revision",
    "Holstebro",
    "Ingrid Søndergaard",
    "Skive",
    "Østre Skole",
    "Bent Overgaard",
    "Hjortebro Skole",
    "Nørresundby",
    "Mathias Krog",
    "Brobjerg Idrætsforening",
    "Tønder",
]
EN_ARTICLE = [
    "Harcourt Devices",
    "Sarah Whitlock",
    "Solvang Medical",
    "Brenner Akustik",
    "Minneapolis",
    "Jens Aagaard",
    "Odense",
]
EN_FURNITURE = [
    "Antwerp",
    "Carrick & Finlay",
    "Glasgow",
    "Elmstead Capital",
    "Priya Raman",
    "Lisbon",
    "Azulejo Data",
    "Nordfjell Seafood",
    "Oslo",
    "Rotterdam",
    "Graham Pryce",
    "Thornbury Partners",
    "Leeds",
    "Kestrel Freight",
    "Ashcombe Mutual",
    "Edinburgh",
]


def extracted(name: str, pipeline) -> tuple[str, set[str], set[str]]:
    [article] = read_file(PAGES / name)
    doc = annotate(article, pipeline)
    out = doc.to_json()
    found = {e["text"] for e in out["entities"]} | {e["label"] for e in out["entities"] if e["label"]}
    return doc.lang, found, {e["label"] for e in out["entities"]}


@pytest.mark.parametrize(
    "name, lang, article_names, furniture_names",
    [
        ("da-side-med-stoej.txt", "da", DA_ARTICLE, DA_FURNITURE),
        ("en-page-with-clutter.html", "en", EN_ARTICLE, EN_FURNITURE),
    ],
)
def test_article_entities_without_furniture(pipeline, name, lang, article_names, furniture_names):
    detected, found, labels = extracted(name, pipeline)
    assert detected == lang
    missing = [n for n in article_names if not any(n in f for f in found)]
    assert not missing, f"article entities not found: {missing}"
    leaked = [n for n in furniture_names if any(n in f for f in found)]
    assert not leaked, f"furniture entities attached to the article: {leaked}"


def test_dropped_furniture_is_listed_with_reasons(pipeline):
    [article] = read_file(PAGES / "da-side-med-stoej.txt")
    out = annotate(article, pipeline).to_json()
    reasons = {d["reason"] for d in out["dropped"]}
    assert {"teaser", "event-listing", "job-ad", "people-news", "newsletter"} <= reasons
