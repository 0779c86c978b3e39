"""Stories: the articles that report one real-world event, from any source, in Danish or English.

Every article belongs to exactly one story. Articles are taken oldest first; each joins the story whose members
it resembles most on average (average link over the story's members), or starts a new story when no story
reaches the threshold. Nothing already assigned moves: a new article costs one look-up in the postings
(term -> articles, entity/event -> articles) and a comparison with the latest members of the few stories sharing
the most keys with it.

Similarity of two articles, without translation: TF-IDF cosine of their words where the idf is the word's
general rarity in its language (wordfreq), so it does not change as the store grows and names, numbers and dates
written alike in Danish and English carry across (the idf is squared: rare words, names and numbers, tell one
event from another of its kind); plus the share of linked entities, events and numbers they have
in common. A story's id comes from its first article, so it is stable.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from wordfreq import get_frequency_dict

from graph.analysis.textsim import term_counts

# Weights of the similarity parts and the join threshold: fitted by bench/stories_eval.py on one half of the ECB+
# odd topics and checked on the other (both ways round).
TEXT_WEIGHT = 1.0
ENTITY_WEIGHT = 0.3
EVENT_WEIGHT = 0.1
NUMBER_WEIGHT = 0.1
DEFAULT_THRESHOLD = 0.25
# A word unknown to wordfreq is as rare as this (Zipf scale, 0..8): names, numbers, misspellings.
UNKNOWN_ZIPF = 1.0
# Candidates come from the article's heaviest terms and all its entities/events.
QUERY_TERMS = 30
# A story is compared through at most this many of its members (the latest), to bound the cost of a big story.
MAX_MEMBERS = 15
MAX_CANDIDATE_STORIES = 3
# Rare words (names, places, numbers) tell one event from another of its kind: idf counts this many times.
IDF_POWER = 2.0
_NUMBER = re.compile(r"\d")


@dataclass
class StoryArticle:
    """What stories need of one article."""

    id: str
    published: str | None = None
    lang: str | None = None
    source: str | None = None
    title: str | None = None
    body: str | None = None
    entities: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()


@dataclass
class _Item:
    article: StoryArticle
    vector: dict[str, float]
    numbers: frozenset[str]
    story: str


@dataclass
class Weights:
    """How much each part of the similarity counts, and the score needed to join a story."""

    text: float = TEXT_WEIGHT
    entities: float = ENTITY_WEIGHT
    events: float = EVENT_WEIGHT
    numbers: float = NUMBER_WEIGHT
    threshold: float = DEFAULT_THRESHOLD


def story_id(first_article_id: str) -> str:
    """A story's id, from the article that started it."""
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


