"""Stories and copies in the store: the articles' features read back, the assignment written to its own graph.

The graph `STORIES_GRAPH` holds, per story, `<story> a nkg:Story, schema:CreativeWorkSeries ; schema:identifier ;
schema:hasPart <article> ; schema:about <event>` and `<article> schema:isPartOf <story>`, and per copy
`<copy> schema:isBasedOn <original>`. It is kept apart from the article graphs, which ingest replaces whole.

Every merge and split is kept there too, so story ids mean the same after a restart and a link to a story merged
away still leads somewhere: `<revision> a nkg:StoryMerge (or nkg:StorySplit), prov:Activity ; schema:position n ;
nkg:revisedStory <the story keeping its id> ; nkg:otherStory <the story merged in, or where a part went> ;
nkg:linkScore x (a merge) ; nkg:movedArticle <article> (a split) ; prov:endedAtTime t ; prov:wasAssociatedWith
<the stories software agent>`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from graph.analysis.copies import CopyIndex
from graph.analysis.sparql import ARTICLE_FIELDS, PREFIXES, iri_ref, string_literal
from graph.analysis.stories import StoryArticle, StoryIndex, Weights, order_key
from graph.analysis.textsim import tokenize
from graph.dates import date_part
from graph.rdf.iris import EVENT_NS, article_id_from_iri, article_iri, event_iri, short_id
from graph.rdf.namespaces import ID
from graph.rdf.provenance import extractor_iri
from graph.store import Store

STORIES_GRAPH = "https://w3id.org/newskg/stories"


STORY_NS = f"{ID}story/"
REVISION_NS = f"{ID}story-revision/"
# The class of each kind of revision (graph/analysis/stories.py StoryIndex.revisions).
REVISION_CLASSES = {"merge": "StoryMerge", "split": "StorySplit"}
# The software agent of every revision: the stories component of this version of newskg.
STORIES_AGENT = "stories"


def story_iri(sid: str) -> str:
    return f"{STORY_NS}{sid}"


def _story_id_from_iri(iri: str) -> str:
    return iri[len(STORY_NS):] if iri.startswith(STORY_NS) else iri


def _revision_quads(revision: dict[str, Any], position: int) -> list[str]:
    """A merge or split as a prov:Activity (see the module docstring); its IRI from its content and position, so
    two keepers writing one remote store do not overwrite each other's log."""
    digest = hashlib.sha1(json.dumps([position, revision], sort_keys=True).encode("utf-8")).hexdigest()[:16]
    r = iri_ref(REVISION_NS + digest)
    agent = extractor_iri(STORIES_AGENT).value
    lines = [
        f"{r} a nkg:{REVISION_CLASSES[str(revision['kind'])]}, prov:Activity ; schema:position {position} ;"
        f" nkg:revisedStory {iri_ref(story_iri(str(revision['story'])))} ;"
        f" nkg:otherStory {iri_ref(story_iri(str(revision['other'])))} ;"
        f" prov:endedAtTime {string_literal(str(revision['at']))}^^xsd:dateTime ; prov:wasAssociatedWith <{agent}> .",
        f"<{agent}> a prov:SoftwareAgent ; rdfs:label \"newskg stories\" ;"
        f" schema:softwareVersion {string_literal(agent.rsplit('/', 1)[1])} .",
    ]
    if "link" in revision:
        lines.append(f'{r} nkg:linkScore "{float(revision["link"])!r}"^^xsd:double .')
    lines.extend(f"{r} nkg:movedArticle {iri_ref(article_iri(str(a)))} ." for a in revision.get("articles", ()))
    return lines


