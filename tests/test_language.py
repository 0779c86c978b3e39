"""Language: the input's code when known, else lingua detection on the body; never a crash."""
from __future__ import annotations

import pytest

from graph.extract.language import UNDETERMINED, body_sample, detect_language, make_language, normalise_code
from graph.model import Article, Doc, Dropped

PARAGRAPHS = {
    "da": "Regeringen vil hæve afgiften på cigaretter, så en pakke kommer til at koste 90 kroner. Det skal få færre "
          "unge til at begynde at ryge, siger sundhedsministeren, som håber på et bredt flertal i Folketinget.",
    "nb": "Regjeringen vil øke avgiften på sigaretter, slik at en pakke kommer til å koste 150 kroner. Det skal få "
          "færre unge til å begynne å røyke, sier helseministeren, som håper på et bredt flertall på Stortinget.",
    "sv": "Regeringen vill höja skatten på cigaretter så att ett paket kommer att kosta 90 kronor. Det ska få färre "
          "unga att börja röka, säger sjukvårdsministern, som hoppas på en bred majoritet i riksdagen.",
    "de": "Die Regierung will die Steuer auf Zigaretten erhöhen, sodass eine Packung künftig zwölf Euro kostet. Das "
          "soll weniger junge Menschen zum Rauchen bringen, sagt der Gesundheitsminister.",
    "en": "The government wants to raise the tax on cigarettes so that a pack will cost fifteen pounds. It should "
          "stop young people from starting to smoke, the health minister says.",
    "nl": "De regering wil de belasting op sigaretten verhogen, zodat een pakje twaalf euro gaat kosten. Dat moet "
          "jongeren ervan weerhouden te beginnen met roken, zegt de minister van volksgezondheid.",
}

# Shorter everyday news sentences where Danish, Norwegian and Swedish are easy to confuse.
SCANDINAVIAN = {
    "da": "Politiet efterlyser vidner til et røveri i en kiosk i Odense natten til søndag.",
    "nb": "Politiet etterlyser vitner etter et ran i en kiosk i Bergen natt til søndag.",
    "sv": "Polisen söker vittnen efter ett rån i en kiosk i Göteborg natten till söndag.",
}


def run(text: str, lang: str | None = None, **doc_fields) -> Doc:
    doc = Doc(article=Article(text=text, lang=lang), text=text, **doc_fields)
    return make_language()(doc)


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_detects_paragraphs(code: str) -> None:
    assert run(PARAGRAPHS[code]).lang == code


@pytest.mark.parametrize("code", sorted(SCANDINAVIAN))
def test_tells_scandinavian_languages_apart(code: str) -> None:
    assert detect_language(SCANDINAVIAN[code]) == code


@pytest.mark.parametrize("text, expected", [
    ("政府计划提高香烟税，以减少年轻吸烟者。", "zh"),
    ("تريد الحكومة رفع الضريبة على السجائر لتقليل عدد المدخنين الشباب.", "ar"),
    ("Правительство хочет повысить налог на сигареты.", "ru"),
    ("Η κυβέρνηση θέλει να αυξήσει τον φόρο στα τσιγάρα.", "el"),
    ("รัฐบาลต้องการขึ้นภาษีบุหรี่", "und"),  # Thai is not among the languages: nothing to say
])
def test_other_scripts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   \n\t", "1234 5678 90", "12.05.2025 – 14:30", "!!! ??? ...", "\x00\x01"])
def test_nothing_to_say_is_undetermined(text: str) -> None:
    assert run(text).lang == UNDETERMINED


def test_given_language_wins() -> None:
    assert run(PARAGRAPHS["en"], lang="da").lang == "da"
    assert run(PARAGRAPHS["en"], lang="da-DK").lang == "da"
    assert run(PARAGRAPHS["da"], lang="DAN").lang == "da"


@pytest.mark.parametrize("bad", ["", "xx", "klingon", "12", "zz-ZZ"])
def test_unknown_given_code_falls_back_to_detection(bad: str) -> None:
    assert run(PARAGRAPHS["sv"], lang=bad).lang == "sv"


def test_normalise_code() -> None:
    assert normalise_code("en_GB") == "en"
    assert normalise_code("no") == "nb"
    assert normalise_code("nob") == "nb"
    assert normalise_code(None) is None
    assert normalise_code("xx") is None


def test_only_the_body_is_looked_at() -> None:
    # An English article with a long Danish job listing after it is English.
    article = PARAGRAPHS["en"]
    furniture = "\n\nLedige stillinger\n" + PARAGRAPHS["da"] * 5
    text = article + furniture
    doc = run(text, body=(0, len(article)), dropped=[Dropped(len(article) + 2, len(text), "job-ad")])
    assert doc.lang == "en"


def test_dropped_block_inside_body_is_skipped() -> None:
    text = PARAGRAPHS["da"] + "\n" + PARAGRAPHS["en"] * 3 + "\n" + PARAGRAPHS["da"]
    inside = text.index(PARAGRAPHS["en"])
    doc = Doc(article=Article(text=text), text=text, body=(0, len(text)),
              dropped=[Dropped(inside, inside + len(PARAGRAPHS["en"]) * 3, "promo")])
    assert "government" not in body_sample(doc)
    assert make_language()(doc).lang == "da"


def test_sample_is_capped() -> None:
    text = PARAGRAPHS["da"] * 100
    doc = Doc(article=Article(text=text), text=text, body=(0, len(text)))
    assert len(body_sample(doc)) <= 1000
    assert len(body_sample(doc, 300)) <= 300


def test_bad_config_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="sample_chars"):
        make_language(sample_chars=0)


def test_every_paragraph_of_the_project_samples() -> None:
    """Each paragraph (60+ characters) of graph/samples/articles.jsonl is in the article's language."""
    import json
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "graph" / "samples" / "articles.jsonl"
    wrong = []
    for line in samples.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        for paragraph in article["text"].split("\n\n"):
            if len(paragraph) >= 60 and detect_language(paragraph) != article["lang"]:
                wrong.append((article["id"], paragraph[:60]))
    assert wrong == []


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_an_unsure_first_glance_reads_the_whole_sample(code: str, monkeypatch) -> None:
    from graph.extract import language

    class Unsure:
        def detect_language_of(self, text: str):
            return None

    real = language._get_detector
    monkeypatch.setattr(language, "_get_detector", lambda kind: Unsure() if kind == "glance" else real(kind))
    assert detect_language(PARAGRAPHS[code]) == code
