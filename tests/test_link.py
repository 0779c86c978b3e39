"""The linker: canonical ids, country codes, geonames places, in-document coreference."""
from __future__ import annotations

import pytest

from graph.extract.link import Linker, initials
from graph.extract.mentions import Recogniser
from graph.model import Article, Doc, Mention, Sentence
from graph.rdf.iris import entity_id
from tests.test_mentions import make_doc

WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def link():
    rec, linker = Recogniser(), Linker()

    def run(sentences: list[str], lang: str) -> Doc:
        return linker(rec(make_doc(sentences, lang)))

    return run


def by_text(doc: Doc) -> dict[str, Mention]:
    return {m.text: m for m in doc.mentions}


def test_country_is_keyed_by_iso_code_with_wikidata(link):
    doc = link(["Danmark og Kina underskrev aftalen.", "Den danske regering glæder sig."], "da")
    m = by_text(doc)
    assert m["Danmark"].entity_id == "country-dk" == m["danske"].entity_id
    dk = doc.entities["country-dk"]
    assert dk.type == "Country" and dk.label == "Danmark"
    assert dk.codes == {"iso3166": "DK"}
    assert WD + "Q35" in dk.same_as
    assert set(dk.aliases) == {"Danmark", "danske"}
    assert m["Kina"].entity_id == "country-cn" and WD + "Q148" in doc.entities["country-cn"].same_as


def test_country_ids_agree_across_languages_and_forms(link):
    da = link(["Danmarks eksport til USA steg."], "da")
    en = link(["Denmark's exports to the United States rose."], "en")
    assert {m.entity_id for m in da.mentions} == {m.entity_id for m in en.mentions} == {"country-dk", "country-us"}
    assert en.entities["country-dk"].label == "Denmark"


def test_surname_and_genitive_join_the_full_name(link):
    doc = link(["Statsminister Mette Frederiksen talte i Folketinget.",
                "Bagefter sagde Frederiksen, at Frederiksens plan holder.",
                "Huawei afviser. Huaweis direktør er tavs."], "da")
    m = [(x.text, x.entity_id) for x in doc.mentions]
    assert ("Frederiksen", "person-mette-frederiksen") in m
    assert ("Frederiksens", "person-mette-frederiksen") in m
    ids = {x.entity_id for x in doc.mentions if x.text.startswith("Huawei")}
    assert ids == {"org-huawei"}
    person = doc.entities["person-mette-frederiksen"]
    assert person.label == "Mette Frederiksen"
    assert {"Mette Frederiksen", "Frederiksen", "Frederiksens"} <= set(person.aliases)


def test_middle_names_and_partial_full_names(link):
    doc = link(["Claus Hjort Frederiksen kom for sent.", "Hjort Frederiksen undskyldte."], "da")
    assert {m.entity_id for m in doc.mentions} == {"person-claus-hjort-frederiksen"}


def test_acronym_introduced_in_brackets_and_by_initials(link):
    doc = link(["The Baltic Harbour Council (BHC) and the Nordic Investment Agency met.",
                "BHC said NIA would pay."], "en")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert ids["BHC"] == ids["Baltic Harbour Council"] == entity_id("Organization", "Baltic Harbour Council")
    assert ids["NIA"] == ids["Nordic Investment Agency"]
    # A known organisation introduced in another language keeps its canonical id for the acronym too.
    doc = link(["Danish Refugee Council (DRC) warned.", "Later DRC said more."], "en")
    assert {m.entity_id for m in doc.mentions} == {"org-dansk-flygtningehjaelp"}


def test_known_organisations_share_one_id_across_languages(link):
    da = link(["FN og EU holdt møde."], "da")
    en = link(["The UN and the European Union met."], "en")
    assert {m.entity_id for m in da.mentions} == {m.entity_id for m in en.mentions} == {
        "org-united-nations", "org-european-union"}


def test_company_with_and_without_legal_form_is_one_entity(link):
    doc = link(["Vestkyst Vind A/S meldte om overskud.", "Senere kommenterede Vestkyst Vind tallene.",
                "Vestkyst Vinds direktør var glad."], "da")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert ids == {"Vestkyst Vind A/S": "org-vestkyst-vind", "Vestkyst Vind": "org-vestkyst-vind",
                   "Vestkyst Vinds": "org-vestkyst-vind"}
    ent = doc.entities["org-vestkyst-vind"]
    assert ent.type == "Company" and ent.label == "Vestkyst Vind A/S"
    assert {m.type for m in doc.mentions} == {"Company"}
    # A known company keeps its canonical name with or without the legal form.
    assert link(["Mærsk A/S meldte om overskud."], "da").mentions[0].entity_id == "org-maersk"