def stored_revisions(store: Store) -> list[dict[str, Any]]:
    """The merges and splits kept in the store, in the order they were made (the keys of StoryIndex.revisions,
    and `at`, when)."""
    kinds = {v: k for k, v in REVISION_CLASSES.items()}
    rows = store.select(
        PREFIXES
        + f"""SELECT ?r ?kind ?pos ?story ?other ?at ?link ?moved WHERE {{ GRAPH <{STORIES_GRAPH}> {{
  ?r a ?kind ; schema:position ?pos ; nkg:revisedStory ?story ; nkg:otherStory ?other ; prov:endedAtTime ?at .
  FILTER(?kind IN (nkg:StoryMerge, nkg:StorySplit))
  OPTIONAL {{ ?r nkg:linkScore ?link }}
  OPTIONAL {{ ?r nkg:movedArticle ?moved }}
}} }}"""
    )
    found: dict[str, tuple[tuple[int, str], dict[str, Any]]] = {}
    for row in rows:
        if row["r"] not in found:
            kind = kinds[row["kind"].rsplit("#", 1)[-1]]
            rev: dict[str, Any] = {"kind": kind, "story": _story_id_from_iri(row["story"]),
                                   "other": _story_id_from_iri(row["other"])}
            if kind == "merge":
                rev["link"] = row["link"]
            else:
                rev["articles"] = []
            rev["at"] = row["at"]
            found[row["r"]] = ((int(row["pos"]), row["at"]), rev)
        if row.get("moved"):
            found[row["r"]][1]["articles"].append(article_id_from_iri(row["moved"]))
    revisions = [rev for _, rev in sorted(found.values(), key=lambda t: t[0])]
    for rev in revisions:
        if "articles" in rev:
            rev["articles"].sort()
    return revisions


# ARTICLE_FIELDS cut after its WHERE's brace, where a VALUES clause goes to read some articles only.
_FIELDS_HEAD, _FIELDS_TAIL = ARTICLE_FIELDS.split("WHERE {", 1)
_FIELDS_HEAD += "WHERE {\n"


def _features(store: Store, ids: list[str] | None = None) -> list[StoryArticle]:
    """Stored articles (all, or those with the given ids) with what stories and copies need, oldest first."""
    where = ""
    if ids is not None:
        if not ids:
            return []
        where = "VALUES ?id { " + " ".join(string_literal(i) for i in ids) + " }\n"
    arts: dict[str, StoryArticle] = {}
    query = ARTICLE_FIELDS if ids is None else _FIELDS_HEAD + where + _FIELDS_TAIL
    for r in store.select(query):
        if r["id"] not in arts:
            arts[r["id"]] = StoryArticle(
                r["id"], r.get("published"), r.get("lang"), r.get("source"), r.get("title"), r.get("body")
            )
    ents: dict[str, set[str]] = {}
    evs: dict[str, set[str]] = {}
    for r in store.select(
        PREFIXES + f"SELECT ?id ?e WHERE {{ {where} GRAPH ?g {{ ?a schema:identifier ?id ; schema:mentions ?e }} }}"
    ):
        (evs if r["e"].startswith(EVENT_NS) else ents).setdefault(r["id"], set()).add(short_id(r["e"]))
    for a in arts.values():
        a.entities = frozenset(ents.get(a.id, ()))
        a.events = frozenset(evs.get(a.id, ()))
    return sorted(arts.values(), key=order_key)


def load_articles(store: Store) -> list[StoryArticle]:
    """Every stored article with what stories and copies need, oldest first."""
    return _features(store)


def stored_ids(store: Store) -> set[str]:
    """The ids of the stored articles (from the names of their graphs: no scan of the articles)."""
    return set(store.article_ids())


def stored_assignment(store: Store, ids: list[str] | None = None) -> dict[str, str]:
    """Article id -> story id as stored (of every article, or of the given ones)."""
    if ids is not None and not ids:
        return {}
    values = "" if ids is None else "VALUES ?a { " + " ".join(iri_ref(article_iri(i)) for i in ids) + " }\n"
    rows = store.select(
        PREFIXES
        + f"SELECT ?a ?sid WHERE {{ {values}GRAPH <{STORIES_GRAPH}> "
        "{ ?s schema:hasPart ?a ; schema:identifier ?sid } }"
    )
    return {article_id_from_iri(r["a"]): r["sid"] for r in rows}


def _story_quads(sid: str, article_ids: list[str], events: set[str]) -> list[str]:
    s = iri_ref(story_iri(sid))
    lines = [f"{s} a nkg:Story, schema:CreativeWorkSeries ; schema:identifier {string_literal(sid)} ."]
    for a in article_ids:
        ref = iri_ref(article_iri(a))
        lines.append(f"{s} schema:hasPart {ref} . {ref} schema:isPartOf {s} .")
    for e in sorted(events):
        lines.append(f"{s} schema:about {iri_ref(event_iri(e))} .")
    return lines


