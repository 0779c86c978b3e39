"""Language of an article: the input's own `lang` when it names a known language, otherwise detected.

Detection uses lingua (offline, statistical n-gram models) restricted to a fixed set of European news languages
plus a few other scripts, in its low-accuracy mode (trigram models: fast to load, small, and as good as the full
models on paragraph-length text). Texts that come out Danish, Norwegian or Swedish are decided again by a
full-model detector for just those three. Detectors are built once per process, on first use.

Only the article body is looked at (furniture such as job ads or cookie notices may be in another language),
capped to the first 500 characters (configurable `sample_chars`): plenty for news text, and detection time grows
with length. A first glance at 250 characters settles most texts; the others are read to the end of the sample.
Returns ISO 639-1 codes, or "und" when nothing can be said.
"""
from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from graph.extract.pipeline import ComponentFn, component
from graph.model import Doc

if TYPE_CHECKING:
    from lingua import LanguageDetector

UNDETERMINED = "und"
SAMPLE_CHARS = 500  # plenty for a reliable answer on news text; detection time grows with length
# The first glance: this many characters, answered only when the best language leads the next by this much (lingua's
# relative distance); otherwise the whole sample is read. Half the time of reading 500 characters, on news text.
GLANCE_CHARS = 250
GLANCE_MIN_DISTANCE = 0.25

# The languages the detector chooses between (lingua names). Nynorsk is left out on purpose: it would take
# Norwegian news away from Bokmål and Danish without adding anything a Danish/English news graph needs.
LANGUAGES = (
    "DANISH", "ENGLISH", "SWEDISH", "BOKMAL", "GERMAN", "DUTCH", "FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE",
    "FINNISH", "POLISH", "ICELANDIC", "ESTONIAN", "RUSSIAN", "UKRAINIAN", "GREEK", "TURKISH", "ARABIC", "PERSIAN",
    "HEBREW", "CHINESE", "JAPANESE", "KOREAN", "HINDI",
)

# Codes accepted from the input besides ISO 639-1: ISO 639-2/3 and a few common aliases.
_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "dan": "da", "eng": "en", "swe": "sv", "deu": "de", "ger": "de",
            "nld": "nl", "dut": "nl", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "por": "pt", "fin": "fi",
            "pol": "pl", "isl": "is", "ice": "is"}

_LETTER = re.compile(r"[^\W\d_]")
# The fast detector confuses Danish, Norwegian and Swedish now and then on short texts (about one paragraph in a
# hundred); a text it calls one of them is decided again by a precise detector for just those three (~0.4 ms).
_SCANDINAVIAN = ("DANISH", "SWEDISH", "BOKMAL")
_detectors: dict[str, LanguageDetector] = {}
_detectors_lock = threading.Lock()


def _get_detector(kind: str) -> LanguageDetector:
    """"all": every language in LANGUAGES, low-accuracy mode (trigrams only: loads in well under a second and
    takes ~40 MB, where the full models take seconds and ~400 MB); "glance": the same, silent when unsure;
    "scandinavian": da/sv/nb, full models."""
    detector = _detectors.get(kind)
    if detector is None:
        with _detectors_lock:
            detector = _detectors.get(kind)
            if detector is None:
                from lingua import Language, LanguageDetectorBuilder

                if kind in ("all", "glance"):
                    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LANGUAGES))
                    builder = builder.with_low_accuracy_mode()
                    if kind == "glance":  # answers only when one language is well ahead of the next
                        builder = builder.with_minimum_relative_distance(GLANCE_MIN_DISTANCE)
                else:
                    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in _SCANDINAVIAN))
                detector = _detectors[kind] = builder.build()
    return detector


def normalise_code(code: str | None) -> str | None:
    """'da-DK' -> 'da', 'DAN' -> 'da', 'no' -> 'nb'; None when the code names no known language."""
    if not code or not isinstance(code, str):
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    base = _ALIASES.get(base, base)
    if len(base) == 2 and base.isalpha() and base.isascii():
        return base if _known_iso639_1(base) else None
    return None


def _known_iso639_1(code: str) -> bool:
    import pycountry

    return pycountry.languages.get(alpha_2=code) is not None


def detect_language(text: str, sample_chars: int = SAMPLE_CHARS) -> str:
    """ISO 639-1 code of the language of `text` ("da", "en", "nb", ...), or "und" when it cannot be told.

    Only the first `sample_chars` characters are looked at (detection time grows with the length).
    """
    sample = text[:sample_chars]
    if not _LETTER.search(sample):
        return UNDETERMINED
    # A first glance at the opening usually settles it; only when it is unsure is the whole sample read.
    language = _get_detector("glance").detect_language_of(sample[:GLANCE_CHARS])
    if language is None:
        language = _get_detector("all").detect_language_of(sample)
    if language is None:
        return UNDETERMINED
    if language.name in _SCANDINAVIAN:
        language = _get_detector("scandinavian").detect_language_of(sample) or language
    return language.iso_code_639_1.name.lower()


def body_sample(doc: Doc, sample_chars: int = SAMPLE_CHARS) -> str:
    """The first `sample_chars` characters of the article body, skipping dropped furniture inside it."""
    start, end = doc.body if doc.body is not None else (0, len(doc.text))
    parts: list[str] = []
    size = 0
    position = start
    for dropped in sorted(doc.dropped, key=lambda d: d.start):
        if dropped.end <= position or dropped.start >= end:
            continue
        if dropped.start > position:
            parts.append(doc.text[position:dropped.start])
            size += dropped.start - position
        position = max(position, dropped.end)
        if size >= sample_chars:
            break
    if position < end and size < sample_chars:
        parts.append(doc.text[position:min(end, position + sample_chars)])
    sample = "\n".join(parts)[:sample_chars]
    # A body cleaned to nothing still says something about the language: fall back to the whole text.
    return sample if _LETTER.search(sample) else doc.text[:sample_chars]


@component("language", requires=[], assigns=["lang"])
def make_language(sample_chars: int = SAMPLE_CHARS) -> ComponentFn:
    if not isinstance(sample_chars, int) or sample_chars < 1:
        raise ValueError(f"language: sample_chars must be a positive integer, got {sample_chars!r}")

    def language(doc: Doc) -> Doc:
        given = normalise_code(doc.article.lang)
        doc.lang = given or detect_language(body_sample(doc, sample_chars), sample_chars)
        return doc

    return language
