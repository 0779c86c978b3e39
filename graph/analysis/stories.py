"""Stories: the articles that report one real-world event, from any source, in Danish or English.

Every article belongs to exactly one story. Articles are taken oldest first; each joins the story whose members
it resembles most (the mean of its scores against the story's three closest members among its latest), or starts
a new story when no story reaches the threshold. A new article costs one look-up in the postings (term ->
articles, entity/event -> articles) and a comparison with the latest members of the few stories sharing the most
keys with it; a story is only revised (below) where an article lands.

Similarity of two articles, without translation: TF-IDF cosine of their words where the idf is the word's
general rarity in its language (wordfreq), so it does not change as the store grows and names, numbers and dates
written alike in Danish and English carry across (the idf is squared: rare words, names and numbers, tell one
event from another of its kind); plus the share of linked entities, events and numbers they have
in common; times a factor for the dates they name (the same latest year, no year in common, a calendar day in
common: on ECB+, 1084 same-story pairs name the same latest year against 27 pairs of sister stories, and 490
share a day against 1). A story's id comes from its first article, so it is stable.

Later articles can show an early decision was wrong, so a story is revised where an article lands:
- merge: when an article could join two stories and the two resemble each other as wholes (average link at least
  the threshold), they become one;
- split: when a story has doubled in size since it was last checked, its members are clustered again
  (average link, the same threshold); a part that resembles the rest less than `SPLIT_FACTOR` x the threshold
  leaves it, joining another story it resembles or starting its own.
Either way the larger part keeps its id (on a tie, the part with the older first report), so a link to a story
keeps pointing at most of what it pointed at.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from types import MappingProxyType

import numpy as np
from wordfreq import get_frequency_dict

from graph.analysis.related.signals import days_named, years_named
from graph.analysis.textsim import term_counts

# Weights of the similarity parts and the join threshold: fitted by bench/stories_eval.py on one half of the ECB+
# odd topics and checked on the other (both ways round).
TEXT_WEIGHT = 1.0
ENTITY_WEIGHT = 0.3
EVENT_WEIGHT = 0.1
NUMBER_WEIGHT = 0.1
YEAR_MATCH = 0.3
YEAR_MISMATCH = 0.3
DAY_MATCH = 1.0
DEFAULT_THRESHOLD = 0.28
LINK_TOP = 3
# A word unknown to wordfreq is as rare as this (Zipf scale, 0..8): names, numbers, misspellings.
UNKNOWN_ZIPF = 1.0
# Candidates come from the article's heaviest terms and all its entities/events.
QUERY_TERMS = 30
# A story is compared through at most this many of its members (the latest), to bound the cost of a big story.
MAX_MEMBERS = 10
MAX_CANDIDATE_STORIES = 3
# A candidate story sharing under this share of the best candidate's keys is not compared (on ECB+ the same stories
# either way, a tenth less CPU).
CANDIDATE_SHARE = 0.5
# A story is clustered again once it has grown this many times over since its last check (and has at least
# MIN_SPLIT_SIZE members), so the checks cost a bounded number of comparisons per article added; past
# MAX_SPLIT_SIZE members a story is no longer split.
SPLIT_GROWTH = 2.0
MIN_SPLIT_SIZE = 3
MAX_SPLIT_SIZE = 64
# A part leaves its story only when it resembles the rest clearly less than a new article must to join: the gap
# keeps an article on the border from going back and forth.
SPLIT_FACTOR = 0.8
# Rare words (names, places, numbers) tell one event from another of its kind: idf counts this many times.
IDF_POWER = 2.0
UNKNOWN_WEIGHT = (8.0 - UNKNOWN_ZIPF) ** IDF_POWER  # the weight of a word wordfreq does not know
_DIGIT = re.compile(r"\d")  # a term with one is a number (a year, a count, a score)


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
    years: frozenset[int] = frozenset()
    days: frozenset[tuple[int, int]] = frozenset()
    keys: tuple[str, ...] = ()  # what it is found by: its heaviest terms, its entities and events


@dataclass
class Weights:
    """How much each part of the similarity counts, and the score needed to join a story."""

    text: float = TEXT_WEIGHT
    entities: float = ENTITY_WEIGHT
    events: float = EVENT_WEIGHT
    numbers: float = NUMBER_WEIGHT
    # Dates named in the text, as multipliers: the same latest year named (the year of the news), no year in
    # common though both name years, a calendar day in common ("December 14", "14. december").
    year_match: float = YEAR_MATCH
    year_mismatch: float = YEAR_MISMATCH
    day_match: float = DAY_MATCH
    threshold: float = DEFAULT_THRESHOLD
    # How an article is compared with a story: the mean of its scores against the story's best-matching members
    # (this many), or against all its latest members (0). On ECB+ the best three beat all members by about 0.02
    # B-cubed F1 on the half not fitted on, either way round (a long story's members drift; a report resembles
    # the few that tell it the same way).
    link_top: int = LINK_TOP


def language_weights(code: str) -> Mapping[str, float]:
    """Term -> idf ** IDF_POWER for every word wordfreq knows in a language (0 for the commonest), computed once
    per process (0.1-0.2 s and 15 MB for English, 320,000 words): a term then costs one look-up, and a word it does
    not know (a name, a number) takes UNKNOWN_WEIGHT without growing any table. Read-only, shared by every index."""
    return MappingProxyType(_weight_table(code))


@lru_cache(maxsize=8)
def _weight_table(code: str) -> dict[str, float]:
    """The table behind language_weights, never changed: a story vector looks its terms up here directly (a plain
    dict's get, cheaper than the read-only view's)."""
    try:
        freqs = get_frequency_dict(code)
    except LookupError:
        freqs = get_frequency_dict("en")
    f = np.fromiter(freqs.values(), dtype=np.float64, count=len(freqs))
    idf = np.maximum(8.0 - np.log10(np.maximum(f, 1e-300) * 1e9), 0.0)
    idf[f <= 0] = 8.0 - UNKNOWN_ZIPF
    # The commonest words ("the", "og", "said") say nothing about a story.
    w = np.where(idf > 2.0, idf**IDF_POWER, 0.0)
    return dict(zip(freqs, w.tolist(), strict=True))


def story_id(first_article_id: str) -> str:
    """A story's id, from the article that started it."""
    return "story-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]


