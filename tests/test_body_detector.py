"""The learned body detector: decoding, the shipped model, and real-looking trade-press pages end to end.

The pages in tests/fixtures/pages/ (written for these tests) carry every kind of Danish page furniture: a cookie
banner, breadcrumbs, a byline with its date, an inline "Læs også:" teaser, share buttons, a "Læser lige nu" box,
event promo cards, job listings, people news ("Navne"), a newsletter sign-up and a footer.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.extract.clean import BodyDetector
from graph.extract.clean.detector import HOLE_FREE, MODEL_PATH, NOT_BODY, _Trees, decode
from graph.ingest import annotate
from graph.model import Article
from tests.test_clean import PAGES, load_page

BYGGERI_ARTICLE = ["Hårbølle Entreprise", "Silkeborg", "Anders Vindum", "Birthe Kolind", "Dansk Byggeri"]
BYGGERI_FURNITURE = [
    "Byggeriets Dagblad", "Louise Damgaard", "Nordjylland", "Herning", "Østjylland", "Bygningskulturens Hus",
    "Aalborg", "Messecenter Vejen", "Kærsgaard Byg", "Randers", "Lysbro Tømrer", "Viborg", "Henrik Overby",
    "Nørrelund Beton", "Sanne Østergaard", "Fjordbyg",
]
ENERGY_ARTICLE = ["Carrow Power", "Tynedale", "Hexham", "Fiona Haldane", "Owen Pritchard", "North Sea"]
ENERGY_FURNITURE = [
    "Energy Markets Today", "Martin Elsworth", "Excel Centre", "London", "Brightwell Networks", "Leeds",
    "Ardmore Renewables", "Glasgow",
]


def page_doc(name: str, pipeline):
    text, spans = load_page(PAGES / name)
    return annotate(Article(text=text, origin=name), pipeline), text, spans


@pytest.mark.parametrize("name, article_names, furniture_names, headline, published", [
    ("da_fagblad_byggeri.txt", BYGGERI_ARTICLE, BYGGERI_FURNITURE,
     "Hårbølle Entreprise henter ordre på plejecentre i Silkeborg", "2026-01-14"),
    ("en_trade_press_energy.txt", ENERGY_ARTICLE, ENERGY_FURNITURE,
     "Carrow Power signs battery deal with Tynedale council", "2026-03-09"),
])
def test_trade_press_page_end_to_end(pipeline, name, article_names, furniture_names, headline, published):
    doc, text, spans = page_doc(name, pipeline)
    out = doc.to_json()
    found = {e["text"] for e in out["entities"]}
    for wanted in article_names:
        assert any(f == wanted or f.startswith(wanted + " ") for f in found), f"{wanted!r} not whole in {found}"
    leaked = [n for n in furniture_names if any(n in f or f in n.split() for f in found)]
    assert not leaked, f"furniture names attached to the article: {leaked}"
    assert out["title"] == headline  # the headline, not the masthead on the first line
    assert out["published"] == published  # from the byline's date
    body = out["body_text"]
    for start, end, mark in spans:
        line = text[start:end]
        if mark == "F":
            assert line not in body, f"furniture in body_text: {line!r}"
        elif line != headline:
            assert line in body, f"article line missing from body_text: {line!r}"
    dropped = " ".join(d["text"] for d in out["dropped"])
    assert all(n in dropped for n in furniture_names)  # kept as dropped spans, with their reasons


def test_body_text_is_the_text_the_graph_is_built_from(pipeline):
    doc, _, _ = page_doc("da_fagblad_byggeri.txt", pipeline)
    body = doc.body_text()
    for m in doc.mentions:
        assert m.text in body
        assert doc.in_body(m.start, m.end)


def test_decode_gives_one_stretch_with_free_holes_for_rule_lines():
    p = np.array([0.1, 0.9, 0.9, 0.2, 0.9, 0.1, 0.1])
    rules = [0, 0, 0, HOLE_FREE, 0, 0, 0]
    assert decode(p, hole_cost=5.0, shift=0.0, rules=rules) == [0, 1, 1, 2, 1, 3, 3]
    # Without the rules' word, one weak line inside is not worth a hole at that cost: it stays in the body.
    assert decode(p, hole_cost=5.0, shift=0.0, rules=[0] * 7) == [0, 1, 1, 1, 1, 3, 3]


def test_decode_ends_the_article_at_a_headed_section():
    p = np.array([0.9, 0.9, 0.3, 0.99, 0.99])
    rules = [0, 0, NOT_BODY, 0, 0]
    states = decode(p, hole_cost=0.0, shift=0.0, rules=rules)
    assert states[2] != 1 and states[2] != 2  # never body, never a hole: the article is on one side of it
    assert states.count(1) >= 2


def test_decode_bridges_a_headed_box_inside_the_article_at_its_cost():
    # "Advertisement" / "Related stories" between two stretches of the article: with a section cost the article
    # goes on around the box (a hole); without one (infinite, the decoder before) it ends at the box.
    p = np.array([0.1, 0.95, 0.95, 0.05, 0.05, 0.95, 0.95, 0.95, 0.1])
    rules = [0, 0, 0, NOT_BODY, NOT_BODY, 0, 0, 0, 0]
    bridged = decode(p, hole_cost=1.0, shift=0.0, rules=rules, section_cost=1.0)
    assert bridged == [0, 1, 1, 2, 2, 1, 1, 1, 3]
    ended = decode(p, hole_cost=1.0, shift=0.0, rules=rules)
    assert ended.count(1) == 3 and 2 not in ended
    # A box is worth bridging only when enough article follows it.
    short_tail = np.array([0.1, 0.95, 0.95, 0.95, 0.05, 0.05, 0.7, 0.1])
    assert decode(short_tail, 1.0, 0.0, [0, 0, 0, 0, NOT_BODY, NOT_BODY, 0, 0], section_cost=4.0)[6] != 1


def test_clean_article_is_all_body():
    text = ("Vindmøller på havet skal give strøm til en halv million husstande\n\n"
            "Energistyrelsen har givet tilladelse til en ny havvindmøllepark ud for Djursland, oplyser styrelsen.\n"
            "Parken får plads til 70 møller og skal stå færdig i 2029, hvis tidsplanen holder.\n"
            "Projektet koster ca. 9 mia. kr., og staten betaler ikke noget af regningen.")
    detection = BodyDetector.load().detect(text)
    assert len(detection.body) >= 3
    assert detection.body == list(range(detection.body[0], detection.body[-1] + 1))


def test_model_must_match_the_features(tmp_path: Path):
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model["features"] = model["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        BodyDetector.load(path)


def test_tree_stage_sums_the_leaves_each_line_reaches():
    # Two stumps and a tree of depth 2, written by hand: x0 <= 0.5 ? -1 : +1; x1 <= 2 ? 0.5 : -0.5; and
    # x0 <= 0.5 ? (x1 <= 1 ? 0.2 : 0.4) : 0.3.
    stump0 = {"feature": [0, 0, 0], "threshold": [0.5, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
              "value": [0, -1.0, 1.0]}
    stump1 = {"feature": [1, 0, 0], "threshold": [2.0, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
              "value": [0, 0.5, -0.5]}
    deep = {"feature": [0, 1, 0, 0, 0], "threshold": [0.5, 1.0, 0, 0, 0], "left": [1, 3, -1, -1, -1],
            "right": [2, 4, -1, -1, -1], "value": [0, 0, 0.3, 0.2, 0.4]}
    trees = _Trees({"kind": "trees", "depth": 2, "bias": 0.1, "trees": [stump0, stump1, deep]})
    x = np.array([[0.0, 0.0], [0.0, 1.5], [1.0, 3.0], [0.5, 2.0]])
    expected = np.array([0.1 - 1 + 0.5 + 0.2, 0.1 - 1 + 0.5 + 0.4, 0.1 + 1 - 0.5 + 0.3, 0.1 - 1 + 0.5 + 0.4])
    assert np.allclose(trees.raw(x), expected)


def test_shipped_model_is_small_and_trained_on_real_pages():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert MODEL_PATH.stat().st_size < 200_000  # trees and stopword lists, not a download
    assert model["stages"][0]["kind"] == "trees"
    assert model["training"]["pages"] >= 90
    assert {"da", "en"} <= set(model["stopwords"])


def test_extract_prints_body_text_and_a_readable_id(tmp_path: Path):
    text, _ = load_page(PAGES / "da_fagblad_byggeri.txt")
    page = tmp_path / "byggeri-side.txt"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(page)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["id"] == "byggeri-side"
    assert "Entreprenørfirmaet Hårbølle Entreprise A/S har vundet" in out["body_text"]
    assert "Byggeriets Dagblad" not in out["body_text"]
    assert "Ansøgningsfrist" not in out["body_text"]
    assert {d["reason"] for d in out["dropped"]} >= {"teaser", "event-listing", "job-ad", "people-news",
                                                     "newsletter", "cookie", "byline", "share"}


def test_extract_keeps_json_lines_ids(tmp_path: Path):
    text, _ = load_page(PAGES / "en_trade_press_energy.txt")
    records = tmp_path / "pages.jsonl"
    records.write_text(json.dumps({"id": "energy-1", "text": text}) + "\n" + json.dumps({"text": text}) + "\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(records)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip()]
    # The given id is kept; a record without one gets the id `ingest` stores it under (derived from its content).
    stored = CliRunner().invoke(app, ["ingest", str(records), "--store", str(tmp_path / "kg"), "-q"])
    assert stored.exit_code == 0, stored.output
    articles = "SELECT ?id WHERE { ?a a <https://schema.org/NewsArticle> ; <https://schema.org/identifier> ?id }"
    listed = CliRunner().invoke(app, ["query", articles, "--store", str(tmp_path / "kg"), "--format", "csv"])
    assert ids[0] == "energy-1" and sorted(ids) == sorted(listed.stdout.split()[1:])
