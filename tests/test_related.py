"""Related stories: ranking behaviour on the sample articles and on hand-made graphs, filters, reasons, the API."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from graph.analysis.related.index import RelatedIndex
from graph.analysis.related.service import RelatedService
from graph.analysis.textsim import TextIndex, term_counts, tokenize
from graph.model import Article, Doc, Entity, Mention, Sentence
from graph.rdf.mapping import map_doc
from graph.settings import Settings
from graph.store import Store
from graph.store.oxigraph import OxigraphStore


def make_doc(aid: str, text: str, names: dict[str, tuple[str, str]], lang: str = "en", published: str | None = None,
             title: str | None = None, source: str | None = None) -> Doc:
    """A Doc with one sentence per line and a mention for every occurrence of each name: {surface: (id, type)}."""
    doc = Doc(
        Article(text=text, id=aid, title=title or text.split("\n")[0], lang=lang, published=published, source=source),
        text,
        lang=lang,
    )
    start = 0
    for line in text.split("\n"):
        doc.sentences.append(Sentence(start, start + len(line), line))
        start += len(line) + 1
    for surface, (eid, type_) in names.items():
        for m in re.finditer(re.escape(surface), text):
            doc.mentions.append(
                Mention(m.start(), m.end(), surface, type_, eid, surface, 0.9, "test", doc.sentence_at(m.start()))
            )
        doc.entities.setdefault(eid, Entity(eid, type_, surface))
    return doc


def store_of(docs: list[Doc]) -> Store:
    store = OxigraphStore(None)
    store.replace_articles([map_doc(d) for d in docs])
    return store


@pytest.fixture(scope="module")
def sample_index(sample_store: Store) -> RelatedIndex:
    return RelatedIndex.build(sample_store)


def position(results: list[dict], aid: str) -> int:
    return [r["id"] for r in results].index(aid)


def test_same_person_across_languages_ranks_above_same_country_alone(sample_index: RelatedIndex):
    # da-skib-02 and en-tele-02 share only the lawyer Niels Brøndum (samples README, fact a).
    related = sample_index.related_to_article("da-skib-02", limit=40, lang="en")
    brondum = next(r for r in related if r["id"] == "en-tele-02")
    assert [s["type"] for s in brondum["shared"]] == ["Person"]
    assert "Brøndum" in brondum["shared"][0]["label"]
    country_only = [r for r in related if r["shared"] and all(s["type"] == "Country" for s in r["shared"])]
    assert all(position(related, "en-tele-02") < position(related, r["id"]) for r in country_only)
    # A pair sharing only Denmark (fact b) scores far below the pair sharing one person.
    aarhus = {r["id"]: r for r in sample_index.related_to_article("da-aarhus-02", limit=40)}
    assert [s["type"] for s in aarhus["en-skib-01"]["shared"]] == ["Country"]
    assert brondum["score"] > 3 * aarhus["en-skib-01"]["score"]


def test_reports_of_one_story_rank_first_in_both_languages(sample_index: RelatedIndex):
    for aid in ("da-tele-01", "en-opkob-03", "da-aarhus-02", "en-skib-03"):
        story = aid.split("-")[1]
        top = sample_index.related_to_article(aid, limit=3)
        assert [r["id"].split("-")[1] for r in top] == [story] * 3, (aid, [r["id"] for r in top])


def test_every_result_has_score_signals_shared_and_reasons(sample_index: RelatedIndex):
    for aid in sample_index.ids:
        results = sample_index.related_to_article(aid, limit=10)
        assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
        for r in results:
            assert r["id"] != aid
            assert r["reasons"], r
            assert set(r["signals"]) >= {"text", "entities", "events", "roles", "time", "neighbours"}
            assert all({"id", "label", "type", "weight"} <= set(s) for s in r["shared"])


def test_ranked_answers_what_related_to_article_answers_without_explanations(sample_index: RelatedIndex):
    for aid in sample_index.ids:
        full = sample_index.related_to_article(aid, limit=8, lang="en")
        ranked = sample_index.ranked(aid, limit=8, lang="en")
        assert [r["id"] for r in full] == [r for r, _ in ranked]
        assert [r["score"] for r in full] == [round(score, 4) for _, score in ranked]


def test_filters_language_source_and_dates(sample_index: RelatedIndex):
    assert {r["lang"] for r in sample_index.related_to_article("da-tele-01", limit=20, lang="en")} == {"en"}
    assert {r["source"] for r in sample_index.related_to_article("da-tele-01", limit=20, source="Harbour Herald")} == {
        "Harbour Herald"
    }
    window = sample_index.related_to_article("da-tele-01", limit=40, since="2026-02-10", until="2026-02")
    assert window and all("2026-02-10" <= r["date"] <= "2026-02-28" for r in window)
    assert sample_index.related_to_article("da-tele-01", limit=5, lang="xx") == []
    with pytest.raises(ValueError, match="since"):
        sample_index.related_to_article("da-tele-01", since="2026-13")
    with pytest.raises(KeyError):
        sample_index.related_to_article("no-such-article")


def test_related_to_a_set_of_entities_prefers_articles_naming_all(sample_index: RelatedIndex):
    person = "person-anders-kjaer-mortensen"
    results = sample_index.related_to_entities([person, "country-cn"], limit=20)
    both = [r for r in results if {s["id"] for s in r["shared"]} == {person, "country-cn"}]
    one = [r for r in results if len(r["shared"]) == 1]
    assert both and one
    assert max(position(results, r["id"]) for r in both) < min(position(results, r["id"]) for r in one)
    assert all(r["reasons"] for r in results)
    with pytest.raises(KeyError):
        sample_index.related_to_entities(["person-nobody-at-all"])


SAME_PERSON_DA = "Sangerinden Ann Lee er indlagt på en klinik.\nAnn Lee har aflyst sin turné."
REHAB_EN = "Singer {name} checked into a rehab clinic on Monday.\n{name} cancelled the tour, her agent said."


def test_hand_made_graph_person_beats_country_and_ties_need_the_person():
    ann, bo, us = ("person-ann-lee", "Person"), ("person-bo-berg", "Person"), ("country-us", "Country")
    docs = [
        make_doc(
            "a1",
            REHAB_EN.format(name="Ann Lee") + "\nShe lives in the United States.",
            {"Ann Lee": ann, "United States": us},
        ),
        make_doc("a2", SAME_PERSON_DA, {"Ann Lee": ann}, lang="da"),
        make_doc("c1", "Valget i United States nærmer sig.\nMange stemmer tidligt.", {"United States": us}, lang="da"),
        make_doc("b1", REHAB_EN.format(name="Bo Berg"), {"Bo Berg": bo}),
        make_doc("b2", REHAB_EN.format(name="Ann Lee"), {"Ann Lee": ann}),
    ]
    index = RelatedIndex.build(store_of(docs))
    results = index.related_to_article("a1", limit=10)
    ids = [r["id"] for r in results]
    # Same words and the same person beat the same words about someone else.
    assert ids.index("b2") < ids.index("b1")
    # The same person in another language beats a shared country alone.
    assert ids.index("a2") < ids.index("c1")
    a2 = results[ids.index("a2")]
    assert a2["shared"] == [
        {"id": "person-ann-lee", "label": "Ann Lee", "type": "Person", "weight": a2["shared"][0]["weight"]}
    ]
    assert any("person" in reason and "Ann Lee" in reason for reason in a2["reasons"])


def test_undated_reports_naming_the_same_year_rank_above_those_naming_another():
    # Undated reports of two elections of one kind in one country: the years named tell the two stories apart, even
    # when the other election's report is worded almost the same.
    land = ("country-tm", "Country")
    docs = [
        make_doc(
            "e1",
            "Voters in Turkmenistan elected a new parliament in 2008.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "e2",
            "Voters in Turkmenistan elected a new parliament in 2013.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "e3",
            "Turkmenistan parliament: voters elected new members in 2008.\nOfficials counted ballots.",
            {"Turkmenistan": land},
        ),
        make_doc("e4", "Floods in Turkmenistan.\nRivers rose after rain, officials said.", {"Turkmenistan": land}),
    ]
    index = RelatedIndex.build(store_of(docs))
    assert [r["id"] for r in index.related_to_article("e1", limit=2)] == ["e3", "e2"]
    no_years = index.with_weights(replace(index.weights, year_mismatch=0.0, year_match=0.0))
    assert [r["id"] for r in no_years.related_to_article("e1", limit=2)] == ["e2", "e3"]  # wording alone misleads
    results = index.related_to_article("e1", limit=2)
    assert "same year: 2008" in results[0]["reasons"]
    assert not any(reason.startswith("same year") for reason in results[1]["reasons"])


def test_the_latest_year_named_is_the_news_and_earlier_years_are_background():
    club = ("org-sixers", "Organization")
    docs = [
        make_doc(
            "h1",
            "The Sixers hired Cheeks as coach in 2005.\nThe Sixers drafted Cheeks in 1978, the club said.",
            {"Sixers": club},
        ),
        make_doc(
            "h2",
            "The Sixers fired Cheeks as coach in 2008.\nThe Sixers drafted Cheeks in 1978, the club said.",
            {"Sixers": club},
        ),
        make_doc("h3", "The Sixers hired Cheeks: his return in 2005.\nFans cheered, the club said.", {"Sixers": club}),
        make_doc("h4", "The Sixers lost at home.\nFans left early.", {"Sixers": club}),
    ]
    index = RelatedIndex.build(store_of(docs))
    assert [r["id"] for r in index.related_to_article("h1", limit=2)] == ["h3", "h2"]
    # Were a shared background year (1978) as good as the same latest year, the other story's report would win.
    flat = index.with_weights(replace(index.weights, year_overlap=index.weights.year_match))
    assert [r["id"] for r in flat.related_to_article("h1", limit=2)] == ["h2", "h3"]


def test_reports_naming_the_same_day_rank_above_those_naming_another():
    land = ("country-tm", "Country")
    docs = [
        make_doc(
            "d1",
            "Voters in Turkmenistan elected a new parliament on December 14.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "d2",
            "Voters in Turkmenistan elected a new parliament on March 3.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "d3",
            "Turkmenistan parliament: voters elected new members on 14 December.\nOfficials counted ballots.",
            {"Turkmenistan": land},
        ),
        make_doc("d4", "Floods in Turkmenistan.\nRivers rose after rain, officials said.", {"Turkmenistan": land}),
    ]
    index = RelatedIndex.build(store_of(docs))
    results = index.related_to_article("d1", limit=2)
    assert [r["id"] for r in results] == ["d3", "d2"]
    assert "same day named: 14 December" in results[0]["reasons"]
    no_days = index.with_weights(replace(index.weights, day_match=0.0))
    assert [r["id"] for r in no_days.related_to_article("d1", limit=2)] == ["d2", "d3"]


def test_days_named_in_english_and_danish():
    from graph.analysis.related.signals import days_named

    text = (
        "Voting began on Dec.14; it was planned for December 15, 2013 (2013 - 09 - 26). Den 5. februar, the 3rd of May."
    )
    assert days_named(text, "may 5 people came in March 2008") == {(12, 14), (12, 15), (9, 26), (2, 5), (5, 3)}
    # Only the stretches around digits are searched: the longest forms, far from any other digit, still count,
    # and a day cut by the end of the text is read whole.
    far = "x" * 60 + " September. 14 " + "y" * 60 + " the 21st of September " + "z" * 60 + " 9 Dec"
    assert days_named(far) == {(9, 14), (9, 21), (12, 9)}
    assert days_named("December 123 and 2013-12-145") == set()


def test_weekdays_named_in_english_and_danish():
    from graph.analysis.related.signals import weekdays_named

    assert weekdays_named("On Saturday, and on Mondays;", "i lørdags og på fredag. Sundays") == 0b1110001
    assert weekdays_named("Saturn and Monaco") == 0
    assert weekdays_named("Mondayen, LØRDAGEN") == 0b0100001


def test_undated_reports_naming_only_other_weekdays_rank_lower():
    land = ("country-tm", "Country")
    docs = [
        make_doc(
            "w1",
            "Voters in Turkmenistan elected a new parliament on Sunday.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "w2",
            "Voters in Turkmenistan elected a new parliament on Tuesday.\nTurnout was high, officials said.",
            {"Turkmenistan": land},
        ),
        make_doc(
            "w3",
            "Turkmenistan parliament: voters elected new members on Sunday.\nOfficials counted ballots.",
            {"Turkmenistan": land},
        ),
        make_doc("w4", "Floods in Turkmenistan.\nRivers rose after rain, officials said.", {"Turkmenistan": land}),
    ]
    index = RelatedIndex.build(store_of(docs))
    results = index.related_to_article("w1", limit=2)
    by_id = {r["id"]: r for r in results}
    assert "same weekday named: Sunday" in by_id["w3"]["reasons"]
    plain = index.with_weights(replace(index.weights, weekday_match=0.0, weekday_mismatch=0.0))
    gap = {r["id"]: r["score"] for r in plain.related_to_article("w1", limit=2)}
    assert by_id["w2"]["score"] < gap["w2"] and by_id["w3"]["score"] > gap["w3"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789 -.,ofMayDecJunemarts14Satudylørgn\n")) | st.characters(), max_size=80
    )
)
def test_calendar_parsers_take_any_text(text: str):
    from graph.analysis.related.signals import days_named, weekdays_named, years_named

    assert all(1 <= m <= 12 and 1 <= d <= 31 for m, d in days_named(text))
    assert all(1800 <= y <= 2099 for y in years_named(text))
    assert 0 <= weekdays_named(text) < 128


def test_years_named_skips_counts_and_prices():
    from graph.analysis.related.signals import years_named

    assert years_named("In 2013, 2,000 voters; 1999.5 points", "elected in December 2008.") == {2013, 2008}


def test_service_follows_a_write_without_a_rebuild():
    ann = ("person-ann-lee", "Person")
    store = store_of([make_doc("a1", REHAB_EN.format(name="Ann Lee"), {"Ann Lee": ann})])
    service = RelatedService(store)
    first = service.index
    assert first.related_to_article("a1") == []
    store.replace_articles([map_doc(make_doc("a2", SAME_PERSON_DA, {"Ann Lee": ann}, lang="da"))])
    assert service.index is first  # the article put into the index, not the index rebuilt
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]


def test_slow_rebuilds_run_in_the_background_and_serve_the_previous_index_meanwhile():
    ann = ("person-ann-lee", "Person")
    store = store_of([make_doc("a1", REHAB_EN.format(name="Ann Lee"), {"Ann Lee": ann})])
    service = RelatedService(store)
    service.SYNC_REBUILD_SECONDS = -1.0  # every build counts as slow
    first = service.index
    store.replace_articles([map_doc(make_doc("a2", SAME_PERSON_DA, {"Ann Lee": ann}, lang="da"))])
    store.update("DELETE WHERE { GRAPH ?g { ?s <https://example.org/none> ?o } }")  # names no articles: a rebuild
    assert service.index is first  # the previous index while the rebuild runs, with the article named put into it
    assert [r["id"] for r in first.related_to_article("a1")] == ["a2"]
    service.wait(30)
    assert service.index is not first
    assert [r["id"] for r in service.index.related_to_article("a1")] == ["a2"]


def test_text_index_cosine_and_explanations():
    docs = [
        term_counts("Rehab", "Ann Lee rehab clinic tour"),
        term_counts(None, "ann lee rehab clinic"),
        term_counts(None, "budget vote"),
    ]
    index = TextIndex(docs)
    sims = index.similarities(*index.vector(0))
    assert sims[0] == pytest.approx(1.0, abs=1e-5)
    assert sims[1] > 0.5 and sims[2] == 0
    assert set(index.shared_terms(0, 1)) <= {"ann", "lee", "rehab", "clinic"}
    assert tokenize("Court-mandated stay, 90 days; Lohan's") == ["court-mandated", "stay", "90", "days", "lohan's"]


@pytest.fixture(scope="module")
def client(sample_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory:"), sample_store)) as c:  # the lifespan builds the services
        yield c


def test_api_related_routes(client: TestClient):
    article = client.get("/articles/da-skib-02/related", params={"limit": 5})
    assert article.status_code == 200
    assert all(r["reasons"] and "signals" in r for r in article.json())
    entity = client.get("/entities/person-anders-kjaer-mortensen/related", params={"limit": 3}).json()
    assert len(entity) == 3 and all(r["shared"][0]["id"] == "person-anders-kjaer-mortensen" for r in entity)
    both = client.get("/related", params={"entities": "person-anders-kjaer-mortensen,country-cn", "lang": "en"}).json()
    assert both and {r["lang"] for r in both} == {"en"}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/entities/person-nobody/related", 404),
        ("/related?entities=person-nobody", 404),
        ("/related?entities=,", 400),
        ("/related", 422),
        ("/articles/da-tele-01/related?until=2026-02-30", 400),
        ("/articles/da-tele-01/related?since=yesterday", 422),
        ("/articles/da-tele-01/related?limit=0", 422),
    ],
)
def test_api_related_bad_input(client: TestClient, url: str, status: int):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=st.one_of(st.none(), st.text(max_size=12), st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")))
def test_any_date_filter_gives_results_or_a_clear_value_error(sample_index: RelatedIndex, since: str | None):
    try:
        results = sample_index.related_to_article("da-tele-01", limit=3, since=since)
    except ValueError as e:
        assert "since" in str(e)
    else:
        assert isinstance(results, list)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entities=st.text(max_size=40))
def test_any_entity_list_answers_without_a_server_error(client: TestClient, entities: str):
    response = client.get("/related", params={"entities": entities})
    assert response.status_code in (200, 400, 404, 422), response.text