def order_key(a: StoryArticle) -> tuple[int, str, str]:
    """Oldest first; undated articles last, then by id, so a batch is assigned the same in any input order."""
    return (0 if a.published else 1, a.published or "", a.id)


def _year_agreement(a: frozenset[int], b: frozenset[int]) -> float:
    """1 when two articles name the same latest year, -1 when both name years and share none, else 0."""
    if not a or not b:
        return 0.0
    if max(a) == max(b):
        return 1.0
    return 0.0 if a & b else -1.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@dataclass
class StoryIndex:
    """Incremental story assignment with revisions (see the module docstring).

    `changed` collects the ids of stories whose members changed (or that ceased to exist) until the caller takes
    them with `take_changed`; `revisions` logs every merge and split (oldest first; a caller that keeps the log,
    graph/analysis/story_store.py, puts back what it kept). `retired` holds the ids of stories merged into
    others: they are never given to a new story, so a link to one keeps leading to where its articles went."""

    weights: Weights = field(default_factory=Weights)
    revise: bool = True
    items: dict[str, _Item] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    revisions: list[dict[str, object]] = field(default_factory=list)
    retired: set[str] = field(default_factory=set)
    # key -> story -> how many of its members the key finds: a candidate story is counted once per key without
    # going through its members' ids (kept up to date as articles join, merge and split).
    _postings: dict[str, dict[str, int]] = field(default_factory=dict)
    _weights: dict[str, dict[str, float]] = field(default_factory=dict)  # language -> term -> weight (read only)
    _checked: dict[str, int] = field(default_factory=dict)  # story -> its size when last checked for a split

    def _term_weight(self, lang: str | None) -> dict[str, float]:
        code = (lang or "en").split("-")[0].lower()
        if code not in self._weights:
            self._weights[code] = _weight_table(code)
        return self._weights[code]

    def _vector(self, a: StoryArticle, words: list[str] | None = None) -> dict[str, float]:
        get = self._term_weight(a.lang).get
        counts = term_counts(a.title, a.body, words)
        # Most terms occur once: no log for them.
        vec = {t: w if tf == 1 else (1.0 + math.log(tf)) * w for t, tf in counts.items()
               if (w := get(t, UNKNOWN_WEIGHT))}
        scale = 1.0 / (math.sqrt(math.fsum(map(operator.mul, vec.values(), vec.values()))) or 1.0)
        return dict(zip(vec, map(scale.__mul__, vec.values()), strict=True))

    def similarity(self, a: _Item, b: _Item) -> dict[str, float]:
        """The parts of the similarity of two indexed articles (text, entities, events, numbers)."""
        va, vb = a.vector, b.vector
        return {
            # The shared terms are few: intersect the keys (in C), then multiply only those.
            "text": sum(va[t] * vb[t] for t in va.keys() & vb.keys()),
            "entities": _jaccard(a.article.entities, b.article.entities),
            "events": _jaccard(a.article.events, b.article.events),
            "numbers": _jaccard(a.numbers, b.numbers),
            "year": _year_agreement(a.years, b.years),
            "day": 1.0 if a.days & b.days else 0.0,
        }

    def score(self, parts: dict[str, float]) -> float:
        w = self.weights
        base = w.text * parts["text"] + w.entities * parts["entities"] + w.events * parts["events"] + (
            w.numbers * parts["numbers"]
        )
        year = parts.get("year", 0.0)
        factor = 1.0 + w.year_match if year > 0 else (1.0 - w.year_mismatch if year < 0 else 1.0)
        return base * factor * (1.0 + w.day_match * parts.get("day", 0.0))

    def pair_score(self, a: str, b: str) -> float:
        """The similarity score of two indexed articles."""
        return self._fast_score(self.items[a], self.items[b])

    def _fast_score(self, a: _Item, b: _Item) -> float:
        """score(similarity(a, b)) without the dictionary of parts: the comparison every placement repeats."""
        w = self.weights
        va, vb = a.vector, b.vector
        common = va.keys() & vb.keys()
        base = w.text * sum(map(operator.mul, map(va.__getitem__, common), map(vb.__getitem__, common)))
        # The Jaccard shares written out (as _jaccard computes them): this runs for every pair compared.
        ea, eb = a.article.entities, b.article.entities
        if ea and eb and w.entities:
            shared = len(ea & eb)
            base += w.entities * (shared / (len(ea) + len(eb) - shared))
        ea, eb = a.article.events, b.article.events
        if ea and eb and w.events:
            shared = len(ea & eb)
            base += w.events * (shared / (len(ea) + len(eb) - shared))
        if not a.numbers or not b.numbers:
            return base  # no digits: no numbers, years or days to compare
        base += w.numbers * _jaccard(a.numbers, b.numbers)
        year = _year_agreement(a.years, b.years)
        factor = 1.0 + w.year_match if year > 0 else (1.0 - w.year_mismatch if year < 0 else 1.0)
        return base * factor * (1.0 + w.day_match if a.days & b.days else 1.0)

    def _keys(self, item: _Item) -> tuple[str, ...]:
        if not item.keys:
            # What heapq.nlargest gives (ties in the same order), sorted in C: an article has a few hundred terms.
            heaviest = sorted(item.vector, key=item.vector.__getitem__, reverse=True)[:QUERY_TERMS]
            ents = item.article.entities | item.article.events
            item.keys = tuple(["t:" + t for t in heaviest] + ["e:" + e for e in sorted(ents)])
        return item.keys

    def _item(self, a: StoryArticle, story: str, words: list[str] | None = None) -> _Item:
        vector = self._vector(a, words)
        numbers = frozenset(filter(_DIGIT.search, vector))
        years = years_named(a.title, a.body) if numbers else set()  # no digits, no years or days
        days = days_named(a.title, a.body) if numbers else set()
        return _Item(a, vector, numbers, story, frozenset(years), frozenset(days))

    def best_story(self, a: StoryArticle) -> tuple[str | None, float]:
        """The story an article would join and its score (None when no story reaches the threshold)."""
        scored = self._scored([self._item(a, "")])
        if not scored or scored[0][0] < self.weights.threshold:
            return None, scored[0][0] if scored else 0.0
        return scored[0][1], scored[0][0]

    def _scored(self, group: list[_Item], exclude: str | None = None) -> list[tuple[float, str]]:
        """Candidate stories for a group of articles (one new article, or a part split off), with the average
        score of the group's members against each story's latest members; best first."""
        # Each story counts once per key: how many of the article's keys it shares (one count over all postings).
        get = self._postings.get
        hits = Counter(chain.from_iterable(p for item in group for key in self._keys(item) if (p := get(key))))
        if exclude:
            hits.pop(exclude, None)
        # Only the stories sharing the most keys are scored: the cost stays bounded as the store grows. The few
        # stories reaching the k-th count are found first, so only those are sorted (by count, then id).
        near: Iterable[str] = hits
        if len(hits) > MAX_CANDIDATE_STORIES:
            kth = heapq.nlargest(MAX_CANDIDATE_STORIES, hits.values())[-1]
            near = [s for s, n in hits.items() if n >= kth]
        stories = sorted(near, key=lambda s: (-hits[s], s))[:MAX_CANDIDATE_STORIES]
        if stories:  # a story sharing far fewer keys than the best is not worth the comparisons
            stories = [s for s in stories if hits[s] >= CANDIDATE_SHARE * hits[stories[0]]]
        scored = []
        score, item_of = self._fast_score, self.items.__getitem__
        for s in stories:
            members = list(map(item_of, self.members[s][-MAX_MEMBERS:]))
            pairs = sorted([score(item, m) for item in group for m in members], reverse=True)
            top = pairs[: self.weights.link_top] if self.weights.link_top else pairs
            scored.append((sum(top) / len(top), s))
        return sorted(scored, key=lambda t: (-t[0], t[1]))

    def _new_id(self, article_id: str) -> str:
        sid, n = story_id(article_id), 1
        # The first article's id is taken by a story it has since left, or was merged away (and still leads there).
        while sid in self.members or sid in self.retired:
            sid, n = story_id(f"{article_id}#{n}"), n + 1
        return sid

    def _first(self, story: str) -> tuple[int, str, str]:
        return min(order_key(self.items[m].article) for m in self.members[story])

    def add(self, a: StoryArticle, story: str | None = None, words: list[str] | None = None) -> str:
        """Put an article in a story: the given one (an assignment read back from the store, not revised) or the
        best, revising the stories around it (merge, split). `words`: the body tokenized, when the caller has
        it (graph.analysis.textsim.tokenize). Returns the article's story."""
        if a.id in self.items:
            return self.items[a.id].story
        item = self._item(a, "", words)
        joinable: list[str] = []
        if story is None:
            joinable = [s for score, s in self._scored([item]) if score >= self.weights.threshold]
            story = joinable[0] if joinable else self._new_id(a.id)
        item.story = story
        self.items[a.id] = item
        self.members.setdefault(story, []).append(a.id)
        self.changed.add(story)
        for key in self._keys(item):
            posting = self._postings.setdefault(key, {})
            posting[story] = posting.get(story, 0) + 1
        if joinable and self.revise:
            self._revise(story, joinable[1:])
        return self.items[a.id].story

    def _revise(self, story: str, others: list[str]) -> None:
        # The new article could join other stories too: those that resemble its story as a whole are one story.
        for other in others:
            if other in self.members and other != story:
                link = self._link(self.members[story], self.members[other])
                if link >= self.weights.threshold:
                    story = self._merge(story, other, link)
        size = len(self.members[story])
        if MIN_SPLIT_SIZE <= size <= MAX_SPLIT_SIZE and size >= SPLIT_GROWTH * self._checked.get(story, 0):
            self._split(story)

    def _link(self, a: list[str], b: list[str]) -> float:
        """Average link: the mean score over the pairs across two groups (the latest MAX_MEMBERS of each)."""
        a, b = a[-MAX_MEMBERS:], b[-MAX_MEMBERS:]
        return sum(self.pair_score(x, y) for x in a for y in b) / (len(a) * len(b))

    def _move(self, article_id: str, story: str) -> None:
        """Move an indexed article to another story, in the postings too."""
        item = self.items[article_id]
        old = item.story
        if old == story:
            return
        for key in item.keys:
            posting = self._postings[key]
            if posting[old] > 1:
                posting[old] -= 1
            else:
                del posting[old]
            posting[story] = posting.get(story, 0) + 1
        item.story = story

    def _merge(self, s: str, t: str, link: float) -> str:
        """Make two stories one; the larger keeps its id. Returns the id kept."""
        keep, gone = sorted((s, t), key=lambda x: (-len(self.members[x]), self._first(x)))
        for m in self.members[gone]:
            self._move(m, keep)
        merged = self.members[keep] + self.members.pop(gone)
        self.members[keep] = sorted(merged, key=lambda m: order_key(self.items[m].article))
        self._checked.pop(gone, None)
        self.retired.add(gone)
        self.changed |= {keep, gone}
        self.revisions.append({"kind": "merge", "story": keep, "other": gone, "link": round(link, 4)})
        return keep

    def _split(self, story: str) -> None:
        """Cluster a story's members again; parts that resemble the rest too little leave it."""
        members = self.members[story]
        self._checked[story] = len(members)
        parts = self._clusters(members, SPLIT_FACTOR * self.weights.threshold)
        if len(parts) < 2:
            return
        parts.sort(key=lambda p: (-len(p), min(order_key(self.items[m].article) for m in p)))
        self.members[story] = parts[0]
        self._checked[story] = len(parts[0])
        for part in parts[1:]:
            scored = self._scored([self.items[m] for m in part], exclude=story)
            fits = [s for score, s in scored if score >= self.weights.threshold and s != story]
            target = fits[0] if fits else self._new_id(min(part, key=lambda m: order_key(self.items[m].article)))
            for m in part:
                self._move(m, target)
            joined = self.members.get(target, []) + part
            self.members[target] = sorted(joined, key=lambda m: order_key(self.items[m].article))
            self._checked.setdefault(target, len(part))
            self.changed |= {story, target}
            self.revisions.append({"kind": "split", "story": story, "other": target, "articles": sorted(part)})

    def _clusters(self, members: list[str], cut: float) -> list[list[str]]:
        """Average-link agglomerative clustering of members, joining groups while their link is at least `cut`."""
        n = len(members)
        sim = np.full((n, n), -np.inf)
        for i in range(n):
            for j in range(i + 1, n):
                sim[i, j] = sim[j, i] = self.pair_score(members[i], members[j])
        groups: dict[int, list[int]] = {i: [i] for i in range(n)}
        alive = np.ones(n, dtype=bool)
        while len(groups) > 1:
            masked = np.where(alive[:, None] & alive[None, :], sim, -np.inf)
            i, j = divmod(int(np.argmax(masked)), n)
            if masked[i, j] < cut:
                break
            ni, nj = len(groups[i]), len(groups[j])
            # Lance-Williams for average link: the new group's link to any other is the size-weighted mean.
            row = (ni * sim[i] + nj * sim[j]) / (ni + nj)
            sim[i, :], sim[:, i] = row, row
            sim[i, i] = -np.inf
            alive[j] = False
            sim[j, :], sim[:, j] = -np.inf, -np.inf
            groups[i] += groups.pop(j)
        return [[members[k] for k in sorted(g)] for g in groups.values()]

    def take_changed(self) -> set[str]:
        """The stories changed since the last call (some may no longer exist), and forget them."""
        changed, self.changed = self.changed, set()
        return changed

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
