"""Roles and positions (graph/extract/roles.py), measured on our gold sentences."""
from __future__ import annotations

import pytest

from graph.extract.roles import RoleExtractor
from graph.model import Relation
from tests.support.gold import evaluate, make_doc, mismatches

roles = RoleExtractor()
HU = ["Huawei", "Company", "org-huawei"]
MENG = ["Meng Wanzhou", "Person", "person-meng-wanzhou"]


def found(text: str, lang: str, mentions: list[list[str]], published: str | None = "2026-11-25"):
    doc = roles(make_doc(text, lang, mentions, published))
    return doc, [(r.person, r.role, r.org) for r in doc.roles]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_gold_precision_and_recall(lang: str) -> None:
    p, r, f = evaluate(lang, roles)["roles"]
    print(f"{lang} roles P={p:.2f} R={r:.2f} F1={f:.2f}")
    assert p >= 0.9 and r >= 0.85, "\n".join(mismatches(lang, roles))


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        ("Huaweis bestyrelsesformand Liang Hua talte.", "da", [["Huaweis", "Company", "org-huawei"],
                                                                ["Liang Hua", "Person", "person-liang-hua"]],
         ("person-liang-hua", "bestyrelsesformand", "org-huawei")),
        ("Meng Wanzhou, CFO of Huawei, was arrested.", "en", [HU, MENG], ("person-meng-wanzhou", "cfo", "org-huawei")),
        ("Meng Wanzhou, Huawei's CFO, was arrested.", "en", [HU, MENG], ("person-meng-wanzhou", "cfo", "org-huawei")),
        ("The chief executive of Huawei, Ren Zhengfei, spoke.", "en", [HU, ["Ren Zhengfei", "Person", "person-ren"]],
         ("person-ren", "chief executive", "org-huawei")),
        ("Liang Hua, der er bestyrelsesformand i Huawei, talte.", "da", [HU, ["Liang Hua", "Person", "person-liang"]],
         ("person-liang", "bestyrelsesformand", "org-huawei")),
        ("Forsvarsministeren Troels Lund Poulsen talte.", "da", [["Troels Lund Poulsen", "Person", "person-tlp"]],
         ("person-tlp", "forsvarsminister", None)),
    ],
)
def test_patterns(text: str, lang: str, mentions, expected) -> None:
    assert found(text, lang, mentions)[1] == [expected]


def test_nationality_gives_the_country_and_a_labelled_entity() -> None:
    doc, got = found("Den danske forsvarsminister Troels Lund Poulsen talte.", "da",
                     [["Troels Lund Poulsen", "Person", "person-tlp"]])
    assert got == [("person-tlp", "forsvarsminister", "country-dk")]
    assert doc.entities["country-dk"].type == "Country" and doc.entities["country-dk"].label == "Denmark"
    assert doc.relations == [Relation("person-tlp", "holdsRoleAt", "country-dk", 0, 0.85)]


def test_roles_are_stamped_with_the_article_date_and_become_relations() -> None:
    doc, _ = found("Meng Wanzhou, CFO of Huawei, was arrested.", "en", [HU, MENG], "2026-11-25T09:30:00Z")
    assert doc.roles[0].date == "2026-11-25"
    assert [(r.subject, r.predicate, r.object) for r in doc.relations] == [
        ("person-meng-wanzhou", "worksFor", "org-huawei")]
    assert found("Meng Wanzhou, CFO of Huawei, was arrested.", "en", [HU, MENG], None)[0].roles[0].date is None


def test_no_role_word_no_role() -> None:
    assert found("Meng Wanzhou, daughter of Ren Zhengfei, was arrested.", "en",
                 [MENG, ["Ren Zhengfei", "Person", "person-ren"]])[1] == []
    assert found("Meng Wanzhou og Huawei afviser alt.", "da", [MENG, HU])[1] == []


def test_relations_appear_in_extract_output() -> None:
    doc, _ = found("Meng Wanzhou, CFO of Huawei, was arrested.", "en", [HU, MENG])
    relations = doc.to_json()["relations"]
    assert {"person": "person-meng-wanzhou", "role": "cfo", "org": "org-huawei"}.items() <= relations[0].items()
    assert relations[1]["predicate"] == "worksFor"