class StoryKeeper:
    """The stories and copies of one store, kept in memory and up to date as articles arrive.

    Built once per store (graph/services.py) and loaded from the store on first use: stored assignments are read
    back as they are, articles without a story get one. After that, `ingested(ids)` reads only the new articles,
    puts each in a story (revising the stories around it, see graph/analysis/stories.py) and in the copy index,
    and writes back only the stories and copy groups that changed. Another writer to the same store is noticed by
    the store's generation on the next `current()` and caught up the same way."""

    def __init__(self, store: Store, weights: Weights | None = None, copy_threshold: float | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()
        self.copy_threshold = copy_threshold
        self._lock = threading.RLock()
        self._index: StoryIndex | None = None
        self._copies: CopyIndex | None = None
        self._copy_of: dict[str, str] = {}
        self._generation = -1
        self._revisions_written = 0  # how many of the index's revisions are in the store

    @property
    def lock(self) -> threading.RLock:
        """Held while the index is read or changed: hold it to read what `current()` returns."""
        return self._lock

    def copy_of(self) -> dict[str, str]:
        """Copy id -> original id, caught up with the store."""
        with self._lock:
            return dict(self.current()[1])

    def _new_copies(self) -> CopyIndex:
        return CopyIndex() if self.copy_threshold is None else CopyIndex(threshold=self.copy_threshold)

    def _load(self) -> dict[str, Any]:
        self._index, self._copies = StoryIndex(self.weights), self._new_copies()
        # The merges and splits made before: a merged story's id leads on, and is not given to a new story.
        self._index.revisions = stored_revisions(self.store)
        self._index.retired = {str(r["other"]) for r in self._index.revisions if r["kind"] == "merge"}
        self._revisions_written = len(self._index.revisions)
        known = stored_assignment(self.store)
        articles = load_articles(self.store)
        for a in articles:  # what is stored stays as it is
            if a.id in known:
                self._index.add(a, known[a.id])
            self._copies.add(a.id, a.published, a.body)
        self._index.take_changed()
        stale = set(known) - {a.id for a in articles}  # assignments of articles since deleted
        self._index.changed |= {known[a] for a in stale}
        self._copy_of = stored_copies(self.store)
        copy_of = self._copies.copy_of()
        return self._place([a for a in articles if a.id not in known], copy_of)

    def _place(self, articles: list[StoryArticle], copy_of: dict[str, str] | None = None) -> dict[str, Any]:
        """Put articles (already in the copy index when `copy_of` is given) in stories, write what changed."""
        assert self._index is not None and self._copies is not None
        if copy_of is None:
            # Only the copy groups a new article joined can change (a new, earlier original included).
            members: set[str] = set()
            # The body is tokenized once, for the copy index and the story index alike.
            words = {a.id: tokenize(a.body or "") for a in articles}
            for a in sorted(articles, key=order_key):
                if self._copies.add(a.id, a.published, a.body, words[a.id]):
                    members.update(self._copies.group_of(a.id))
            # Only the links of those groups can change: the others are kept as they are, and compared no more
            # (the cost of a batch does not grow with the copies the store holds).
            touched: set[str] = set()
            if members:
                links = self._copies.links(members)
                copy_of = {c: o for c, o in self._copy_of.items() if c not in members}
                copy_of.update(links)
                touched = members | links.keys()
            else:
                copy_of = self._copy_of
        else:
            words = {}
            touched = set(copy_of) | set(self._copy_of)
        for a in sorted(articles, key=order_key):
            self._index.add(a, words=words.get(a.id))
        changed_copies = {c for c in touched if copy_of.get(c) != self._copy_of.get(c)}
        self._write(self._index.take_changed(), changed_copies, copy_of)
        self._copy_of = copy_of
        self._generation = self.store.generation
        return {
            "assigned": {a.id: self._index.items[a.id].story for a in articles},
            "stories": len(self._index.members),
            "copies": len(copy_of),
            "revisions": list(self._index.revisions),
        }

    def _write(self, stories: set[str], copies: set[str], copy_of: dict[str, str]) -> None:
        """Rewrite the given stories and the copy links of the given articles."""
        assert self._index is not None
        g = iri_ref(STORIES_GRAPH)
        parts = []
        # A changed story is rewritten whole: its members and the events its members report; a story that
        # ceased to exist (merged, emptied) is only deleted.
        for sid in sorted(stories):
            s = iri_ref(story_iri(sid))
            parts.append(f"DELETE WHERE {{ GRAPH {g} {{ {s} ?p ?o }} }}")
            parts.append(f"DELETE WHERE {{ GRAPH {g} {{ ?a schema:isPartOf {s} }} }}")
            members = self._index.members.get(sid)
            if members:
                events = set().union(*(self._index.items[m].article.events for m in members))
                body = "\n".join(_story_quads(sid, members, events))
                parts.append("INSERT DATA { GRAPH " + g + " {\n" + body + "\n} }")
        for c in sorted(copies):
            parts.append(f"DELETE WHERE {{ GRAPH {g} {{ {iri_ref(article_iri(c))} schema:isBasedOn ?o }} }}")
        links = [f"{iri_ref(article_iri(c))} schema:isBasedOn {iri_ref(article_iri(copy_of[c]))} ."
                 for c in sorted(copies) if c in copy_of]
        if links:
            parts.append("INSERT DATA { GRAPH " + g + " {\n" + "\n".join(links) + "\n} }")
        new = self._index.revisions[self._revisions_written:]
        if new:
            at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            lines = []
            for k, revision in enumerate(new, self._revisions_written):
                revision.setdefault("at", at)
                lines += _revision_quads(revision, k)
            parts.append("INSERT DATA { GRAPH " + g + " {\n" + "\n".join(lines) + "\n} }")
        if parts:
            self.store.update(PREFIXES + " ;\n".join(parts))
        self._revisions_written = len(self._index.revisions)

    def _adopt(self, articles: list[StoryArticle]) -> dict[str, Any]:
        """Take in articles another writer stored: those its keeper already put in a story keep that story (and the
        copy links it stored), the others are placed here."""
        assert self._index is not None and self._copies is not None
        known = stored_assignment(self.store, [a.id for a in articles])
        if not known:
            return self._place(articles)
        for a in sorted(articles, key=order_key):  # as _load reads a store: what is stored stays as it is
            if a.id in known:
                self._index.add(a, known[a.id])
            self._copies.add(a.id, a.published, a.body)
        self._index.take_changed()
        self._copy_of = stored_copies(self.store)
        return self._place([a for a in articles if a.id not in known], self._copies.copy_of())

    def ingested(self, article_ids: list[str]) -> dict[str, Any]:
        """Place articles just written to the store: read them, give each a story, find their copies, write what
        changed. An id already placed (an article stored again) keeps its story. Returns what changed."""
        with self._lock:
            if self._index is None:
                return self._load()
            fresh = [i for i in dict.fromkeys(article_ids) if i not in self._index.items]
            return self._place(_features(self.store, fresh))

    def current(self) -> tuple[StoryIndex, dict[str, str]]:
        """The story index and copy links (copy id -> original id), caught up with the store if another writer
        changed it."""
        self.store.catch_up()  # articles other clients wrote to a shared store count as changes too
        with self._lock:
            if self._index is None:
                self._load()
            elif self.store.generation != self._generation:
                ids = stored_ids(self.store)
                assert self._index is not None
                if set(self._index.items) - ids:  # articles deleted: read everything again (stories stay as stored)
                    self._load()
                else:
                    self._adopt(_features(self.store, sorted(ids - set(self._index.items))))
            assert self._index is not None
            return self._index, self._copy_of


def update_stories(store: Store, weights: Weights | None = None) -> dict[str, Any]:
    """Give every article without a story one (joining the best stored story or starting one) and find the copies,
    with a keeper used once; the stories of articles already assigned do not move. Returns what changed."""
    return StoryKeeper(store, weights).ingested([])


def stored_copies(store: Store) -> dict[str, str]:
    """Copy id -> original id as stored."""
    rows = store.select(PREFIXES + f"SELECT ?c ?o WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?c schema:isBasedOn ?o }} }}")
    return {article_id_from_iri(r["c"]): article_id_from_iri(r["o"]) for r in rows}


def article_links(store: Store, article_id: str) -> dict[str, Any]:
    """`story`, `copy_of` and `copies` of one article, for its JSON."""
    a = iri_ref(article_iri(article_id))
    g = iri_ref(STORIES_GRAPH)
    story = store.select(
        PREFIXES + f"SELECT ?sid WHERE {{ GRAPH {g} {{ {a} schema:isPartOf/schema:identifier ?sid }} }}"
    )
    orig = store.select(PREFIXES + f"SELECT ?o WHERE {{ GRAPH {g} {{ {a} schema:isBasedOn ?o }} }}")
    copies = store.select(PREFIXES + f"SELECT ?c WHERE {{ GRAPH {g} {{ ?c schema:isBasedOn {a} }} }} ORDER BY ?c")
    return {
        "story": story[0]["sid"] if story else None,
        "copy_of": article_id_from_iri(orig[0]["o"]) if orig else None,
        "copies": [article_id_from_iri(r["c"]) for r in copies],
    }


def _card(index: StoryIndex, sid: str, copy_of: dict[str, str]) -> dict[str, Any]:
    arts = sorted((index.items[m].article for m in index.members[sid]), key=order_key)
    entities = Counter(e for a in arts for e in a.entities)
    events = Counter(e for a in arts for e in a.events)
    first = arts[0]
    # One item per text: a copy is folded into its original's item ("also published by").
    texts: dict[str, dict[str, Any]] = {}
    for a in arts:
        original = copy_of.get(a.id, a.id)
        item = texts.setdefault(original, {"id": original, "also_published_by": []})
        if a.id != original:
            item["also_published_by"].append({"id": a.id, "source": a.source})
    return {
        "id": sid,
        "title": first.title,
        "articles": [a.id for a in arts],
        "first_published": first.published,
        "first_source": first.source,
        "sources": sorted({a.source for a in arts if a.source}),
        "languages": sorted({a.lang for a in arts if a.lang}),
        "entities": [e for e, _ in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
        "events": [e for e, _ in sorted(events.items(), key=lambda kv: (-kv[1], kv[0]))[:20]],
        "texts": list(texts.values()),
    }


def _matches(
    card: dict[str, Any], index: StoryIndex, since: str | None, until: str | None, lang: str | None, source: str | None
) -> bool:
    arts = [index.items[a].article for a in card["articles"]]
    day = date_part(card["first_published"])
    if since and (not day or day < since):
        return False
    if until and (not day or day[: len(until)] > until):
        return False
    if lang and lang not in {a.lang for a in arts}:
        return False
    return not source or source in {a.source for a in arts}


def list_stories(
    keeper: StoryKeeper,
    limit: int = 50,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Story cards, newest first story (by its first report); filters on the first report's date, and on any
    member's language and source."""
    with keeper.lock:
        index, copy_of = keeper.current()
        cards = [_card(index, sid, copy_of) for sid in index.members]
        cards = [c for c in cards if _matches(c, index, since, until, lang, source)]
    cards.sort(key=lambda c: (c["first_published"] or "", c["id"]), reverse=True)
    return cards[offset : offset + limit]


def get_story(keeper: StoryKeeper, sid: str) -> dict[str, Any] | None:
    """One story: its card, its timeline and why each article belongs; None when there is no such story."""
    with keeper.lock:
        index, copy_of = keeper.current()
        if sid not in index.members:
            return None
        card = _card(index, sid, copy_of)
        card["timeline"] = [
            {
                "id": a.id,
                "published": a.published,
                "source": a.source,
                "lang": a.lang,
                "title": a.title,
                "copy_of": copy_of.get(a.id),
                "why": index.why(a.id),
            }
            for a in (index.items[m].article for m in card["articles"])
        ]
        # Merges and splits this story took part in since the keeper was loaded.
        card["revisions"] = [r for r in index.revisions if sid in (r["story"], r["other"])]
    return card


def merged_into(keeper: StoryKeeper, sid: str) -> str | None:
    """The story a story id was merged into (following later merges), if the keeper saw that merge."""
    with keeper.lock:
        index, _ = keeper.current()
        seen = {sid}
        while sid not in index.members:
            nxt = next((str(r["story"]) for r in reversed(index.revisions)
                        if r["kind"] == "merge" and r["other"] == sid), None)
            if nxt is None or nxt in seen:
                return None
            seen.add(nxt)
            sid = nxt
        return sid


def fold_copies(results: list[dict[str, Any]], copy_of: dict[str, str], query_id: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """One item per text in a ranked list: a copy is folded into the first-ranked item of its text, as
    `also_published_by` (id, source); copies of the query's own text are left out."""
    query_text = copy_of.get(query_id, query_id) if query_id else None
    items: dict[str, dict[str, Any]] = {}
    for r in results:
        text = copy_of.get(r["id"], r["id"])
        if text == query_text:
            continue
        if text in items:
            items[text]["also_published_by"].append({"id": r["id"], "source": r.get("source")})
        else:
            items[text] = {**r, "also_published_by": []}
    return list(items.values())[:limit]