def order_key(a: StoryArticle) -> tuple[int, str, str]:
    """Oldest first; undated articles last, then by id, so a batch is assigned the same in any input order."""
    return (0 if a.published else 1, a.published or "", a.id)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class StoryIndex:
    """Incremental story assignment (see the module docstring)."""

    weights: Weights = field(default_factory=Weights)
    items: dict[str, _Item] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    _postings: dict[str, set[str]] = field(default_factory=dict)
    _zipf: dict[str, dict[str, float]] = field(default_factory=dict)

    def _rarity(self, lang: str | None) -> dict[str, float]:
        code = (lang or "en").split("-")[0].lower()
        if code not in self._zipf:
            try:
                freqs = get_frequency_dict(code)
            except LookupError:
                freqs = get_frequency_dict("en")
            self._zipf[code] = freqs
        return self._zipf[code]

    def _vector(self, a: StoryArticle) -> dict[str, float]:
        freqs = self._rarity(a.lang)
        vec = {}
        for term, tf in term_counts(a.title, a.body).items():
            f = freqs.get(term, 0.0)
            zipf = math.log10(f * 1e9) if f > 0 else UNKNOWN_ZIPF
            idf = max(8.0 - zipf, 0.0)
            if idf > 2.0:  # the commonest words ("the", "og", "said") say nothing about a story
                vec[term] = (1.0 + math.log(tf)) * idf**IDF_POWER
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def similarity(self, a: _Item, b: _Item) -> dict[str, float]:
        """The parts of the similarity of two indexed articles (text, entities, events, numbers)."""
        small, big = (a.vector, b.vector) if len(a.vector) < len(b.vector) else (b.vector, a.vector)
        return {
            "text": sum(w * big.get(t, 0.0) for t, w in small.items()),
            "entities": _jaccard(a.article.entities, b.article.entities),
            "events": _jaccard(a.article.events, b.article.events),
            "numbers": _jaccard(a.numbers, b.numbers),
        }

    def score(self, parts: dict[str, float]) -> float:
        w = self.weights
        return w.text * parts["text"] + w.entities * parts["entities"] + w.events * parts["events"] + (
            w.numbers * parts["numbers"]
        )

    def _keys(self, item: _Item) -> list[str]:
        heaviest = sorted(item.vector, key=lambda t: -item.vector[t])[:QUERY_TERMS]
        return ["t:" + t for t in heaviest] + ["e:" + e for e in item.article.entities | item.article.events]

    def _item(self, a: StoryArticle, story: str) -> _Item:
        vector = self._vector(a)
        return _Item(a, vector, frozenset(t for t in vector if _NUMBER.search(t)), story)

    def best_story(self, a: StoryArticle) -> tuple[str | None, float]:
        """The story an article would join and its score (None when no story reaches the threshold)."""
        item = self._item(a, "")
        return self._best(item)

    def _best(self, item: _Item) -> tuple[str | None, float]:
        hits: Counter[str] = Counter()
        for key in self._keys(item):
            hits.update({self.items[m].story for m in self._postings.get(key, ())})
        # Only the stories sharing the most keys are scored: the cost stays bounded as the store grows.
        stories = sorted(hits, key=lambda s: (-hits[s], s))[:MAX_CANDIDATE_STORIES]
        best, best_score = None, 0.0
        for s in sorted(stories):
            members = self.members[s][-MAX_MEMBERS:]
            score = sum(self.score(self.similarity(item, self.items[m])) for m in members) / len(members)
            if score > best_score:
                best, best_score = s, score
        if best_score < self.weights.threshold:
            return None, best_score
        return best, best_score

    def add(self, a: StoryArticle, story: str | None = None) -> str:
        """Put an article in a story: the given one (an assignment read back from the store) or the best."""
        if a.id in self.items:
            return self.items[a.id].story
        item = self._item(a, "")
        if story is None:
            story = self._best(item)[0] or story_id(a.id)
        item.story = story
        self.items[a.id] = item
        self.members.setdefault(story, []).append(a.id)
        for key in self._keys(item):
            self._postings.setdefault(key, set()).add(a.id)
        return story

    def add_all(self, articles: Iterable[StoryArticle]) -> dict[str, str]:
        """Assign a batch oldest first; returns article id -> story id for the batch."""
        return {a.id: self.add(a) for a in sorted(articles, key=order_key)}

    def why(self, article_id: str) -> dict[str, object]:
        """Why an article is in its story: its best match among the other members and what they share."""
        item = self.items[article_id]
        others = [m for m in self.members[item.story] if m != article_id]
        if not others:
            return {"reason": "first report", "score": None}
        scored = [(self.score(self.similarity(item, self.items[m])), m) for m in others]
        score, match = max(scored)
        other = self.items[match]
        shared_terms = sorted(set(item.vector) & set(other.vector), key=lambda t: -item.vector[t] * other.vector[t])
        # The founder started the story; every other member joined it for its resemblance to the members.
        return {
            "reason": "first report" if self.members[item.story][0] == article_id else "resembles",
            "closest": match,
            "score": round(score, 4),
            "shared_entities": sorted(item.article.entities & other.article.entities),
            "shared_events": sorted(item.article.events & other.article.events),
            "shared_terms": shared_terms[:8],
        }


def clusters(assignment: dict[str, str]) -> dict[str, list[str]]:
    """Story id -> article ids."""
    out: dict[str, list[str]] = {}
    for a, s in assignment.items():
        out.setdefault(s, []).append(a)
    return out


def sizes(assignment: dict[str, str]) -> Counter[str]:
    return Counter(assignment.values())
