"""Training a spaCy NER from CoNLL/IOB files, and the optional statistical layer that uses the result.

The IOB files in tests/fixtures/ner are made-up sentences written for these tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.pipeline import Pipeline, PipelineError
from graph.extract.statistical import ENV_VAR, StatisticalModelError, make_statistical
from graph.extract.train import TrainingDataError, read_conll, to_iob2
from graph.model import Article, Doc, Mention

NER = Path(__file__).parent / "fixtures" / "ner"
TRAIN, DEV, CONLL = NER / "train_da.iob", NER / "dev_da.iob", NER / "en_conll2003.txt"


# -- reading, no spaCy needed ------------------------------------------------------------------------------------

def test_reads_iob2_tab_format() -> None:
    corpus = read_conll(TRAIN)
    assert corpus.format == "iob2"
    assert len(corpus.sentences) == 16
    first = corpus.sentences[0]
    assert first.words[:2] == ["Mette", "Holm"]
    assert first.tags[:2] == ["B-PER", "I-PER"]
    assert corpus.labels == {"PER", "ORG", "LOC"}


def test_reads_conll2003_with_docstart_and_iob1() -> None:
    corpus = read_conll(CONLL)
    assert corpus.format == "conll2003"
    assert len(corpus.sentences) == 3  # -DOCSTART- lines are not sentences
    assert corpus.sentences[0].tags == ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]
    # IOB1: "B-ORG" right after an ORG starts a second organisation.
    assert corpus.sentences[1].tags == ["B-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "O"]


def test_to_iob2() -> None:
    assert to_iob2(["I-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG"]) == \
        ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "B-ORG"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "no sentences"),
        ("\n\n\t\n", "no sentences"),
        ("Mette\tB-PER\nHolm\n", r":2: expected 'token<TAB>tag'"),
        ("Mette\tB-PER\nHolm\tPERSON\n", r":2: bad NER tag 'PERSON'"),
        ("Mette\tB-PER\n\nTom NNP I-NP I-PER\n", r":3: 4 columns, but the file's first token line has 2"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.iob"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(TrainingDataError, match=message) as error:
        read_conll(bad)
    assert "bad.iob" in str(error.value)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="file not found"):
        read_conll(tmp_path / "nope.iob")
    binary = tmp_path / "binary.iob"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(TrainingDataError, match="not UTF-8"):
        read_conll(binary)


# -- training and using the model (spaCy) ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    pytest.importorskip("spacy")
    from graph.extract.train import train_ner

    out = tmp_path_factory.mktemp("model") / "da-ner"
    # Trained and scored on the same tiny set: this checks the machinery and that the model learns, not quality.
    return train_ner(TRAIN, TRAIN, "da", out, epochs=12), out


def test_train_two_epochs_on_dev(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from graph.extract.train import train_ner

    out = tmp_path / "model"
    seen: list[dict] = []
    scores = train_ner(TRAIN, DEV, "da", out, epochs=2, progress=seen.append)
    assert [e["epoch"] for e in scores["epochs"]] == [1, 2]
    assert seen == scores["epochs"]
    assert scores["best_epoch"] in (1, 2)
    assert scores["train_sentences"] == 16 and scores["dev_sentences"] == 4
    assert scores["labels"] == ["LOC", "ORG", "PER"]
    for key in ("p", "r", "f"):
        assert 0.0 <= scores[key] <= 1.0
    assert (out / "meta.json").exists() and (out / "ner").is_dir()


def test_trained_model_learns_and_per_type_scores(trained: tuple[dict, Path]) -> None:
    scores, _ = trained
    assert scores["f"] > 0.5
    assert set(scores["per_type"]) <= {"PER", "ORG", "LOC"}
    assert scores["per_type"], "per-type scores missing"
    for values in scores["per_type"].values():
        assert set(values) == {"p", "r", "f"}


def test_training_errors(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from graph.extract.train import train_ner

    with pytest.raises(TrainingDataError, match="unknown spaCy language code 'xx-nope'"):
        train_ner(TRAIN, DEV, "xx-nope", tmp_path / "m", epochs=1)
    with pytest.raises(TrainingDataError, match="epochs"):
        train_ner(TRAIN, DEV, "da", tmp_path / "m", epochs=0)
    only_o = tmp_path / "o.iob"
    only_o.write_text("Det\tO\nregner\tO\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="no entity tags"):
        train_ner(only_o, DEV, "da", tmp_path / "m", epochs=1)
    with pytest.raises(TrainingDataError, match="missing.iob: file not found"):
        train_ner(TRAIN, tmp_path / "missing.iob", "da", tmp_path / "m", epochs=1)


def _doc(text: str, mentions: list[Mention] | None = None) -> Doc:
    from graph.extract.sentences import make_sentences

    doc = Doc(article=Article(text=text), text=text, body=(0, len(text)), mentions=mentions or [])
    return make_sentences()(doc)


def test_statistical_adds_spacy_mentions_without_duplicates(trained: tuple[dict, Path]) -> None:
    _, model = trained
    component = make_statistical(model=str(model))
    text = "Mette Holm arbejder hos Vestkyst Energi i Esbjerg. Jens Bach bor i Aarhus."
    rule_found = Mention(start=0, end=10, text="Mette Holm", type="Person", source="rules")
    doc = component(_doc(text, [rule_found]))
    spacy_mentions = [m for m in doc.mentions if m.source == "spacy"]
    assert spacy_mentions, "the trained model found nothing in a training sentence"
    assert doc.mentions[0] is rule_found
    assert not any(m.start < 10 for m in spacy_mentions), "overlaps the rule-based mention"
    for m in spacy_mentions:
        assert m.type in {"Person", "Organization", "Place"}
        assert text[m.start:m.end] == m.text
        assert m.sentence == doc.sentence_at(m.start)
    assert [m.start for m in doc.mentions] == sorted(m.start for m in doc.mentions)


def test_statistical_reads_body_only(trained: tuple[dict, Path]) -> None:
    _, model = trained
    text = "Mette Holm bor i Aarhus.\n\nJens Bach bor i Aarhus."
    doc = _doc(text)
    doc.body = (0, text.index("\n"))
    doc = make_statistical(model=str(model))(doc)
    assert all(m.end <= doc.body[1] for m in doc.mentions)


def test_statistical_only_reads_articles_in_its_language(trained: tuple[dict, Path]) -> None:
    _, model = trained
    text = "Mette Holm arbejder hos Vestkyst Energi i Esbjerg."
    danish = make_statistical(model=str(model))
    english_doc = _doc(text)
    english_doc.lang = "en"
    assert danish(english_doc).mentions == []
    danish_doc = _doc(text)
    danish_doc.lang = "da"
    assert danish(danish_doc).mentions
    per_language = make_statistical(model=f"da={model}")
    assert per_language(english_doc).mentions == []
    danish_doc = _doc(text)
    danish_doc.lang = "da"
    assert per_language(danish_doc).mentions


def test_parse_models() -> None:
    from graph.extract.statistical import parse_models

    assert parse_models("da_core_news_md") == {None: "da_core_news_md"}
    assert parse_models("da=models/da, en=en_core_web_sm") == {"da": "models/da", "en": "en_core_web_sm"}
    assert parse_models({"da": "x"}) == {"da": "x"}
    with pytest.raises(StatisticalModelError, match="lang=model"):
        parse_models("da=models/da,en")


def test_statistical_env_var_and_default_pipeline(trained: tuple[dict, Path], monkeypatch) -> None:
    from graph.services import build_pipeline
    from graph.settings import Settings

    _, model = trained
    monkeypatch.setenv(ENV_VAR, str(model))
    assert "statistical" not in Pipeline.default().names  # only Settings.from_env reads the variable
    pipeline = build_pipeline(Settings.from_env())
    assert pipeline.names[pipeline.names.index("mentions") + 1] == "statistical"
    monkeypatch.delenv(ENV_VAR)
    assert "statistical" not in build_pipeline(Settings.from_env()).names


def test_statistical_configuration_errors(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(StatisticalModelError, match=ENV_VAR):
        make_statistical()
    with pytest.raises(PipelineError, match="does not exist"):
        make_statistical(model=str(tmp_path / "no-such-model"))
    pytest.importorskip("spacy")
    with pytest.raises(StatisticalModelError, match="cannot load spaCy model 'xx_no_such_package'"):
        make_statistical(model="xx_no_such_package")


def test_statistical_without_spacy_installed(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(StatisticalModelError, match=r"spaCy is not installed; install it with: pip install"):
        make_statistical(model="da_core_news_sm")
