"""Related stories: a hybrid ranking that knows who is who, run on an in-memory index of the store.

The graph is the source of truth; for speed the ranking runs on an in-memory index built from the store with a
few queries (no SPARQL per request), then kept up to date article by article (`put`, `remove`; service.py hears of
each write from the store) and saved to disk (persist.py).

Signals for a candidate article B given a query article A (each in [0, 1]):
- entities: cosine of the two articles' entity vectors, each entity weighted by its rarity (idf), its type (a
  shared person says more than a shared country) and its salience in the article (mentions, `schema:about`);
- events: the same over coreferent events (nodes typed sem:Event that both articles mention);
- roles and quotes: a shared role holder ("X, chief executive of Y") or a shared speaker;
- text: TF-IDF cosine of titles and bodies (graph/analysis/textsim.py), one signal among the others;
- time: published close together (only when both articles carry a date), as a multiplier;
- years: the years an article names (and the year it was published in). Two articles that both name years but
  share none are most likely about different events of the same kind (an election in 2008 and one in 2013; on
  ECB+, 84% of sister-subtopic pairs naming years share none, against 15% of same-story pairs), so their score is
  discounted; naming the same latest year (the year of the news, earlier years being background) raises it. A
  multiplier, used only when the two are not both dated (then `time` is the better evidence);
- calendar days: the days of the year an article names ("December 14", "14. december", "2013-12-14"). Two reports
  naming the same day are very likely about one event (on ECB+, 544 same-story pairs against 3 sister-story
  pairs), so a shared day raises the score, as a multiplier;
- weekdays: when not both dated, reports naming only different weekdays ("on Saturday" / "on Tuesday") are
  discounted a little and those naming the same one raised a little.

The weighted sum of these is the base score. The best `pool` candidates are then re-ranked by shared neighbours:
among the query and its candidates, each article's `neighbours` nearest are found (by the same base score), and a
candidate gains as much as its nearest neighbours are the query's (the nearest counting most). Two reports of one
story are close to the same other reports; a story of the same kind about someone else (another celebrity entering
rehab) is close to its own reports instead. This is what separates "same story" from "same kind of story" once names,
places and events have made the base scores differ a little.

Each result carries its score, the signals, the shared entities and events (`shared`, with types) and `reasons`,
short sentences saying why it was chosen.
"""
from __future__ import annotations

import calendar
import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from graph.analysis.labels import preferred_label, times
from graph.analysis.related.signals import (
    DAY_WORDS,
    FIRST_YEAR,
    YEAR_WORDS,
    bit_set,
    bound_day_number,
    day_number,
    days_named,
    valid_day,
    weekday_factor,
    weekdays_named,
    year_bit_set,
    year_factor,
    years_named,
)
from graph.analysis.sparql import ARTICLE_FIELDS, PREFIXES, string_literal
from graph.analysis.sparse import Growable, Rows
from graph.analysis.textsim import TextIndex, term_counts
from graph.dates import date_part
from graph.rdf.iris import graph_iri, short_id
from graph.rdf.namespaces import CLASS_TYPES
from graph.sparql.provenance import ARTICLE_PATH
from graph.store import Store

# How much a shared entity of each type says about two stories being related.
TYPE_WEIGHTS = {
    "Event": 1.0,
    "Person": 1.5,
    "Company": 1.0,
    "Organization": 0.8,
    "Place": 0.8,
    "Country": 0.2,
}
# Singular and plural: "shared company: X", "shared companies: X, Y".
TYPE_NOUNS = {
    "Event": ("event", "events"),
    "Person": ("person", "persons"),
    "Company": ("company", "companies"),
    "Organization": ("organisation", "organisations"),
    "Place": ("place", "places"),
    "Country": ("country", "countries"),
}


@dataclass(frozen=True)
class Weights:
    """How the signals combine. Tuned on the ECB+ odd topics (bench/related_eval.py)."""

    text: float = 1.0
    # Entities and events weigh little next to wording when both articles are in one language: on ECB+ the
    # extracted names and event ids are noisy enough that more weight made results worse (bench/related_eval.py).
    entities: float = 0.05
    events: float = 0.05
    # Shared roles and speakers: no help on the ECB+ half not fitted on, either way round (bench/related_eval.py):
    # with 0 the shipped weights gain on both halves (P@5 0.9889 / 0.9769 against 0.9882 / 0.9751).
    roles: float = 0.0
    # Across languages, wording shares little beyond names, so shared entities and events carry the ranking.
    cross_language_entities: float = 0.5
    cross_language_events: float = 0.3
    # Time: score *= (1 - time) + time * exp(-days / time_scale_days), when both articles are dated.
    time: float = 0.15
    time_scale_days: float = 14.0
    # Years stand in for dates when at most one of two articles is dated (a dated article's publication year counts
    # as named). score *= 1 + year_match when the latest years the two name are the same (on ECB+: 1084 same-story
    # pairs, 27 sister-story pairs), *= 1 + year_overlap when they share only an earlier year (188 against 141: no
    # evidence either way) and *= 1 - year_mismatch when they share none (224 against 882).
    year_mismatch: float = 0.1
    year_match: float = 0.3
    year_overlap: float = 0.0
    # Weekdays named ("on Saturday"), when not both dated: *= 1 + weekday_match if they share one, *= 1 -
    # weekday_mismatch if both name weekdays and share none.
    # On ECB+ same-story pairs share a weekday 40% of the time and name only different ones 10%; sister-story pairs
    # 21% and 29%. The mismatch is the stronger evidence.
    weekday_match: float = 0.05
    weekday_mismatch: float = 0.1
    # Calendar days: score *= 1 + day_match when both articles name the same day of the year.
    day_match: float = 0.3
    # Salience of an entity in an article: 1 + log(mentions), times this when it is one the article is `about`.
    about_boost: float = 1.5
    type_weights: dict[str, float] = field(default_factory=lambda: dict(TYPE_WEIGHTS))
    # Shared-neighbour re-ranking: candidates considered, nearest neighbours per article, weight of the overlap.
    pool: int = 50
    neighbours: int = 6
    shared_neighbours: float = 1.2
    neighbour_gate: float = 0.25


DEFAULT_WEIGHTS = Weights()


