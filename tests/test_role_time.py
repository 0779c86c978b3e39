"""When a role is held (graph/extract/role_time.py): status and dates from the words around it."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.role_time import STATUSES, held_on, load_cue_words, read_role_time
from tests.support.gold import GOLD, split_sentences

PUBLISHED = "2026-11-25"  # a Wednesday
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_DA = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def read(text: str, lang: str, person: str, role: str, org: str | None = None, published: str | None = PUBLISHED):
    """Spans as the role extractor gives them: the first occurrence of the name, the role word and the org."""
    p = text.index(person)
    r = re.search(re.escape(role), text, re.IGNORECASE)
    assert r is not None, role
    spans = [(p, p + len(person)), (r.start(), r.end())]
    if org:
        o = text.index(org)
        spans.append((o, o + len(org)))
    extent = (min(s[0] for s in spans), max(s[1] for s in spans))
    sentence = next((s.start, s.end) for s in split_sentences(text) if s.start <= p < s.end)
    got = read_role_time(text, lang, sentence, (r.start(), r.end()), (p, p + len(person)), published, extent)
    return got.status, got.valid_from, got.valid_until


@pytest.mark.parametrize(
    "text, lang, person, role, org, expected",
    [
        ("Den tidligere minister Per Holm talte.", "da", "Per Holm", "minister", None, ("former", None, None)),
        ("Former chief executive Per Holm spoke.", "en", "Per Holm", "chief executive", None, ("former", None, None)),
        ("Fhv. minister Per Holm talte.", "da", "Per Holm", "minister", None, ("former", None, None)),
        ("Ex-CEO Per Holm spoke.", "en", "Per Holm", "CEO", None, ("former", None, None)),
        ("Den nuværende formand Per Holm talte.", "da", "Per Holm", "formand", None, ("current", None, None)),
        ("The current chairman Per Holm spoke.", "en", "Per Holm", "chairman", None, ("current", None, None)),
        ("Fra 1. marts bliver Per Holm direktør i Vestas.", "da", "Per Holm", "direktør", "Vestas",
         ("incoming", "2027-03-01", None)),
        ("Per Holm will take over as CEO of Vestas on Friday.", "en", "Per Holm", "CEO", "Vestas",
         ("incoming", "2026-11-27", None)),
        ("Per Holm fratrådte som direktør i Vestas i mandags.", "da", "Per Holm", "direktør", "Vestas",
         ("ended", None, "2026-11-23")),
        ("Per Holm stepped down as CEO of Vestas on Thursday.", "en", "Per Holm", "CEO", "Vestas",
         ("ended", None, "2026-11-19")),
        ("CEO Per Holm resigned yesterday.", "en", "Per Holm", "CEO", None, ("ended", None, "2026-11-24")),
        ("Per Holm, who was CEO of Vestas between 2010 and 2015, spoke.", "en", "Per Holm", "CEO", "Vestas",
         ("former", "2010", "2015")),
        ("Per Holm, der var direktør i Vestas i perioden 2010-2015, talte.", "da", "Per Holm", "direktør", "Vestas",
         ("former", "2010", "2015")),
        ("Per Holm har været direktør i Vestas siden 1. april 2020.", "da", "Per Holm", "direktør", "Vestas",
         ("current", "2020-04-01", None)),
        ("Per Holm has been CEO of Vestas since 2019.", "en", "Per Holm", "CEO", "Vestas", ("current", "2019", None)),
        # a date in the sentence that belongs to another verb is not the role's
        ("Direktør Per Holm sagde i går, at han bliver.", "da", "Per Holm", "direktør", None,
         ("current", None, None)),
        ("CFO Per Holm of Vestas was arrested on Monday.", "en", "Per Holm", "CFO", None, ("current", None, None)),
        # "tidligere" meaning "earlier", far from the role word
        ("Tidligere på ugen mødtes ministeren Per Holm med pressen.", "da", "Per Holm", "minister", None,
         ("current", None, None)),
        # the passive "bliver anklaget" is not a start
        ("Direktør Per Holm bliver anklaget for bedrageri.", "da", "Per Holm", "direktør", None,
         ("current", None, None)),
        # a date without a year, before the publication day, with a future verb: next year
        ("Per Holm tiltræder som direktør i Vestas 1. februar.", "da", "Per Holm", "direktør", "Vestas",
         ("incoming", "2027-02-01", None)),
        # ... and after it with a past verb: last year
        ("Per Holm fratrådte som direktør i Vestas 1. december.", "da", "Per Holm", "direktør", "Vestas",
         ("ended", None, "2025-12-01")),
        # a week is not a date a role can take
        ("Per Holm quit as coach of Vestas last week.", "en", "Per Holm", "coach", "Vestas", ("ended", None, None)),
        # an interval wholly in the future is incoming, one reaching past today is current
        ("Per Holm er direktør i Vestas fra 2027 til 2030.", "da", "Per Holm", "direktør", "Vestas",
         ("incoming", "2027", "2030")),
        ("Per Holm is CEO of Vestas from 2020 until 2028.", "en", "Per Holm", "CEO", "Vestas",
         ("current", "2020", "2028")),
    ],
)
def test_cues(text, lang, person, role, org, expected) -> None:
    assert read(text, lang, person, role, org) == expected


def test_relative_days_need_the_publication_date() -> None:
    assert read("CEO Per Holm resigned yesterday.", "en", "Per Holm", "CEO", None, None) == ("ended", None, None)
    assert read("CEO Per Holm resigned yesterday.", "en", "Per Holm", "CEO", None, "2026-03-01T08:00:00Z") == (
        "ended", None, "2026-02-28")


def test_unknown_language_reads_english_cues() -> None:
    assert read("Former CEO Per Holm spoke.", "fr", "Per Holm", "CEO") == ("former", None, None)


def _gold_roles(split: str = "dev"):
    for lang in ("da", "en"):
        for line in (GOLD / f"roles_{lang}.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("split", "dev") != split:
                continue
            for r in item["roles"]:
                yield item, r


def test_gold_has_every_status_and_both_date_fields_in_both_languages() -> None:
    seen = {(item["lang"], r["status"]) for item, r in _gold_roles()}
    assert seen == {(lang, s) for lang in ("da", "en") for s in STATUSES}
    for lang in ("da", "en"):
        rows = [r for item, r in _gold_roles() if item["lang"] == lang]
        assert any(r["valid_from"] for r in rows) and any(r["valid_until"] for r in rows)


def test_reader_on_the_gold_roles() -> None:
    """Given the gold spans, the reader gets the status and both dates right on most dev gold roles (the held-out
    part is measured by bench/roles_eval.py, not held to a floor it was never tuned for). Some dev roles need what
    only the roles component does around the reader (the next sentence's pronoun, a second predicate, the span of
    the role statement rather than the first mention of its organisation), hence the floor below 0.9."""
    right, wrong = 0, []
    for item, r in _gold_roles():
        surfaces = {m[2]: m[0] for m in item["mentions"]}
        role_word = "minister" if r["role"] == "minister" else r["role"]
        got = read(item["text"], item["lang"], surfaces[r["person"]], role_word,
                   surfaces.get(r["org"]) if r["org"] else None, item["published"])
        if got == (r["status"], r["valid_from"], r["valid_until"]):
            right += 1
        else:
            wrong.append(f"{item['id']}: got {got}")
    assert right / (right + len(wrong)) >= 0.85, "\n".join(wrong)


def test_held_on() -> None:
    d = date.fromisoformat
    assert held_on("current", None, None, "2026-11-25", d("2026-11-25"))
    assert held_on("current", None, None, "2026-11-25", d("2027-06-01"))  # until something says otherwise
    assert not held_on("current", None, None, "2026-11-25", d("2026-11-24"))  # not said before
    assert held_on("current", "2019", None, "2026-11-25", d("2019-01-01"))
    assert not held_on("current", "2019", None, "2026-11-25", d("2018-12-31"))
    assert held_on("former", "2014", "2022", "2026-11-25", d("2022-12-31"))
    assert not held_on("former", "2014", "2022", "2026-11-25", d("2023-01-01"))
    assert not held_on("former", None, None, "2026-11-25", d("2020-01-01"))  # the text does not say when
    assert not held_on("ended", None, "2026-11-24", "2026-11-25", d("2026-11-25"))
    assert held_on("ended", "2019-03", None, "2026-11-25", d("2026-11-24"))
    assert not held_on("ended", "2019-03", None, "2026-11-25", d("2026-11-25"))
    assert not held_on("incoming", "2027-03-01", None, "2026-11-25", d("2027-02-28"))
    assert held_on("incoming", "2027-03-01", None, "2026-11-25", d("2027-03-01"))
    assert not held_on("incoming", None, None, "2026-11-25", d("2030-01-01"))


def test_a_bad_lexicon_row_names_the_file_and_row(tmp_path: Path) -> None:
    (tmp_path / "role_time_xx.tsv").write_text("# comment\nformer\ttidligere\ninterval\tfra\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"role_time_xx.tsv: an interval row needs a from and a to phrase"):
        load_cue_words("xx", tmp_path)
    (tmp_path / "role_time_xx.tsv").write_text("former\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"role_time_xx.tsv: expected kind<TAB>phrase"):
        load_cue_words("xx", tmp_path)


# ---------------------------------------------------------------------------------------------------------------
# Properties

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
names = st.sampled_from(["Per Holm", "Anna Berg", "Jens Ulrik Bak"])


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(st.text(max_size=120), st.sampled_from(["da", "en", None]), days)
def test_never_raises_and_gives_iso_values(text: str, lang, published: date) -> None:
    text = "Per Holm " + text
    got = read_role_time(text, lang, (0, len(text)), (0, 3), (0, 8), published)
    assert got.status in STATUSES
    for value in (got.valid_from, got.valid_until):
        assert value is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value)


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(names, st.integers(1950, 2040), st.integers(0, 20), days, st.sampled_from(["da", "en"]))
def test_interval_years(name: str, first: int, length: int, published: date, lang: str) -> None:
    last = first + length
    text = (f"{name}, som var direktør i Vestas fra {first} til {last}, talte." if lang == "da"
            else f"{name}, who was CEO of Vestas from {first} to {last}, spoke.")
    role = "direktør" if lang == "da" else "CEO"
    status, valid_from, valid_until = read(text, lang, name, role, "Vestas", published.isoformat())
    assert (valid_from, valid_until) == (str(first), str(last))
    assert status == "former"


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(names, days)
def test_yesterday_is_the_day_before_publication(name: str, published: date) -> None:
    got = read(f"{name} fratrådte i går som direktør i Vestas.", "da", name, "direktør", "Vestas",
               published.isoformat())
    assert got == ("ended", None, (published - timedelta(days=1)).isoformat())


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(names, days, st.integers(0, 6))
def test_a_future_weekday_is_within_the_next_week(name: str, published: date, weekday: int) -> None:
    got = read(f"{name} will take over as CEO of Vestas on {WEEKDAYS_EN[weekday]}.", "en", name, "CEO", "Vestas",
               published.isoformat())
    start = date.fromisoformat(got[1])
    assert got[0] == "incoming" and start.weekday() == weekday and 0 <= (start - published).days <= 6


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(names, days, st.integers(0, 6))
def test_a_past_weekday_is_within_the_last_week(name: str, published: date, weekday: int) -> None:
    got = read(f"{name} gik af som minister i {WEEKDAYS_DA[weekday]}s.", "da", name, "minister", None,
               published.isoformat())
    end = date.fromisoformat(got[2])
    assert got[0] == "ended" and end.weekday() == weekday and 1 <= (published - end).days <= 7


@settings(deadline=None)  # the first example also reads the lexicon; the machine is shared
@given(st.sampled_from(STATUSES), st.one_of(st.none(), st.integers(2000, 2030).map(str)), days, days)
def test_held_on_respects_the_dates_the_text_gives(status: str, valid_from, said: date, day: date) -> None:
    if held_on(status, valid_from, None, said.isoformat(), day) and valid_from is not None:
        assert day.year >= int(valid_from)
    if status in ("former", "ended") and valid_from is None:
        assert not held_on(status, None, None, said.isoformat(), day)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_roles_component_on_the_dev_gold(lang: str) -> None:
    """The role extractor, on the gold entity mentions: every dev gold role with its status and dates, mostly."""
    from graph.extract.roles import RoleExtractor
    from tests.support.gold import gold_doc

    extractor = RoleExtractor()
    want, got = set(), set()
    for item, r in _gold_roles():
        if item["lang"] == lang:
            want.add((item["id"], r["person"], r["role"], r["org"], r["status"], r["valid_from"], r["valid_until"]))
    for item in {item["id"]: item for item, _ in _gold_roles() if item["lang"] == lang}.values():
        doc = extractor(gold_doc(item))
        got.update((item["id"], x.person, x.role, x.org, x.status, x.valid_from, x.valid_until) for x in doc.roles)
    right = len(want & got)
    assert right / len(got) >= 0.9 and right / len(want) >= 0.85, sorted(want ^ got)