def test_places_carry_geonames_when_unambiguous(link):
    doc = link(["Mødet blev holdt i København og Aarhus."], "da")
    cph = doc.entities["place-copenhagen"]
    assert cph.same_as == ["https://sws.geonames.org/2618425/"] and cph.codes["country"] == "DK"
    assert by_text(doc)["København"].label == "Copenhagen"


def test_ids_are_deterministic_without_shared_state():
    text = "Lars Løkke Rasmussen mødte Jens Stoltenberg i Bruxelles."
    results = []
    for _ in range(2):
        doc = Doc(article=Article(text=text), text=text, lang="da", sentences=[Sentence(0, len(text), text)])
        doc = Linker()(Recogniser()(doc))
        results.append([(m.start, m.end, m.entity_id) for m in doc.mentions])
    assert results[0] == results[1]
    assert [r[2] for r in results[0]] == ["person-lars-loekke-rasmussen", "person-jens-stoltenberg", "place-brussels"]


def test_initials():
    assert initials("European Union") == "EU"
    assert initials("Bank of England") == "BE"
    assert initials("Organisation for Security and Cooperation in Europe") == "OSCE"


def test_every_mention_carries_its_entity_label_and_type(link):
    doc = link(["Vestkyst Vind meldte om overskud.", "Senere kommenterede Vestkyst Vind A/S tallene."], "da")
    assert [(m.label, m.type) for m in doc.mentions] == [("Vestkyst Vind A/S", "Company")] * 2
    for m in doc.mentions:
        ent = doc.entities[m.entity_id]
        assert (m.label, m.type) == (ent.label, ent.type)


def test_exact_spans_types_and_ids(link):
    doc = link(["Udenrigsminister Lars Løkke Rasmussen besøgte Kina.",
                "Under Kina-besøget mødte Løkke Huaweis ledelse i Shenzhen."], "da")
    assert [(m.start, m.end, m.text, m.type, m.entity_id) for m in doc.mentions] == [
        (17, 37, "Lars Løkke Rasmussen", "Person", "person-lars-loekke-rasmussen"),
        (46, 50, "Kina", "Country", "country-cn"),
        (58, 62, "Kina", "Country", "country-cn"),
        (83, 90, "Huaweis", "Company", "org-huawei"),
        (101, 109, "Shenzhen", "Place", "place-shenzhen"),
    ]
    doc = link(["Chinese officials met Maersk executives in Copenhagen on Friday, Reuters reported."], "en")
    assert [(m.start, m.end, m.type, m.entity_id) for m in doc.mentions] == [
        (0, 7, "Country", "country-cn"),
        (22, 28, "Company", "org-maersk"),
        (43, 53, "Place", "place-copenhagen"),
        (65, 72, "Organization", "org-reuters"),
    ]


def test_a_company_and_its_short_forms_are_one_entity(link):
    doc = link(["Efter planen skal Corvin Devices Inc. købe virksomheden.",
                "Ifølge bestyrelsen er Corvins bud for lavt.", "Corvin Devices har 900 ansatte."], "da")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert (
        ids["Corvins"] == ids["Corvin Devices"] == ids["Corvin Devices Inc"] == entity_id("Company", "Corvin Devices")
    )
    company = doc.entities[ids["Corvins"]]
    assert company.type == "Company" and company.label == "Corvin Devices Inc"


def test_a_company_without_legal_form_has_the_same_id_across_documents(link):
    da = link(["Pilegaard Telekom A/S er blevet solgt.", "Pilegaard Telekoms aktie steg.",
               "Pilegaard Telekom har 300 ansatte."], "da")
    en = link(["Analysts expect Pilegaard Telekom to cut jobs.", "Shares in Pilegaard Telekom fell on Monday."], "en")
    ids = {m.entity_id for m in da.mentions} | {m.entity_id for m in en.mentions}
    assert ids == {entity_id("Company", "Pilegaard Telekom")}
    assert all(m.type == "Company" for m in da.mentions + en.mentions)


def test_two_companies_sharing_a_first_word_keep_the_short_form_apart(link):
    doc = link(["Brask Shipping A/S og Brask Energi A/S deler ejer.", "Brask er en familievirksomhed."], "da")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert ids["Brask Shipping A/S"] != ids["Brask Energi A/S"]
    assert ids.get("Brask") not in (ids["Brask Shipping A/S"], ids["Brask Energi A/S"])
