"""The data every layer passes around: an article going in, an annotated document coming out.

Offsets (`start`, `end`) are always character offsets into `Doc.text`, which is the article text exactly as the
reader produced it (for plain text: the input file's text; for HTML: the extracted main text).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

# The entity types newskg knows. `type` fields hold one of these names.
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")

ENTITY_TYPES = ("Person", "Organization", "Company", "Country", "Place", "Event")


@dataclass
class Article:
    """One news article as read from a file, a JSON line or an HTTP request."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as given
    source: str | None = None
    lang: str | None = None  # as given by the input; the pipeline detects it when missing
    origin: str | None = None  # where it was read from ("file.jsonl:3"), for error messages


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A span of text naming an entity."""

    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    entity_id: str | None = None  # canonical entity id, set by the linker
    label: str | None = None  # canonical label, set by the linker
    confidence: float = 1.0
    source: str = ""  # the component (rule) that found it, for provenance and debugging
    sentence: int | None = None  # index into Doc.sentences
    rule: str = ""  # the recogniser's rule that typed it ("legal-form", "first-name", ...), when it found it


def linked_id(mention: Mention) -> str:
    """The entity id of a mention the linker has seen (components after `link` rely on it being set)."""
    if mention.entity_id is None:
        raise ValueError(f"mention {mention.text!r} at {mention.start} has no entity id: run the link component first")
    return mention.entity_id


@dataclass
class Entity:
    """A canonical entity: one per real-world thing, shared across articles through its stable id."""

    id: str  # stable, URL-safe, e.g. "person/mette-frederiksen" or "country/DK"
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # external IRIs, e.g. Wikidata
    codes: dict[str, str] = field(default_factory=dict)  # e.g. {"iso3166": "DK"}


@dataclass
class Participant:
    entity_id: str
    role: str  # "agent", "patient" or "other"


@dataclass
class Event:
    id: str  # stable id; the same real-world event reported twice gets the same id
    type: str  # a code from graph/extract/lexicons event typology, e.g. "arrest"
    label: str
    trigger_start: int
    trigger_end: int
    trigger: str
    sentence: int | None = None
    participants: list[Participant] = field(default_factory=list)
    place: str | None = None  # entity id
    time: str | None = None  # ISO date
    confidence: float = 1.0


@dataclass
class Quote:
    id: str
    start: int
    end: int
    text: str
    speaker: str | None  # entity id
    kind: str = "direct"  # "direct" or "reported"
    cue: str = ""  # the verb or phrase that introduces it ("said", "ifølge")
    sentence: int | None = None
    confidence: float = 1.0


@dataclass
class Role:
    """A position someone holds: person, role word, the organisation or country it is held at, and when: its status
    and the dates the text gives (see graph/extract/role_time.py)."""

    id: str
    person: str  # entity id
    role: str  # normalised role, e.g. "forsvarsminister", "CEO"
    org: str | None = None  # entity id of the organisation or country
    start: int = 0
    end: int = 0
    sentence: int | None = None
    date: str | None = None  # the article's date: when it was said
    confidence: float = 1.0
    status: str = "current"  # "current", "former", "incoming" or "ended"
    valid_from: str | None = None  # ISO date, year-month or year, as the text gives it
    valid_until: str | None = None


@dataclass
class Relation:
    """A generic subject-predicate-object statement found in a sentence (e.g. employs, locatedIn)."""

    subject: str
    predicate: str
    object: str
    sentence: int | None = None
    confidence: float = 1.0


@dataclass
class Dropped:
    """A stretch of the input judged not to be the article (ads, teasers, listings), with why."""

    start: int
    end: int
    reason: str
    text: str = ""


@dataclass
class Doc:
    """An article annotated by the extraction pipeline. Components fill in fields in order."""

    article: Article
    text: str
    lang: str | None = None
    body: tuple[int, int] | None = None  # the article's own text; None until the cleaner runs
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def in_body(self, start: int, end: int) -> bool:
        """True when a span lies inside the article's own text (not in dropped furniture)."""
        if self.body is not None and (start < self.body[0] or end > self.body[1]):
            return False
        return not any(d.start <= start and end <= d.end for d in self.dropped)

    def body_text(self) -> str:
        """The article's own text: the body span with the furniture dropped inside it cut out."""
        start, end = self.body if self.body is not None else (0, len(self.text))
        parts: list[str] = []
        position = start
        for d in sorted(self.dropped, key=lambda d: d.start):
            if d.end <= position or d.start >= end:
                continue
            if d.start > position:
                parts.append(self.text[position:d.start])
            position = max(position, d.end)
        if position < end:
            parts.append(self.text[position:end])
        # Cutting a dropped line leaves its neighbours' line breaks: one blank line between paragraphs is enough.
        return _BLANK_LINES.sub("\n\n", "".join(parts)).strip()

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing a character offset, or None."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def to_json(self) -> dict[str, Any]:
        """The `newskg extract` output shape (a stable contract for scripts and apps)."""
        ents = []
        for m in self.mentions:
            ents.append(
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "type": m.type,
                    "id": m.entity_id,
                    "label": m.label,
                }
            )
        return {
            "id": self.article.id,
            "lang": self.lang,
            "title": self.article.title,
            "published": self.article.published,
            "body_text": self.body_text(),
            "entities": ents,
            "events": [asdict(e) for e in self.events],
            "quotes": [asdict(q) for q in self.quotes],
            "relations": [asdict(r) for r in self.roles] + [asdict(r) for r in self.relations],
            "dropped": [asdict(d) for d in self.dropped],
        }
