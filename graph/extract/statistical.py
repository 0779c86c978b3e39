"""Optional statistical layer: adds the entities of an installed spaCy pipeline to the rule-based mentions.

Not in the default pipeline. It joins (after `mentions`) when a model is configured: the component config key
`model`, or the environment variable NEWSKG_SPACY_MODEL, naming an installed spaCy package ("da_core_news_md")
or a directory holding a saved pipeline (for instance one trained with `newskg train-ner`), or one per language
("da=models/ner-da,en=en_core_web_sm"). A model only reads articles in its own language. spaCy itself is an
optional dependency (`pip install 'newskg[spacy]'`), imported only when this component is built.

Its person, organisation and place entities become `Mention`s with source "spacy"; a span that overlaps a mention
found earlier (by the rule-based recogniser) is left out, so the rules win where both speak. Only the article body
is read; text is fed to spaCy in chunks of whole sentences, so no article is too long for it.
"""
from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import Any

from graph.extract.pipeline import ComponentFn, PipelineError, component
from graph.model import Doc, Mention

ENV_VAR = "NEWSKG_SPACY_MODEL"
# spaCy labels (DaNE/CoNLL style and OntoNotes style) -> newskg entity types. Others (MISC, NORP, DATE ...) are left.
DEFAULT_LABELS = {"PER": "Person", "PERSON": "Person", "ORG": "Organization", "LOC": "Place", "GPE": "Place"}
CONFIDENCE = 0.7  # spaCy's NER gives no calibrated score; rule-based evidence above this wins on conflicts
CHUNK_CHARS = 5000
# Pipes an NER component may depend on; the rest (parser, lemmatizer ...) are switched off for speed.
_NER_PIPES = {"tok2vec", "transformer", "ner", "entity_ruler", "span_ruler"}


class StatisticalModelError(PipelineError):
    """The statistical component is configured but spaCy or the model cannot be loaded."""


def load_spacy_model(name: str) -> Any:
    """Load a spaCy pipeline by package name or directory, with a one-line error when that is not possible."""
    try:
        import spacy
    except ImportError as e:
        raise StatisticalModelError(
            f"statistical: spaCy model {name!r} is configured but spaCy is not installed; "
            "install it with: pip install 'newskg[spacy]'"
        ) from e
    path = Path(name).expanduser()
    looks_like_path = os.sep in name or name.startswith(".") or path.exists()
    if looks_like_path and not path.is_dir():
        raise StatisticalModelError(f"statistical: spaCy model directory {name!r} does not exist")
    try:
        nlp = spacy.load(path if looks_like_path else name)
    except OSError as e:
        raise StatisticalModelError(
            f"statistical: cannot load spaCy model {name!r}: not an installed package or a saved pipeline "
            f"directory ({str(e).splitlines()[0][:200]})"
        ) from e
    if "ner" not in nlp.pipe_names:
        raise StatisticalModelError(f"statistical: spaCy model {name!r} has no 'ner' component")
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in _NER_PIPES])
    return nlp


def _chunks(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the body made of whole sentences, each at most about CHUNK_CHARS long."""
    start, end = doc.body if doc.body is not None else (0, len(doc.text))
    chunks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for sentence in doc.sentences:
        if sentence.end <= start or sentence.start >= end:
            continue
        s, e = max(sentence.start, start), min(sentence.end, end)
        if current and e - current[0] <= CHUNK_CHARS:
            current = (current[0], e)
        else:
            if current:
                chunks.append(current)
            current = (s, e)
    if current:
        chunks.append(current)
    # A sentence longer than a chunk is cut (rare: a page without punctuation).
    return [(s + k, min(e, s + k + CHUNK_CHARS)) for s, e in chunks for k in range(0, e - s, CHUNK_CHARS)]


class StatisticalRecogniser:
    """Runs the spaCy model for the document's language (see `parse_models`) over the body, sentence chunks."""

    def __init__(self, models: dict[str | None, Any], labels: dict[str, str]) -> None:
        self.models = models
        self.labels = labels

    def model_for(self, lang: str | None) -> Any | None:
        """The model named for `lang`; else the unnamed one, when its language fits (or is unknown)."""
        if lang in self.models and lang is not None:
            return self.models[lang]
        nlp = self.models.get(None)
        if nlp is None:
            return None
        return nlp if nlp.lang in ("xx", lang) or lang in (None, "und") else None

    def __call__(self, doc: Doc) -> Doc:
        nlp = self.model_for(doc.lang)
        if nlp is None:  # a Danish model on an English article would do more harm than good
            return doc
        chunks = _chunks(doc)
        taken = _Spans([(m.start, m.end) for m in doc.mentions])
        added: list[Mention] = []
        for (offset, _), parsed in zip(chunks, nlp.pipe(doc.text[s:e] for s, e in chunks), strict=True):
            for ent in parsed.ents:
                type_ = self.labels.get(ent.label_)
                if type_ is None:
                    continue
                start, end = offset + ent.start_char, offset + ent.end_char
                if taken.overlaps(start, end) or not doc.in_body(start, end):
                    continue
                added.append(Mention(start=start, end=end, text=doc.text[start:end], type=type_,
                                     confidence=CONFIDENCE, source="spacy", sentence=doc.sentence_at(start)))
        if added:
            doc.mentions = sorted(doc.mentions + added, key=lambda m: (m.start, m.end))
        return doc


def parse_models(setting: str | dict[str, str]) -> dict[str | None, str]:
    """"da_core_news_md" -> {None: ...}; "da=models/ner-da,en=en_core_web_sm" or a dict -> {"da": ..., "en": ...}.

    A model given without a language is used for articles in its own language (or any, for a multilingual "xx"
    model); models given per language are used for articles in that language only.
    """
    if isinstance(setting, dict):
        pairs = list(setting.items())
    elif "=" in setting:
        pairs = []
        for item in setting.split(","):
            lang, sep, name = item.partition("=")
            if not sep or not lang.strip() or not name.strip():
                raise StatisticalModelError(
                    f"statistical: expected 'lang=model' pairs separated by commas, got {item!r}"
                )
            pairs.append((lang.strip(), name.strip()))
    else:
        return {None: setting.strip()}
    return {lang: name for lang, name in pairs}


class _Spans:
    """Fixed set of spans answering "does [start, end) overlap any of them?" in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # max_end[i]: greatest end among the first i + 1 spans
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        return before > 0 and self.max_end[before - 1] > start


@component("statistical", requires=["sentences"], assigns=["mentions"])
def make_statistical(model: str | dict[str, str] | None = None, labels: dict[str, str] | None = None) -> ComponentFn:
    """The spaCy layer: `model` (Settings.spacy_model, from $NEWSKG_SPACY_MODEL) names the pipeline(s), see
    `parse_models`; `labels` maps spaCy labels to newskg types."""
    name = model
    if not name:
        raise StatisticalModelError(
            f"statistical: no spaCy model configured; set {ENV_VAR} to a package name or a directory, "
            "or give the component a 'model'"
        )
    models = {lang: load_spacy_model(model_name) for lang, model_name in parse_models(name).items()}
    return StatisticalRecogniser(models, dict(labels or DEFAULT_LABELS))
