"""Page-furniture detection on scraped pages written for these tests (tests/fixtures/pages, see its README)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.clean import find_furniture, make_clean
from graph.model import Article, Doc

PAGES = Path(__file__).parent / "fixtures" / "pages"


def load_page(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """The page text without marks, and (start, end, mark) for each non-empty line ("A" article, "F" furniture)."""
    lines: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for raw in path.read_text(encoding="utf-8").split("\n"):
        mark, line = (raw[:1], raw[2:]) if raw.strip() else ("", "")
        if mark:
            assert mark in "AF", f"{path.name}: line {raw!r} must start with 'A ' or 'F '"
            spans.append((offset, offset + len(line), mark))
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), spans


def run_clean(text: str) -> Doc:
    return make_clean()(Doc(article=Article(text=text), text=text))


PAGE_FILES = sorted(PAGES.glob("*.txt"))


def test_fixture_set_covers_languages_and_clean_pages() -> None:
    names = [p.name for p in PAGE_FILES]
    assert len([n for n in names if n.startswith("da_")]) >= 2
    assert len([n for n in names if n.startswith("en_")]) >= 2
    assert len([n for n in names if n.startswith("clean_")]) >= 2


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_article_kept_and_furniture_dropped(path: Path) -> None:
    text, spans = load_page(path)
    doc = run_clean(text)
    assert doc.body is not None
    for start, end, mark in spans:
        line = text[start:end]
        if mark == "A":
            assert doc.in_body(start, end), f"article line lost: {line!r}"
            assert not any(d.start < end and start < d.end for d in doc.dropped), f"article line in dropped: {line!r}"
        else:
            assert not doc.in_body(start, end), f"furniture kept in body: {line!r}"
            assert any(d.start <= start and end <= d.end for d in doc.dropped), f"furniture not reported: {line!r}"


@pytest.mark.parametrize("path", [p for p in PAGE_FILES if p.name.startswith("clean_")], ids=lambda p: p.stem)
def test_clean_article_loses_nothing(path: Path) -> None:
    text, _ = load_page(path)
    doc = run_clean(text)
    assert doc.dropped == []
    assert doc.body == (0, len(text.rstrip()))


def test_title_starts_the_body() -> None:
    text, spans = load_page(PAGES / "en_bbc_style_bridge.txt")
    title = next(s for s in spans if s[2] == "A")
    assert run_clean(text).body[0] == title[0]


def test_reasons_name_each_furniture_kind() -> None:
    reasons: set[str] = set()
    for path in PAGE_FILES:
        reasons |= {d.reason for d in run_clean(load_page(path)[0]).dropped}
    expected = {"teaser", "event-listing", "job-ad", "people-news", "newsletter", "navigation", "cookie", "share",
                "byline", "credit", "promo", "footer"}
    assert expected <= reasons, expected - reasons


def test_dropped_text_matches_offsets() -> None:
    text, _ = load_page(PAGES / "da_kommune_skole.txt")
    doc = run_clean(text)
    assert doc.text == text
    for d in doc.dropped:
        assert d.text == text[d.start:d.end]


def test_inline_teaser_does_not_end_article() -> None:
    text = (
        "Minister går af efter sag om rejser\n\n"
        "Transportministeren trækker sig med øjeblikkelig virkning, oplyser Statsministeriet i en pressemeddelelse.\n"
        "Læs også: Sådan blev rejsesagen afsløret\n"
        "Ministeren har i flere uger været under pres for sine rejser på statens regning i sommer.\n"
        "Hun vil ikke selv udtale sig, før en ny minister er udpeget på fredag.\n"
    )
    doc = run_clean(text)
    last = "Hun vil ikke selv udtale sig"
    assert doc.in_body(text.index(last), text.index(last) + len(last))
    assert [d.reason for d in doc.dropped] == ["teaser"]


def test_subhead_that_looks_like_a_header_is_kept() -> None:
    text = (
        "Factory closure hits town\n\n"
        "The plant employed 900 people and was the largest employer in the area for forty years.\n"
        "Jobs\n"
        "Local officials said they would try to find new work for staff, many of whom have been there for decades.\n"
        "The company said it regretted the decision but had no choice given falling orders.\n"
    )
    doc = run_clean(text)
    assert doc.dropped == []
    assert doc.body == (0, len(text.rstrip()))


def test_listing_without_header_after_article_is_dropped() -> None:
    text = (
        "Museum reopens after two-year renovation\n\n"
        "The town museum reopened on Saturday with a new wing for its collection of Viking finds and coins.\n"
        "Visitors queued for an hour before the doors opened, the director said on Sunday morning.\n\n"
        "Jazz in the Park\n"
        "Riverside Park, Saturday 14 June, 7pm\n"
        "Tickets £12\n"
        "Poetry evening\n"
        "Town Library, Friday 20 June, 6:30pm\n"
    )
    doc = run_clean(text)
    assert text[doc.body[0]:doc.body[1]].endswith("Sunday morning.")
    assert [d.reason for d in doc.dropped] == ["event-listing"]


@pytest.mark.parametrize(
    "tail, reason",
    [
        (
            "Kommentarer (12)\nJens Hansen: Endelig! Det var på tide.\nMette: Alt for dyrt, hvis du spørger mig.",
            "comments",
        ),
        ("Follow us on Facebook and Instagram. Send your story ideas to our newsroom.", "promo"),
        ("Most Read\n1\nStorm closes schools across the north\n2\nEnergy bills to rise again", "teaser"),
    ],
)
def test_tail_furniture_kinds(tail: str, reason: str) -> None:
    article = (
        "Ny bro åbner i Vejle\n\n"
        "Den nye bro over Vejle Å åbnede lørdag med taler og musik, og tusinder af borgere mødte op til festen.\n"
        "Broen har kostet 120 mio. kr. og har været fire år undervejs, oplyser kommunen."
    )
    text = article + "\n\n" + tail + "\n"
    doc = run_clean(text)
    assert doc.body == (0, len(article))
    assert [d.reason for d in doc.dropped] == [reason]


def test_date_lines_are_kept_unless_next_to_a_byline() -> None:
    text = (
        "Blackburn v Burnley\n\nEwood Park\n\nTuesday, 1 March\n\nBurnley travel to Ewood Park for the derby with a "
        "depleted squad after three injuries in the last round."
    )
    assert run_clean(text).dropped == []
    text = (
        "Bro åbner\nAf Karen Holm\n24. november 2025 kl. 10.15\nDen nye bro åbnede lørdag med taler og musik for alle."
    )
    assert [d.reason for d in run_clean(text).dropped] == ["byline"]


ARTICLE = (
    "Fishing fleet stays in port\n\n"
    "Skippers in three northern harbours have been told to keep their boats in port until Friday, as gales sweep in.\n"
    "Forecasters expect the wind to ease on Saturday morning, the harbour master said."
)


def test_unlabelled_headline_list_closing_the_page_is_dropped() -> None:
    text = ARTICLE + "\n\nStorm warning issued for the east coast\nRail fares to rise by four percent in March\n" \
                     "Council tax bills are set to climb again\n"
    doc = run_clean(text)
    assert doc.body == (0, len(ARTICLE))
    assert [d.reason for d in doc.dropped] == ["teaser"]


@pytest.mark.parametrize("ending", [
    "\n\nBolton v Arsenal or Sheffield United\nChelsea v Birmingham\nWest Ham v Sheffield United",
    "\n\n1 Roger Federer (Switzerland)\n2 Andy Roddick (US)\n3 Lleyton Hewitt (Australia)",
    "\nThe crews want three things:\nbetter forecasts for small boats\nfaster payouts from the storm fund\n"
    "a say in when the harbour closes",
])
def test_lists_that_belong_to_the_article_are_kept(ending: str) -> None:
    text = ARTICLE + ending
    doc = run_clean(text)
    assert doc.dropped == []
    assert doc.body == (0, len(text))


def test_one_word_header_used_as_a_subhead_is_kept() -> None:
    text = ("Baby names of the year\n\nThe statistics office published its yearly list of the most popular "
            "baby names on Monday.\nNavne\nEmma and Noah top the list again, as they have done for three years "
            "in a row.\nThe office counted 57,000 births in the year, slightly fewer than the year before.")
    assert run_clean(text).dropped == []


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "1234 5678", "...", "\x00\x01\x02", "Hej"])
def test_degenerate_input(text: str) -> None:
    doc = run_clean(text)
    start, end = doc.body
    assert 0 <= start <= end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["Læs også", "Job", "Navne", "Read more", "Foto: X/Ritzau", "Del", "\n", "\n\n",
                                   "Han siger, at det er en rigtig god dag for alle i byen.", "12. maj kl. 10",
                                   "Tickets £5", "By Jane Doe", "Menu", "中文内容", "مرحبا", "\r\n", "\t"]),
                  max_size=40).map(" ".join))
def test_spans_valid_for_any_text(text: str) -> None:
    body, dropped = find_furniture(text)
    assert 0 <= body[0] <= body[1] <= len(text)
    previous_end = 0
    for d in dropped:
        assert 0 <= d.start <= d.end <= len(text)
        assert d.start >= previous_end, "dropped blocks overlap or are unsorted"
        assert d.text == text[d.start:d.end]
        previous_end = d.end


def test_huge_line_and_many_lines() -> None:
    long_line = "word " * 200_000
    body, dropped = find_furniture(long_line)
    assert body == (0, len(long_line.rstrip()))
    many = "Short line\n" * 20_000
    body, dropped = find_furniture(many)
    assert 0 <= body[0] <= body[1] <= len(many)


def test_project_sample_page_keeps_article_names_and_drops_furniture_names() -> None:
    """graph/samples/pages/da-side-med-stoej.txt; the name lists come from graph/samples/README.md."""
    page = Path(__file__).resolve().parents[1] / "graph" / "samples" / "pages" / "da-side-med-stoej.txt"
    text = page.read_text(encoding="utf-8")
    doc = run_clean(text)
    body = text[doc.body[0]:doc.body[1]]
    assert body.startswith("Lindqvist: Tolden har reddet arbejdspladser i Esbjerg")
    for name in ["Vestkyst Vind A/S", "Karen Holm Lindqvist", "Shenlan Wind Technology", "Bo Kristensen",
                 "Bruxelles", "Mikkel Brandt"]:
        at = text.index(name)
        assert doc.in_body(at, at + len(name)), name
    for name in ["Pia Rosenkvist", "Thorsø Mejeri A/S", "Alstrup Elektronik ApS", "Kolding Kammerkor",
                 "Ejnar Holst", "Brandholm Logistik A/S", "Klitgaard Køleteknik ApS", "Tårnborg Revision ApS",
                 "Ingrid Søndergaard", "Bent Overgaard", "Mathias Krog", "Brobjerg Idrætsforening"]:
        at = text.index(name)
        assert not doc.in_body(at, at + len(name)), name
    assert "Nordposten\n" not in body and "Del artiklen" not in body and "cookies" not in body


def test_caption_credit_and_continue_lines_inside_the_article() -> None:
    text = (
        "Borgmester vil have ny skole\n\n"
        "Byrådet i Vesterholm har tirsdag besluttet at bygge en ny skole ved Engvej til 240 millioner kroner.\n"
        "Borgmester Henrik Dalsgaard på byggegrunden ved Engvej. Foto: Lars Mikkelsen/Ritzau Scanpix\n"
        "Story continues below advertisement\n"
        "Skolen skal stå klar i august 2028 og have plads til omkring 700 elever, oplyser kommunen.\n"
    )
    doc = run_clean(text)
    assert [d.reason for d in doc.dropped] == ["credit", "promo"]
    assert doc.body == (0, len(text.rstrip()))