@dataclass
class ArticleInfo:
    id: str
    title: str | None
    date: str | None
    lang: str | None
    source: str | None
    entities: dict[str, int] = field(default_factory=dict)  # entity or event id -> mention count
    about: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)  # "role|holder|role|org" and "speaker|<id>" keys
    text: Any = None  # term counts of title and body, dropped once the index is built
    years: set[int] = field(default_factory=set)  # years named in the title or body, and the year published
    days: set[tuple[int, int]] = field(default_factory=set)  # (month, day) named in the title or body
    weekdays: int = 0  # bit set of the weekdays named (Monday = bit 0)


@dataclass
class EntityInfo:
    id: str
    label: str  # in no particular language: graph.analysis.labels' fallback order
    type: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language tag)

    def label_in(self, lang: str | None) -> str:
        """The label to show to a reader of `lang` (an article's language)."""
        return preferred_label(self.labels, lang) if self.labels else self.label


class ReadWriteLock:
    """Many readers or one writer (writers first once waiting, so a stream of queries cannot starve a write)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class RelatedIndex:
    """Everything the ranking needs, in numpy arrays indexed by article position, growing one article at a time.

    `build` reads the whole store; `put` adds or replaces one article and `remove` drops one, each in time
    proportional to the article (graph/analysis/sparse.py keeps the appended rows). A replaced or removed article
    leaves a dead position behind (in no answer and no count) until `compacted`, which lays everything out again
    as `build` would (articles by id, terms and entities alphabetically), so a grown-then-compacted index ranks
    exactly as a built one.

    Global statistics: the entity and term frequencies and the article count are kept as counts and turned into
    idf when a query runs, so every weight a query multiplies is current. What depends on all of an article's
    terms, its norms, is computed when the article is added and refreshed for every article (`refresh_norms`,
    O(entries), vectorised) once the articles added or removed since the last refresh reach `REFRESH_SHARE` of the
    store; between refreshes an old article's norm lags by the idf drift of under `REFRESH_SHARE` more articles.
    An entity becoming shareable (a second article names it) or ceasing to be refreshes the other article's norms
    at once, as that is what lets a new article's shared names count.

    Reads (`related_to_*`) and writes (`put`, `remove`) may run in different threads: a reader-writer lock
    (`reading()`, `writing()`) keeps each query on one state of the index.
    """

    REFRESH_SHARE = 0.01

    def __init__(
        self, articles: dict[str, ArticleInfo], entities: dict[str, EntityInfo], weights: Weights = DEFAULT_WEIGHTS
    ) -> None:
        ids = sorted(articles)
        text = TextIndex([articles[a].text or term_counts(articles[a].title, "") for a in ids])
        for art in articles.values():
            art.text = None  # the term counts live on in the text index; do not keep them twice
        entity_ids = sorted(entities)
        entity_pos = {e: i for i, e in enumerate(entity_ids)}
        arts_l: list[int] = []
        ents_l: list[int] = []
        sal_l: list[float] = []
        for i, aid in enumerate(ids):
            art = articles[aid]
            for eid, count in art.entities.items():
                j = entity_pos.get(eid)
                if j is not None:
                    arts_l.append(i)
                    ents_l.append(j)
                    sal_l.append(self._salience(art, eid, count, weights))
        rows = Rows.from_entries(
            np.array(arts_l, dtype=np.int64),
            np.array(ents_l, dtype=np.int32),
            np.array(sal_l, dtype=np.float32),
            len(ids),
            len(entity_ids),
        )
        fields = [self._fields(articles[a]) for a in ids]
        self._setup(weights, [articles[a] for a in ids], entities, entity_ids, text, rows, fields)

    def _setup(
        self,
        weights: Weights,
        articles: list[ArticleInfo],
        entities: dict[str, EntityInfo],
        entity_ids: list[str],
        text: TextIndex,
        ent_rows: Rows,
        fields: list[tuple[int, np.ndarray, int, int, np.ndarray]] | None,
        arrays: dict[str, np.ndarray] | None = None,
    ) -> None:
        """The state shared by a build, a compaction and a load: articles in position order, none dead."""
        self.weights = weights
        # A query is small matrix work: BLAS threads only spin against each other and the server's own threads
        # (on a busy 2-core machine 84 ms against 11 ms per query at 2,000 articles), so queries run with one.
        self._blas = ThreadpoolController()
        self.articles = {a.id: a for a in articles}
        self.entities = entities
        self.ids: list[str] = [a.id for a in articles]  # position -> id (dead positions keep their old id)
        self.pos: dict[str, int] = {aid: i for i, aid in enumerate(self.ids)}  # live articles only
        self.text = text
        n = len(articles)
        if arrays is None:
            arrays = {
                "days": np.array([f[0] for f in fields or []], dtype=np.int64),
                "year_bits": np.array([f[1] for f in fields or []], dtype=np.uint64).reshape(n, YEAR_WORDS),
                "latest_year": np.array([f[2] for f in fields or []], dtype=np.int32),
                "weekday_bits": np.array([f[3] for f in fields or []], dtype=np.int64),
                "day_bits": np.array([f[4] for f in fields or []], dtype=np.uint64).reshape(n, DAY_WORDS),
            }
        self._days = Growable(arrays["days"])
        # Years each article names, with its publication year, as bit sets (one row of YEAR_WORDS words each);
        # the latest of these is most often the year of the news itself, the earlier ones background. Column-major:
        # a request reads one or two words of all rows.
        self._year_bits = Growable(arrays["year_bits"], fortran=True)
        self._latest_year = Growable(arrays["latest_year"])
        self._weekday_bits = Growable(arrays["weekday_bits"])
        self._day_bits = Growable(arrays["day_bits"], fortran=True)
        self._langs: dict[str, int] = {}
        self._sources: dict[str, int] = {}
        if "lang_codes" in arrays:  # a load: the codes as saved, the tables in code order
            self._langs = {v: k for k, v in enumerate(arrays["langs"].tolist())}
            self._sources = {v: k for k, v in enumerate(arrays["sources"].tolist())}
            self._lang_codes = Growable(arrays["lang_codes"])
            self._source_codes = Growable(arrays["source_codes"])
        else:
            self._lang_codes = Growable(np.array([self._code(self._langs, a.lang) for a in articles], np.int32))
            self._source_codes = Growable(np.array([self._code(self._sources, a.source) for a in articles], np.int32))

        # Entities and events: rows (article -> entities) and postings (entity -> articles) of each entity's
        # salience in the article; rarity (idf) and type weight multiply it when a query runs.
        self.entity_ids: list[str] = entity_ids
        self.entity_pos = {e: i for i, e in enumerate(entity_ids)}
        self._type_weight = Growable(
            np.array([weights.type_weights.get(entities[e].type, 0.5) for e in entity_ids], dtype=np.float32)
        )
        self._is_event = Growable(np.array([entities[e].type == "Event" for e in entity_ids], dtype=bool))
        self.ent_rows = ent_rows
        self.version = 0  # grows with every put and remove (projections built on the index follow it)
        self._idf_cache: tuple[int, np.ndarray] | None = None
        live_rows = np.repeat(np.ones(n, dtype=bool), np.diff(ent_rows.base_ptr))
        self._entity_df = Growable(np.bincount(ent_rows.base_cols[live_rows], minlength=len(entity_ids)))
        self._ent_norm = Growable(np.zeros(n, dtype=np.float32))
        self._event_norm = Growable(np.zeros(n, dtype=np.float32))
        if "ent_norm" in arrays:
            self._ent_norm.view[:] = arrays["ent_norm"]
            self._event_norm.view[:] = arrays["event_norm"]
        else:
            self._refresh_entity_norms()

        # Roles and quotes: keys shared between articles ("this person holds this role", "this person is quoted").
        self.role_post: dict[str, list[int]] = defaultdict(list)
        for i, art in enumerate(articles):
            for key in art.roles:
                self.role_post[key].append(i)
        self.changes_since_refresh = 0
        self._lock = ReadWriteLock()

    @staticmethod
    def _code(table: dict[str, int], value: str | None) -> int:
        return table.setdefault(value, len(table)) if value is not None else -1

    @staticmethod
    def _salience(art: ArticleInfo, eid: str, count: int, weights: Weights) -> float:
        """1 + log(mentions), times `about_boost` when the article is about the entity."""
        return (1.0 + math.log(max(count, 1))) * (weights.about_boost if eid in art.about else 1.0)

    @staticmethod
    def _fields(art: ArticleInfo) -> tuple[int, np.ndarray, int, int, np.ndarray]:
        """An article's day number, year bits, latest year, weekday bits and calendar-day bits."""
        day = day_number(art.date) or -1
        published = date.fromordinal(day).year if day > 0 else None
        years = art.years | ({published} if published else set())
        days = bit_set(((m - 1) * 31 + d - 1 for m, d in art.days), DAY_WORDS)
        return day, year_bit_set(years), max(years, default=-1), art.weekdays, days

    # The arrays by position, as views of the growable storage.

    @property
    def n(self) -> int:
        """Positions, dead ones included: the length of every dense array."""
        return self.text.n

    @property
    def live(self) -> int:
        """Articles in the index."""
        return self.text.live

    @property
    def alive(self) -> np.ndarray:
        return self.text.alive

    @property
    def days(self) -> np.ndarray:
        return self._days.view

    @property
    def year_bits(self) -> np.ndarray:
        return self._year_bits.view

    @property
    def latest_year(self) -> np.ndarray:
        return self._latest_year.view

    @property
    def weekday_bits(self) -> np.ndarray:
        return self._weekday_bits.view

    @property
    def day_bits(self) -> np.ndarray:
        return self._day_bits.view

    @property
    def lang_codes(self) -> np.ndarray:
        return self._lang_codes.view

    @property
    def source_codes(self) -> np.ndarray:
        return self._source_codes.view

    @property
    def ent_norm(self) -> np.ndarray:
        return self._ent_norm.view

    @property
    def event_norm(self) -> np.ndarray:
        return self._event_norm.view

    @property
    def entity_df(self) -> np.ndarray:
        return self._entity_df.view

    @property
    def entity_type_weight(self) -> np.ndarray:
        return self._type_weight.view

    @property
    def entity_is_event(self) -> np.ndarray:
        return self._is_event.view

    @property
    def entity_idf(self) -> np.ndarray:
        """Rarity of each entity, log(1 + N / df), from the current counts (cached per version)."""
        cache = self._idf_cache
        if cache is None or cache[0] != self.version or len(cache[1]) != len(self.entity_ids):
            df = self.entity_df.astype(np.float32)
            cache = (self.version, np.log(1.0 + max(self.live, 1) / np.maximum(df, 1.0)).astype(np.float32))
            self._idf_cache = cache
        return cache[1]

    @property
    def _entity_weight(self) -> np.ndarray:
        return self.entity_idf * self.entity_type_weight

    def _row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Entities of article i (ascending) and their weights (rarity x type x salience), before normalisation."""
        cols, sal = self.ent_rows.row(i)
        return cols, (sal * self._entity_weight[cols]).astype(np.float32)

    def entity_articles(self, eid: str) -> list[str]:
        """Ids of the articles naming an entity, in position order."""
        rows, _ = self.ent_rows.column(self.entity_pos[eid])
        return [self.ids[int(r)] for r in rows if self.alive[r]]

    def live_ids(self) -> list[str]:
        """The ids of the articles in the index, sorted."""
        return sorted(self.pos)

    def reading(self) -> AbstractContextManager[None]:
        return self._lock.reading()

    def writing(self) -> AbstractContextManager[None]:
        return self._lock.writing()

    # Norms: the entity and event norms of the cosines. An entity no other article names cannot be shared, so it
    # stays out of the norm: many one-off (often misread) names must not dilute the shared ones.

    def _norms_of(self, rows: np.ndarray, cols: np.ndarray, sal: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        w = (sal * self._entity_weight[cols]).astype(np.float32)
        shareable = self.entity_df[cols] >= 2
        is_event = self.entity_is_event[cols]
        out = []
        for mask in (shareable & ~is_event, shareable & is_event):
            out.append(np.sqrt(np.bincount(rows[mask], weights=(w[mask] ** 2), minlength=n)).astype(np.float32))
        return out[0], out[1]

    def _refresh_entity_norms(self) -> None:
        f = self.ent_rows.flat()
        ent, ev = self._norms_of(f.rows, f.cols, f.vals, self.n)
        self._ent_norm.view[:] = ent
        self._event_norm.view[:] = ev

    def _refresh_article_norms(self, i: int) -> None:
        cols, sal = self.ent_rows.row(i)
        ent, ev = self._norms_of(np.zeros(len(cols), dtype=np.int64), cols, sal, 1)
        self._ent_norm.view[i], self._event_norm.view[i] = ent[0], ev[0]

    def refresh_norms(self) -> None:
        """Every article's norms from the current counts (O(entries)); `put` and `remove` call it once the store
        has changed by REFRESH_SHARE since the last time."""
        self.text.refresh_norms()
        self._refresh_entity_norms()
        self.changes_since_refresh = 0

    def _changed(self) -> None:
        self.version += 1
        self.changes_since_refresh += 1
        if self.changes_since_refresh >= max(1.0, self.REFRESH_SHARE * self.live):
            self.refresh_norms()

    def _sharing_changed(self, cols: np.ndarray, df_now: int, but: int) -> None:
        """Entities whose count just became `df_now` (2 after an add, 1 after a removal) turn shareable or not for
        the one other article naming them: refresh that article's norms."""
        for c in cols[self.entity_df[cols] == df_now].tolist():
            rows, _ = self.ent_rows.column(c)
            for r in rows.tolist():
                if r != but and self.alive[r]:
                    self._refresh_article_norms(r)

    # Growing.

    def put(self, art: ArticleInfo, entities: dict[str, EntityInfo] | None = None) -> None:
        """Add an article, or replace the one with its id: O(the article). `entities` describes (or describes anew)
        the entities it names; names without a description are left out, as in `build`."""
        with self.writing():
            if art.id in self.pos:
                self._remove(art.id)
            for info in (entities or {}).values():
                self._describe(info)
            i = self.text.add(art.text or term_counts(art.title, ""))
            art.text = None
            self.ids.append(art.id)
            self.pos[art.id] = i
            self.articles[art.id] = art
            day, years, latest, weekdays, days = self._fields(art)
            self._days.append(day)
            self._year_bits.append(years)
            self._latest_year.append(latest)
            self._weekday_bits.append(weekdays)
            self._day_bits.append(days)
            self._lang_codes.append(self._code(self._langs, art.lang))
            self._source_codes.append(self._code(self._sources, art.source))
            named = sorted((self.entity_pos[e], e) for e in art.entities if e in self.entity_pos)
            cols = np.array([c for c, _ in named], dtype=np.int32)
            sal = np.array([self._salience(art, e, art.entities[e], self.weights) for _, e in named], np.float32)
            self.ent_rows.append(cols, sal)
            self._entity_df.view[cols] += 1
            self.version += 1  # the idf cache
            self._ent_norm.append(0.0)
            self._event_norm.append(0.0)
            self._refresh_article_norms(i)
            self._sharing_changed(cols, 2, i)
            for key in art.roles:
                self.role_post[key].append(i)
            self._changed()

    def _describe(self, info: EntityInfo) -> None:
        j = self.entity_pos.get(info.id)
        self.entities[info.id] = info
        if j is None:
            self.entity_pos[info.id] = len(self.entity_ids)
            self.entity_ids.append(info.id)
            self._type_weight.append(self.weights.type_weights.get(info.type, 0.5))
            self._is_event.append(info.type == "Event")
            self._entity_df.append(0)
            self.ent_rows.add_cols(1)
        else:
            self._type_weight.view[j] = self.weights.type_weights.get(info.type, 0.5)
            self._is_event.view[j] = info.type == "Event"

    def remove(self, article_id: str) -> bool:
        """Drop an article: O(the article). True if it was there."""
        with self.writing():
            return self._remove(article_id)

    def _remove(self, article_id: str) -> bool:
        i = self.pos.pop(article_id, None)
        if i is None:
            return False
        art = self.articles.pop(article_id)
        self.text.remove(i)
        cols, _ = self.ent_rows.row(i)
        self._entity_df.view[cols] -= 1
        self.version += 1
        self._sharing_changed(cols, 1, i)
        for key in art.roles:
            post = self.role_post[key]
            post.remove(i)
            if not post:
                del self.role_post[key]
        self._changed()
        return True

    @property
    def dead(self) -> int:
        return self.n - self.live

    def compacted(self) -> RelatedIndex:
        """A new index of the live articles laid out as `build` lays them out (norms exact, no dead positions).

        Only a snapshot is taken under the read lock (references to arrays that appends never change, copies of
        the few that change in place); the sorting, O(entries), runs without it, so writes wait milliseconds,
        not the seconds of a compaction."""
        with self.reading():
            ids = self.live_ids()
            old = np.array([self.pos[a] for a in ids], dtype=np.int64)
            n, old_entity_ids = self.n, list(self.entity_ids)
            arrays = {
                "days": self.days[old],
                "year_bits": self.year_bits[old],
                "latest_year": self.latest_year[old],
                "weekday_bits": self.weekday_bits[old],
                "day_bits": self.day_bits[old],
            }
            articles = [self.articles[a] for a in ids]
            entities = dict(self.entities)
            text = self.text.frozen()
            ent_rows = self.ent_rows.frozen()
        new_row = np.full(n, -1, dtype=np.int64)
        new_row[old] = np.arange(len(ids))
        entity_ids = sorted(old_entity_ids)
        rank = {e: k for k, e in enumerate(entity_ids)}
        new_col = np.array([rank[e] for e in old_entity_ids], dtype=np.int32)
        out = object.__new__(RelatedIndex)
        out._setup(
            self.weights,
            articles,
            entities,
            entity_ids,
            text.compacted(new_row, len(ids)),
            ent_rows.compacted(new_row, len(ids), new_col, len(entity_ids)),
            None,
            arrays,
        )
        return out

    # Building from the store.

    @classmethod
    def build(cls, store: Store, weights: Weights = DEFAULT_WEIGHTS) -> RelatedIndex:
        articles, entities = cls.read(store, None)
        return cls(articles, entities, weights)

    def put_from_store(self, store: Store, article_ids: Iterable[str]) -> tuple[int, int]:
        """Bring some articles up to date with the store: read each again and put it, or remove it when the store
        no longer holds it. Returns (put, removed). O(those articles)."""
        ids = sorted(set(article_ids))
        put = removed = 0
        for start in range(0, len(ids), 200):
            chunk = ids[start : start + 200]
            articles, entities = self.read(store, chunk)
            for aid in chunk:
                art = articles.get(aid)
                if art is None:
                    removed += self.remove(aid)
                    continue
                self.put(art, {e: entities[e] for e in art.entities if e in entities})
                put += 1
        return put, removed

    @staticmethod
    def read(store: Store, ids: list[str] | None) -> tuple[dict[str, ArticleInfo], dict[str, EntityInfo]]:
        """What the index holds of some articles (of every article when `ids` is None), and the entities they name
        (every described entity when None), in a few queries."""
        # Some articles: their ids come first in every query (VALUES), so that each is a lookup, not a scan.
        values = "" if ids is None else "VALUES ?id { " + " ".join(string_literal(a) for a in ids) + " }\n"
        one = "" if ids is None else values + "?a schema:identifier ?id .\n"
        in_graphs = (
            ""
            if ids is None
            else "VALUES (?id ?g) { " + " ".join(f"({string_literal(a)} <{graph_iri(a)}>)" for a in ids) + " }\n"
        )
        articles: dict[str, ArticleInfo] = {}
        fields = ARTICLE_FIELDS if ids is None else ARTICLE_FIELDS.replace("WHERE {\n", "WHERE {\n" + values, 1)
        for r in store.select(fields):
            if r["id"] in articles:
                continue
            art = ArticleInfo(r["id"], r.get("title"), date_part(r.get("published")), r.get("lang"), r.get("source"))
            art.text = term_counts(r.get("title"), r.get("body"))
            art.years = years_named(r.get("title"), r.get("body"))
            art.days = days_named(r.get("title"), r.get("body"))
            art.weekdays = weekdays_named(r.get("title"), r.get("body"))
            articles[r["id"]] = art
        if ids is not None and not articles:
            return articles, {}
        # Mention counts per article and entity (events have no mention nodes: they count once).
        counts: dict[tuple[str, str], int] = {}
        for r in store.select(
            PREFIXES
            + f"""
SELECT ?a ?e (COUNT(?m) AS ?n) WHERE {{
  {one}?m itsrdf:taIdentRef ?e ; {ARTICLE_PATH} ?a .
}} GROUP BY ?a ?e"""
        ):
            counts[(r["a"], r["e"])] = int(r["n"] or 0)
        # Types and labels: shared nodes are described once (in the entities graph), so this is one row per label.
        entities: dict[str, EntityInfo] = {}
        classes = " ".join(f"<{c}>" for c in CLASS_TYPES)
        described = (
            f"""
SELECT ?e ?type ?label (LANG(?label) AS ?lang) WHERE {{
  VALUES ?type {{ {classes} }}
  ?e a ?type ; skos:prefLabel ?label .
}} ORDER BY ?e ?type ?label"""
            if ids is None
            else f"""
SELECT DISTINCT ?e ?type ?label (LANG(?label) AS ?lang) WHERE {{
  {one}?a schema:mentions ?e .
  ?e a ?type ; skos:prefLabel ?label .
  FILTER(?type IN ({", ".join(f"<{c}>" for c in CLASS_TYPES)}))
}} ORDER BY ?e ?type ?label"""
        )
        for r in store.select(PREFIXES + described):
            eid = short_id(r["e"])
            known = entities.get(eid)
            # One type per id (the first in a fixed order); labels chosen per language by graph.analysis.labels.
            if known is None:
                known = entities[eid] = EntityInfo(eid, r["label"], CLASS_TYPES[r["type"]])
            pair = (r["label"], r.get("lang") or "")
            if pair not in known.labels:
                known.labels.append(pair)
                known.label = preferred_label(known.labels)
        # What each article mentions (and is about), read inside each article's own graph.
        for r in store.select(
            PREFIXES
            + f"""
SELECT ?a ?id ?e ?about WHERE {{ {in_graphs}GRAPH ?g {{
  ?a schema:identifier ?id ; schema:mentions ?e .
  OPTIONAL {{ ?a schema:about ?e . BIND(true AS ?about) }}
}} }}"""
        ):
            info = articles.get(r["id"])
            eid = short_id(r["e"])
            if info is None or eid not in entities:
                continue
            info.entities[eid] = max(info.entities.get(eid, 1), counts.get((r["a"], r["e"]), 1))
            if r.get("about") is not None:
                info.about.add(eid)
        RelatedIndex._add_roles(store, articles, values)
        return articles, entities

    @staticmethod
    def _add_roles(store: Store, articles: dict[str, ArticleInfo], values: str = "") -> None:
        """Roles (person, role, organisation) and quoted speakers, as keys two articles can share."""
        for r in store.select(
            PREFIXES
            + f"""
SELECT ?id ?person ?role ?org WHERE {{
  {values}?r a nkg:RoleAssignment ; nkg:person ?person ; {ARTICLE_PATH} ?a .
  ?a schema:identifier ?id .
  OPTIONAL {{ ?r schema:roleName ?role }}
  OPTIONAL {{ ?r nkg:roleAt ?org }}
}}"""
        ):
            art = articles.get(r["id"])
            if art is not None:
                org = short_id(r["org"]) if r.get("org") else ""
                art.roles.add(f"role|{short_id(r['person'])}|{(r.get('role') or '').lower()}|{org}")
        for r in store.select(
            PREFIXES
            + f"""
SELECT DISTINCT ?id ?speaker WHERE {{
  {values}?q schema:spokenByCharacter ?speaker ; {ARTICLE_PATH} ?a .
  ?a schema:identifier ?id .
}}"""
        ):
            art = articles.get(r["id"])
            if art is not None:
                art.roles.add(f"speaker|{short_id(r['speaker'])}")

    # Ranking.

    def _gather(self, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """Sum over query entities c of vals[c] * the weights of c in every article, as a dense vector (one
        bincount, plus the postings appended since the last compaction)."""
        return self.ent_rows.gather(cols, vals * self._entity_weight[cols], self.n)

    def _filter_mask(
        self, lang: str | None = None, source: str | None = None, since: str | None = None, until: str | None = None
    ) -> np.ndarray | None:
        mask = None

        def both(m: np.ndarray) -> None:
            nonlocal mask
            mask = m if mask is None else (mask & m)

        if lang:
            both(self.lang_codes == self._langs.get(lang, -2))
        if source:
            both(self.source_codes == self._sources.get(source, -2))
        lo, hi = bound_day_number(since, "since", upper=False), bound_day_number(until, "until", upper=True)
        if lo is not None:
            both(self.days >= lo)
        if hi is not None:
            both((self.days <= hi) & (self.days >= 0))
        return mask

    def signals(self, i: int) -> dict[str, np.ndarray]:
        """Every signal of article i against every article, as dense arrays of length N."""
        w = self.weights
        text = self.text.similarities(*self.text.vector(i)).astype(np.float64)
        cols, vals = self._row(i)
        is_event = self.entity_is_event[cols]
        with np.errstate(divide="ignore", invalid="ignore"):
            ent = np.nan_to_num(
                self._gather(cols[~is_event], vals[~is_event]) / (self.ent_norm[i] * self.ent_norm)
            )
            ev = np.nan_to_num(
                self._gather(cols[is_event], vals[is_event]) / (self.event_norm[i] * self.event_norm)
            )
        roles = np.zeros(self.n, dtype=np.float64)
        keys = self.articles[self.ids[i]].roles
        for key in keys:
            roles[self.role_post.get(key, [])] += 1.0
        if keys:
            roles = np.minimum(roles / min(len(keys), 3), 1.0)
        timef = np.ones(self.n, dtype=np.float64)
        if self.days[i] >= 0 and w.time > 0:
            gap = np.abs(self.days - self.days[i]).astype(np.float64)
            timef = np.where(self.days >= 0, (1.0 - w.time) + w.time * np.exp(-gap / w.time_scale_days), 1.0)
        return {
            "text": text,
            "entities": np.minimum(ent, 1.0),
            "events": np.minimum(ev, 1.0),
            "roles": roles,
            "time": timef * self._calendar(i),
        }

    def _calendar(self, i: int) -> np.ndarray:
        """The year, weekday and calendar-day multipliers of article i against every article (dense, length N)."""
        w = self.weights
        factor = np.ones(self.n, dtype=np.float64)
        if self.latest_year[i] >= 0 and (w.year_match or w.year_overlap or w.year_mismatch):
            same_latest = self.latest_year == self.latest_year[i]
            shared = self._shares_bits(self.year_bits, i)
            named = self.latest_year >= 0
            factor *= np.where(
                same_latest,
                1.0 + w.year_match,
                np.where(shared, 1.0 + w.year_overlap, np.where(named, 1.0 - w.year_mismatch, 1.0)),
            )
        if self.weekday_bits[i]:
            factor *= self._weekday_factor(self.weekday_bits[i], self.weekday_bits)
        if self.days[i] >= 0:
            factor = np.where(self.days >= 0, 1.0, factor)  # both dated: publication dates say more
        if w.day_match and self.day_bits[i].any():
            factor *= np.where(self._shares_bits(self.day_bits, i), 1.0 + w.day_match, 1.0)
        return factor

    @staticmethod
    def _shares_bits(bits: np.ndarray, i: int) -> np.ndarray:
        """Whether each row of a (column-major) bit-set array shares a bit with row i.

        Reads only i's non-empty words."""
        row = bits[i]
        shared = np.zeros(bits.shape[0], dtype=bool)
        for k in np.flatnonzero(row):
            shared |= (bits[:, k] & row[k]) != 0
        return shared

    def _years(self, i: int) -> set[int]:
        """The years in article i's bit set (named in it, or its publication year)."""
        bits = np.unpackbits(self.year_bits[i].astype("<u8").view(np.uint8), bitorder="little")
        return {FIRST_YEAR + int(k) for k in np.flatnonzero(bits)}

    def _weekday_factor(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return weekday_factor(a, b, self.weights.weekday_match, self.weights.weekday_mismatch)

    def _year_factor(self, a: np.ndarray, b: np.ndarray, latest_a: np.ndarray, latest_b: np.ndarray) -> np.ndarray:
        w = self.weights
        return year_factor(a, b, latest_a, latest_b, w.year_match, w.year_overlap, w.year_mismatch)

    def _combine(self, text, ent, ev, roles, timef, cross_language):
        w = self.weights
        ent_w = np.where(cross_language, w.cross_language_entities, w.entities)
        ev_w = np.where(cross_language, w.cross_language_events, w.events)
        return (w.text * text + ent_w * ent + ev_w * ev + w.roles * roles) * timef

    def _cross_language(self, i: int, others: np.ndarray | None = None) -> np.ndarray:
        """True where both articles have a known language and the languages differ."""
        codes = self.lang_codes if others is None else self.lang_codes[others]
        return (self.lang_codes[i] >= 0) & (codes >= 0) & (codes != self.lang_codes[i])

    def _pair_scores(self, group: np.ndarray) -> np.ndarray:
        """Base scores between every two articles of a small group (the query and its candidates), as a matrix."""

        def cosine(rows: list[tuple[np.ndarray, np.ndarray]], norms: np.ndarray | None) -> np.ndarray:
            cols = np.unique(np.concatenate([r[0] for r in rows])) if rows else np.zeros(0, np.int32)
            dense = np.zeros((len(rows), len(cols)), dtype=np.float64)
            for k, (c, v) in enumerate(rows):
                dense[k, np.searchsorted(cols, c)] = v
            if norms is not None:
                # A row with no shareable entity has norm 0; its products with other rows are 0 anyway.
                dense = dense / np.where(norms > 0, norms, 1.0)[:, None]
            return np.minimum(dense @ dense.T, 1.0)

        text = cosine([self.text.vector(int(g)) for g in group], None)
        ent_rows, ev_rows = [], []
        for g in group:
            c, v = self._row(int(g))
            e = self.entity_is_event[c]
            ent_rows.append((c[~e], v[~e]))
            ev_rows.append((c[e], v[e]))
        ent = cosine(ent_rows, self.ent_norm[group].astype(np.float64))
        ev = cosine(ev_rows, self.event_norm[group].astype(np.float64))
        keys = [self.articles[self.ids[int(g)]].roles for g in group]
        roles = np.array([[min(len(a & b) / min(len(a), 3), 1.0) if a else 0.0 for b in keys] for a in keys])
        days = self.days[group]
        timef = np.ones((len(group), len(group)))
        if self.weights.time > 0:
            gap = np.abs(days[:, None] - days[None, :]).astype(np.float64)
            dated = (days[:, None] >= 0) & (days[None, :] >= 0)
            timef = np.where(
                dated, (1.0 - self.weights.time) + self.weights.time * np.exp(-gap / self.weights.time_scale_days), 1.0
            )
        bits, latest = self.year_bits[group], self.latest_year[group]
        dated_pair = (days[:, None] >= 0) & (days[None, :] >= 0)
        if self.weights.year_mismatch or self.weights.year_match:
            timef = np.where(
                dated_pair,
                timef,
                timef * self._year_factor(bits[:, None, :], bits[None, :, :], latest[:, None], latest[None, :]),
            )
        wd = self.weekday_bits[group]
        timef = np.where(dated_pair, timef, timef * self._weekday_factor(wd[:, None], wd[None, :]))
        if self.weights.day_match:
            cal = self.day_bits[group]
            timef = timef * np.where(
                (cal[:, None, :] & cal[None, :, :]).any(axis=-1), 1.0 + self.weights.day_match, 1.0
            )
        langs = self.lang_codes[group]
        cross = (langs[:, None] >= 0) & (langs[None, :] >= 0) & (langs[:, None] != langs[None, :])
        return self._combine(text, ent, ev, roles, timef, cross)

    def _shared_neighbours(self, i: int, pool: np.ndarray) -> np.ndarray:
        """For each pool article, how alike its nearest neighbours are to the query's (0..1).

        Each article of the group (the query and its candidates) lists its `neighbours` nearest, the nearest
        weighing most (k for the first, down to 1 for the k-th, itself k); the answer is the cosine of the query's
        list with each candidate's. Weighing by rank rather than counting members makes the answer depend less on
        where the k-th neighbour falls: on ECB+ it held or gained on both halves at every k from 6 to 15, where
        counting members swung from one half to the other with k (bench/related_eval.py)."""
        k = self.weights.neighbours
        group = np.concatenate(([i], pool))
        pair = self._pair_scores(group)
        np.fill_diagonal(pair, -np.inf)
        k_eff = min(k, len(group) - 1)
        if k_eff <= 0:
            return np.zeros(len(pool))
        # Ties keep the group's order (the pool is ordered by score, then id), so the answer does not depend on
        # where articles sit in the index.
        nearest = np.argsort(-pair, axis=1, kind="stable")[:, :k_eff]
        lists = np.zeros(pair.shape, dtype=np.float64)
        lists[np.arange(len(group))[:, None], nearest] = np.arange(k_eff, 0, -1, dtype=np.float64)
        lists[pair <= 0] = 0.0  # no neighbour by a zero score
        np.fill_diagonal(lists, float(k_eff))
        lists /= np.linalg.norm(lists, axis=1, keepdims=True)
        return lists[1:] @ lists[0]

    def related_to_article(self, article_id: str, limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        """Articles related to a stored article, best first, each with score, signals, shared items and reasons."""
        with self.reading(), self._blas.limit(limits=1, user_api="blas"):
            return self._related_to_article(article_id, limit, **filters)

    def _related_to_article(self, article_id: str, limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        i, signals, pool, final, shared_nb, order = self._rank(article_id, limit, **filters)
        results = []
        for k in order:
            j = int(pool[k])
            sig = {name: float(v[j]) for name, v in signals.items()}
            sig["neighbours"] = float(shared_nb[k])
            results.append(self._result(i, j, float(final[k]), sig))
        return results

    def ranked(self, article_id: str, limit: int = 10, **filters: Any) -> list[tuple[str, float]]:
        """The ids and scores `related_to_article` answers, without the explanations (what tuning needs)."""
        with self.reading(), self._blas.limit(limits=1, user_api="blas"):
            _, _, pool, final, _, order = self._rank(article_id, limit, **filters)
            return [(self.ids[int(pool[k])], float(final[k])) for k in order]

    def _rank(
        self, article_id: str, limit: int, **filters: Any
    ) -> tuple[int, dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, list[int]]:
        """Article i's signals, its candidate pool, their final scores and shared-neighbour signal, and the best
        `limit` of the pool in order."""
        i = self.pos.get(article_id)
        if i is None:
            raise KeyError(article_id)
        signals = self.signals(i)
        base = self._combine(
            signals["text"],
            signals["entities"],
            signals["events"],
            signals["roles"],
            signals["time"],
            self._cross_language(i),
        )
        base[i] = -1.0
        base[~self.alive] = -1.0  # replaced and removed articles, until a compaction
        mask = self._filter_mask(**filters)
        if mask is not None:
            base = np.where(mask, base, -1.0)
        pool = np.array(self._top(base, max(self.weights.pool, limit)), dtype=np.int64)
        if len(pool) == 0:
            return i, signals, pool, np.zeros(0), np.zeros(0), []
        shared_nb = self._shared_neighbours(i, pool) if self.weights.shared_neighbours > 0 else np.zeros(len(pool))
        # Shared neighbours add to the base score, in full for candidates scoring at least `neighbour_gate` of the
        # best candidate and proportionally less below: they sharpen real similarity but cannot make an unrelated
        # article (one that merely sits in the same corner of a small collection) look related.
        base_pool = base[pool]
        gate = np.minimum(1.0, base_pool / max(self.weights.neighbour_gate * float(base_pool.max()), 1e-12))
        final = base_pool + self.weights.shared_neighbours * shared_nb * gate
        order = sorted(range(len(pool)), key=lambda k: (-final[k], self.ids[int(pool[k])]))[:limit]
        return i, signals, pool, final, shared_nb, order

    def _top(self, score: np.ndarray, limit: int) -> list[int]:
        k = min(limit, int((score > 0).sum()))
        if k <= 0:
            return []
        cand = np.argpartition(-score, k - 1)[:k]
        # Best first; ties by article id (every tie at the cut is considered), so the order does not depend on
        # where an article sits in the arrays.
        cand = np.flatnonzero(score >= score[cand].min())
        return sorted(cand.tolist(), key=lambda j: (-score[j], self.ids[j]))[:k]

    def _shared(self, i: int, j: int) -> list[dict[str, Any]]:
        ci, vi = self._row(i)
        cj, vj = self._row(j)
        common, ii, jj = np.intersect1d(ci, cj, assume_unique=True, return_indices=True)
        lang = self.articles[self.ids[i]].lang  # labels in the language of the article the reader is on
        items = []
        for c, a, b in zip(common, vi[ii], vj[jj], strict=True):
            ent = self.entities[self.entity_ids[c]]
            weight = round(float(a * b) ** 0.5, 4)
            items.append({"id": ent.id, "label": ent.label_in(lang), "type": ent.type, "weight": weight})
        items.sort(key=lambda d: (-d["weight"], d["id"]))
        return items

    def _result(self, i: int, j: int, score: float, signals: dict[str, float]) -> dict[str, Any]:
        art = self.articles[self.ids[j]]
        shared = self._shared(i, j)
        reasons: list[str] = []
        for kind, (noun, nouns) in TYPE_NOUNS.items():
            names = [s["label"] for s in shared if s["type"] == kind]
            if names:
                reasons.append(f"shared {noun if len(names) == 1 else nouns}: {', '.join(names[:5])}")
        roles = sorted(self.articles[self.ids[i]].roles & art.roles)
        for key in roles[:3]:
            parts = key.split("|")
            holder = self.entities.get(parts[1])
            name = holder.label if holder else parts[1]
            reasons.append(
                f"same speaker quoted: {name}"
                if parts[0] == "speaker"
                else f"same role: {name}, {parts[2]}".rstrip(", ")
            )
        if signals["text"] > 0:
            terms = self.text.shared_terms(i, j)
            if terms:
                reasons.append(f"similar wording ({signals['text']:.2f}): {', '.join(terms)}")
        if signals.get("neighbours", 0) > 0:
            reasons.append(
                f"close to the same other stories (nearest neighbours {signals['neighbours']:.0%} alike)"
            )
        if self.days[i] >= 0 and self.days[j] >= 0:
            gap = abs(int(self.days[i] - self.days[j]))
            reasons.append(
                "published the same day" if gap == 0 else f"published {gap} day{'s' if gap > 1 else ''} apart"
            )
        else:
            years = sorted(self._years(i) & self._years(j))
            if years:
                reasons.append(f"same year{'s' if len(years) > 1 else ''}: {', '.join(map(str, years[-3:]))}")
        if not (self.days[i] >= 0 and self.days[j] >= 0):
            weekdays = int(self.weekday_bits[i] & self.weekday_bits[j])
            if weekdays:
                names = [calendar.day_name[k] for k in range(7) if weekdays >> k & 1]
                reasons.append(f"same weekday named: {', '.join(names)}")
        days = sorted(self.articles[self.ids[i]].days & art.days)
        if days:
            named = ", ".join(date(2000, m, d).strftime("%d %B").lstrip("0") for m, d in days[:3] if valid_day(m, d))
            if named:
                reasons.append(f"same day named: {named}")
        return {
            "id": art.id,
            "title": art.title,
            "date": art.date,
            "lang": art.lang,
            "source": art.source,
            "score": round(score, 4),
            "signals": {k: round(v, 4) for k, v in signals.items()},
            "shared": shared,
            "roles": roles,
            "reasons": reasons,
        }

    def related_to_entities(self, entity_ids: list[str], limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        """Articles about a set of entities: those naming all of them and naming them often rank first."""
        with self.reading(), self._blas.limit(limits=1, user_api="blas"):
            return self._related_to_entities(entity_ids, limit, **filters)

    def _related_to_entities(self, entity_ids: list[str], limit: int = 10, **filters: Any) -> list[dict[str, Any]]:
        unknown = [e for e in entity_ids if e not in self.entity_pos]
        if unknown:
            raise KeyError(", ".join(unknown))
        cols = np.array(sorted({self.entity_pos[e] for e in entity_ids}), dtype=np.int32)
        weight = self.entity_idf[cols] * self.entity_type_weight[cols]
        coverage = np.zeros(self.n, dtype=np.float64)
        salience = np.zeros(self.n, dtype=np.float64)
        for c, wc in zip(cols, weight, strict=True):
            arts, sal = self.ent_rows.column(int(c))
            ws = sal * wc
            coverage[arts] += wc
            # Salience share: how much of the article's entity weight this entity is.
            salience[arts] += wc * ws / np.maximum(self.ent_norm[arts] + self.event_norm[arts], 1e-6)
        total = float(weight.sum()) or 1.0
        score = coverage / total + 0.25 * salience / total
        # Recent first among equals: a tiny tie-break by date.
        score = np.where((score > 0) & self.alive, score + 1e-9 * np.maximum(self.days, 0), 0.0)
        mask = self._filter_mask(**filters)
        if mask is not None:
            score = np.where(mask, score, -1.0)
        results = []
        wanted = set(cols.tolist())
        for j in self._top(score, limit):
            art = self.articles[self.ids[j]]
            cj, vj = self._row(j)
            shared: list[dict[str, Any]] = []
            for c, v in zip(cj, vj, strict=True):
                if int(c) in wanted:
                    ent = self.entities[self.entity_ids[c]]
                    shared.append({"id": ent.id, "label": ent.label, "type": ent.type, "weight": round(float(v), 4)})
            shared.sort(key=lambda d: (-d["weight"], d["id"]))
            reasons = [f"mentions {s['label']} ({s['type']}) {times(art.entities.get(s['id'], 1))}" for s in shared]
            results.append(
                {
                    "id": art.id,
                    "title": art.title,
                    "date": art.date,
                    "lang": art.lang,
                    "source": art.source,
                    "score": round(float(score[j]), 4),
                    "shared": shared,
                    "reasons": reasons,
                }
            )
        return results

    def with_weights(self, weights: Weights) -> RelatedIndex:
        """The same index ranking with other weights (for tuning). Shares the arrays: `about_boost` stays as built."""
        clone = object.__new__(RelatedIndex)
        clone.__dict__.update(self.__dict__)
        clone.weights = weights
        return clone