def timed(text: str, lang: str, mentions: list[list[str]], published: str = "2026-11-25"):
    doc = roles(make_doc(text, lang, mentions, published))
    return [(r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles]


ACME = ["Acme", "Company", "org-acme"]
ACMES = ["Acmes", "Company", "org-acme"]
BOLT = ["Bolt Energi", "Company", "org-bolt-energi"]
RUTH = ["Ruth Kamp", "Person", "person-ruth-kamp"]


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # an ending verb with the person as its object, right before the role word
        ("Acme har i dag fyret salgschef Ruth Kamp.", "da", [ACME, RUTH],
         [("salgschef", None, "ended", None, "2026-11-25")]),
        # a name set off by commas: the verb after the closing comma is the person's
        ("Acmes finansdirektør, Ruth Kamp, stopper i dag, skriver avisen.", "da", [ACMES, RUTH],
         [("finansdirektør", "org-acme", "ended", None, "2026-11-25")]),
        ("Acme's sales director, Ruth Kamp, quit on Monday.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "ended", None, "2026-11-23")]),
        # a relative clause with a time phrase, then the main clause's new role
        ("Ruth Kamp, der indtil 2024 var salgschef i Acme, bliver ny direktør i Bolt Energi fra 1. marts.", "da",
         [ACME, BOLT, RUTH],
         [("salgschef", "org-acme", "former", None, "2024"), ("direktør", "org-bolt-energi", "incoming",
                                                                   "2027-03-01", None)]),
        ("Ruth Kamp, formerly sales director of Acme, will become chief executive of Bolt Energi on 1 March.",
         "en", [ACME, BOLT, RUTH],
         [("sales director", "org-acme", "former", None, None),
          ("chief executive", "org-bolt-energi", "incoming", "2027-03-01", None)]),
        # "head of" a lower-case field is one title; "who had led Y as ..." gives Y
        ("Acme dismissed its head of communications, Ruth Kamp, on Monday.", "en", [ACME, RUTH],
         [("head of communications", None, "ended", None, "2026-11-23")]),
        ("Ruth Kamp, who had led Acme as chief executive since 2019, was ousted on Tuesday.", "en", [ACME, RUTH],
         [("chief executive", "org-acme", "ended", "2019", "2026-11-24")]),
        # an organisation glued to the role word; an interval between the role and the name
        ("Den tidligere Acme-direktør Ruth Kamp kritiserer planen.", "da", [RUTH],
         [("direktør", None, "former", None, None)]),
        ("Acmes direktør fra 2010 til 2015, Ruth Kamp, vidner i dag.", "da", [ACMES, RUTH],
         [("direktør", "org-acme", "former", "2010", "2015")]),
        # the next sentence about the person by pronoun completes the role, or states it again with its date
        ("Acme har udpeget Ruth Kamp som ny salgschef. Hun tiltræder 1. marts.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "incoming", "2027-03-01", None)]),
        ("Ruth Kamp, Acme's sales director, opened the fair. She became sales director in 2019.", "en",
         [ACME, RUTH], [("sales director", "org-acme", "current", "2019", None)]),
        ("Acme named Ruth Kamp as sales director. Bo Dahl takes over in May.", "en",
         [ACME, RUTH, ["Bo Dahl", "Person", "person-bo-dahl"]], [("sales director", "org-acme", "current", None,
                                                                    None)]),
        # a time phrase set off by a comma, after the role or opening the sentence
        ("Acme has hired Ruth Kamp as sales director, starting in March.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "incoming", "2027-03", None)]),
        ("Until 2023, Ruth Kamp was sales director at Acme.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "former", None, "2023")]),
        # an appointment's day is not the start of the post
        ("Acme on Monday named Ruth Kamp as its next chief executive.", "en", [ACME, RUTH],
         [("chief executive", "org-acme", "incoming", None, None)]),
    ],
)
def test_role_statements_with_their_time(text: str, lang: str, mentions, expected) -> None:
    assert timed(text, lang, mentions) == expected


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # dates between the verb and the role word
        ("Ruth Kamp blev i 2015 udnævnt til salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "current", "2015", None)]),
        ("Ruth Kamp har siden 2019 været salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "current", "2019", None)]),
        ("Ruth Kamp blev sidste år udnævnt til salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "current", "2025", None)]),
        ("Ruth Kamp var i årene 2010-2015 salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "former", "2010", "2015")]),
        # an end given by the leaving, with its date after
        ("Ruth Kamp var salgschef i Acme indtil sin afgang i 2022.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "former", None, "2022")]),
        ("Ruth Kamp was sales director at Acme until her departure in 2022.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "former", None, "2022")]),
        # a relative clause with the verb and the role after "som" / "as"; two verbs, each with its date
        ("Ruth Kamp, der i 2021 blev ansat som salgschef i Acme, forlader nu firmaet.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "ended", "2021", None)]),
        ("Ruth Kamp, who was ousted as sales director of Acme in October, is suing the firm.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "ended", None, "2026-10")]),
        # a relative clause of its own before the main clause's role
        ("Ruth Kamp, who left in March, had been sales director of Acme since 2018.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "ended", "2018", "2026-03")]),
        ("Ruth Kamp, who was appointed last year, is the sales director of Acme.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "current", "2025", None)]),
        # the role and its years in a parenthesis after the name; years after the role in one
        ("Ruth Kamp (kulturminister 2016-2019) modtog prisen.", "da", [RUTH],
         [("kulturminister", None, "former", "2016", "2019")]),
        ("Ruth Kamp, sales director of Acme (2016–21), gave evidence.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "former", "2016", "2021")]),
        # an end still to come, however the verb's tense reads; a season; a bare month after a cue
        ("Ruth Kamp steps down at the end of the year as sales director of Acme.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "current", None, "2026-12-31")]),
        ("Ruth Kamp stopper som salgschef i Acme ved årsskiftet.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "current", None, "2026-12-31")]),
        ("Ruth Kamp, der indtil i sommer var salgschef i Acme, er nu pensionist.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "former", None, "2026")]),
        ("Ruth Kamp has served as sales director of Acme since October.", "en", [ACME, RUTH],
         [("sales director", "org-acme", "current", "2026-10", None)]),
        # a verb split by a date or by the name
        ("Ruth Kamp trådte i går tilbage som salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "ended", None, "2026-11-24")]),
        ("I mandags trak Ruth Kamp sig som salgschef i Acme.", "da", [ACME, RUTH],
         [("salgschef", "org-acme", "ended", None, "2026-11-23")]),
        # a former role's words of starting are about something else
        ("Den tidligere salgschef Ruth Kamp blev i dag ansat i Bolt Energi.", "da", [BOLT, RUTH],
         [("salgschef", None, "former", None, None)]),
    ],
)
def test_tenure_patterns(text: str, lang: str, mentions, expected) -> None:
    assert timed(text, lang, mentions) == expected


@pytest.mark.parametrize(
    "text, lang, mentions, published, expected",
    [
        # a role in a phrase opening the sentence, about its subject
        ("Efter ti år som salgschef i Acme går Ruth Kamp på pension i august.", "da", [ACME, RUTH], "2026-06-15",
         [("salgschef", "org-acme", "current", None, "2026-08")]),
        ("As sales director of Acme, Ruth Kamp doubled exports.", "en", [ACME, RUTH], "2026-06-15",
         [("sales director", "org-acme", "current", None, None)]),
        # a second predicate joined by "og" with a verb of being, in the sentence and in the next one
        ("Ruth Kamp tiltræder 1. juli og var indtil sidste år salgschef i Acme.", "da", [ACME, RUTH], "2026-06-15",
         [("salgschef", "org-acme", "former", None, "2025")]),
        ("Bolt Energi har ansat Ruth Kamp som ny direktør. Hun tiltræder 1. juli og var indtil i fjor salgschef i "
         "Acme.", "da", [ACME, BOLT, RUTH], "2026-06-15",
         [("direktør", "org-bolt-energi", "incoming", "2026-07-01", None),
          ("salgschef", "org-acme", "former", None, "2025")]),
        # the end of a month, still running or to come; "pr." before a date; an adverb inside the verb
        ("Ruth Kamp fratræder med udgangen af juni som salgschef i Acme.", "da", [ACME, RUTH], "2026-06-15",
         [("salgschef", "org-acme", "current", None, "2026-06")]),
        ("Ruth Kamp retired as sales director of Acme at the end of May.", "en", [ACME, RUTH], "2026-06-15",
         [("sales director", "org-acme", "ended", None, "2026-05")]),
        ("Ruth Kamp bliver pr. 1. september ny salgschef i Acme.", "da", [ACME, RUTH], "2026-06-15",
         [("salgschef", "org-acme", "incoming", "2026-09-01", None)]),
        ("Ruth Kamp har netop sagt op som salgschef i Acme.", "da", [ACME, RUTH], "2026-06-15",
         [("salgschef", "org-acme", "ended", None, None)]),
        # two verbs, each date to the one it follows
        ("Ruth Kamp, who became sales director of Acme in 2019, resigned on Monday.", "en", [ACME, RUTH],
         "2026-06-17", [("sales director", "org-acme", "ended", "2019", "2026-06-15")]),
        # an abbreviated title as the lexicon writes it
        ("Ruth Kamp har været adm. direktør i Acme siden 2023.", "da", [ACME, RUTH], "2026-06-15",
         [("adm. direktør", "org-acme", "current", "2023", None)]),
    ],
)
def test_tenure_patterns_2(text: str, lang: str, mentions, published: str, expected) -> None:
    assert timed(text, lang, mentions, published) == expected


def test_a_sentence_opening_with_som_is_no_role_without_a_role_word() -> None:
    assert timed("Som ventet har Ruth Kamp vundet valget i Acme.", "da", [ACME, RUTH]) == []


NORGE = ["Norges", "Country", "country-no"]
NORWAY = ["Norway", "Country", "country-no"]
BO = ["Bo Dahl", "Person", "person-bo-dahl"]


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # a clause about the subject by pronoun before the name
        ("Mens hun var salgschef i Acme fra 2015 til 2020, stod Ruth Kamp bag en stor omlægning.", "da",
         [ACME, RUTH], [("person-ruth-kamp", "salgschef", "org-acme", "former", "2015", "2020")]),
        ("When she was sales director of Acme, Ruth Kamp doubled exports.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "former", None, None)]),
        # the same post in another country
        ("Norges udenrigsminister, Ruth Kamp, og hendes danske kollega, Bo Dahl, mødes i dag.", "da",
         [NORGE, RUTH, BO], [("person-ruth-kamp", "udenrigsminister", "country-no", "current", None, None),
                             ("person-bo-dahl", "udenrigsminister", "country-dk", "current", None, None)]),
        ("Norway's foreign minister, Ruth Kamp, and her Danish counterpart, Bo Dahl, met today.", "en",
         [NORWAY, RUTH, BO], [("person-ruth-kamp", "foreign minister", "country-no", "current", None, None),
                              ("person-bo-dahl", "foreign minister", "country-dk", "current", None, None)]),
        # a club the recogniser takes for a place: the role, with no organisation
        ("The former sales director of Acme, Ruth Kamp, joined Bolt Energi.", "en",
         [["Acme", "Place", "place-acme"], RUTH, BOLT],
         [("person-ruth-kamp", "sales director", None, "former", None, None)]),
    ],
)
def test_roles_told_around_the_name(text: str, lang: str, mentions, expected) -> None:
    doc = roles(make_doc(text, lang, mentions, "2026-06-15"))
    assert [(r.person, r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles] == expected


def test_a_colleague_with_no_role_before_is_no_role() -> None:
    assert timed("Ruth Kamp og hendes danske kollega, Bo Dahl, mødes i dag.", "da", [RUTH, BO]) == []


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # taking over from someone: a start for the subject, not for the one replaced
        ("Ruth Kamp afløser 1. december Bo Dahl som salgschef i Acme.", "da", [ACME, RUTH, BO],
         [("person-ruth-kamp", "salgschef", "org-acme", "incoming", "2026-12-01", None),
          ("person-bo-dahl", "salgschef", "org-acme", "current", None, None)]),
        # an interval with "og frem til", between the verb and the role, and in a time phrase before the name
        ("Ruth Kamp var salgschef i Acme fra 1994 og frem til 2006.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "former", "1994", "2006")]),
        ("Ruth Kamp var mellem 2010 og 2014 salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "former", "2010", "2014")]),
        ("Acme's sales director since 2019, Ruth Kamp, spoke on Monday.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "current", "2019", None)]),
        # a common noun's genitive before the role; "the post of"; an organisation's name and auxiliaries do not
        # count towards how far "as" stands
        ("Ruth Kamp, the firm's sales director from 2012 until last year, spoke.", "en", [RUTH],
         [("person-ruth-kamp", "sales director", None, "former", "2012", "2025")]),
        ("Ruth Kamp took up the post of rector on 1 September.", "en", [RUTH],
         [("person-ruth-kamp", "rector", None, "current", "2026-09-01", None)]),
        ("Ruth Kamp has been in charge of Bolt Energi as sales director since July.", "en", [BOLT, RUTH],
         [("person-ruth-kamp", "sales director", "org-bolt-energi", "current", "2026-07", None)]),
    ],
)
def test_tenure_patterns_3(text: str, lang: str, mentions, expected) -> None:
    doc = roles(make_doc(text, lang, mentions, "2026-11-25"))
    assert [(r.person, r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles] == expected


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # a word of start before a date, and a length of time, between the verb and the role
        ("Ruth Kamp er pr. 1. december udnævnt til salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "incoming", "2026-12-01", None)]),
        ("Ruth Kamp har i fem år været salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", None, None)]),
        # being sworn in starts the post; "is due to take over" is to come; an announced resignation ends it
        ("Ruth Kamp was sworn in as mayor on Saturday.", "en", [RUTH],
         [("person-ruth-kamp", "mayor", None, "current", "2026-11-21", None)]),
        ("Ruth Kamp is due to take over as sales director of Acme in January.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "incoming", "2027-01", None)]),
        ("Ruth Kamp, sales director of Acme since 2021, announced her resignation on Friday.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "ended", "2021", "2026-11-20")]),
    ],
)
def test_tenure_patterns_4(text: str, lang: str, mentions, expected) -> None:
    doc = roles(make_doc(text, lang, mentions, "2026-11-25"))
    assert [(r.person, r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles] == expected


@pytest.mark.parametrize(
    "text, mentions",
    [
        # a role word as an adjective after a common noun's genitive
        ("Ruth Kamp is the government's chief witness in the case.", [RUTH]),
        # "Acme Group economist": the company's name is not a department word
        ("Acme Group economist Ruth Kamp warned of a slowdown.", [["Acme Group", "Company", "org-acme"], RUTH]),
    ],
)
def test_no_wrong_role_words(text: str, mentions) -> None:
    got = timed(text, "en", mentions)
    assert all(role not in ("chief", "group economist") for role, *_ in got), got


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # a resignation told now with the end still to come keeps the role current
        ("Ruth Kamp har sagt op som salgschef i Acme og stopper til sommer.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", None, "2027")]),
        # "newly elected" before the role word, in an apposition
        ("Ruth Kamp, the newly elected chair of Acme, takes office on Friday.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "chair", "org-acme", "incoming", "2026-11-27", None)]),
        ("Ruth Kamp will take on the role of sales director.", "en", [RUTH],
         [("person-ruth-kamp", "sales director", None, "incoming", None, None)]),
    ],
)
def test_tenure_patterns_5(text: str, lang: str, mentions, expected) -> None:
    doc = roles(make_doc(text, lang, mentions, "2026-11-25"))
    assert [(r.person, r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles] == expected


@pytest.mark.parametrize(
    "text, lang, mentions, expected",
    [
        # the verb before the subject, then the participle
        ("I går blev Ruth Kamp udnævnt til ny salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", "2026-11-24", None)]),
        # a season of a year after a cue
        ("Siden sommeren 2022 har Ruth Kamp været salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", "2022", None)]),
        ("Since the summer of 2022, Ruth Kamp has been sales director of Acme.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "current", "2022", None)]),
        # "for now" between the verb and the role; the role and its organisation right before the name
        ("Ruth Kamp er indtil videre fungerende salgschef i Acme.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", None, None)]),
        ("Salgschef i Acme Ruth Kamp stopper med udgangen af marts.", "da", [ACME, RUTH],
         [("person-ruth-kamp", "salgschef", "org-acme", "current", None, "2027-03")]),
        ("Ruth Kamp left her job as sales director of Acme in October.", "en", [ACME, RUTH],
         [("person-ruth-kamp", "sales director", "org-acme", "ended", None, "2026-10")]),
    ],
)
def test_tenure_patterns_6(text: str, lang: str, mentions, expected) -> None:
    doc = roles(make_doc(text, lang, mentions, "2026-11-25"))
    assert [(r.person, r.role, r.org, r.status, r.valid_from, r.valid_until) for r in doc.roles] == expected
