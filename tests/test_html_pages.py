"""The HTML reader on news pages written for these tests: structured data in the page, comments and lists of
other stories around the article, the choice between trafilatura's default and precision modes, the headline
repeated as the text's first line, and an article split into sibling blocks of the same markup."""
from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from typer.testing import CliRunner

from api.cli import app
from graph.model import Article
from graph.readers.html import (
    CHUNK_PARAGRAPHS,
    PRECISE_SHARE,
    prefer_precise,
    read_html,
    read_html_share,
    with_sibling_chunks,
    without_headline,
)

BODY = """<p>The ferry crews in Aarhus went back to work on Monday after a two-week strike over pay, the operator
said. The first departures to Samsø left on time and the harbour expects the queues to be gone by Wednesday.</p>
<p>The union said the new agreement raises wages by four percent this year and by three percent next year, and
that the crews will get two more days off each summer. The operator called the deal expensive but fair.</p>
<p>Passengers who bought tickets for cancelled departures can get their money back on the operator's website
until the end of the month, a spokeswoman said. About 40,000 journeys were cancelled during the strike.</p>"""

RELATED = """<div class="more"><ul>
<li><a href="/a">Ferry crews vote for strike after talks break down</a> The union says</li>
<li><a href="/b">Harbour queues grow longer as the strike goes on</a> Drivers wait</li>
<li><a href="/c">Operator warns of losses running into millions</a> The company</li></ul></div>"""

COMMENTS = """<section class="comments"><h3>Comments</h3>
<div class="comment"><p>Finally! I have waited two weeks to visit my mother on the island, this was absurd.</p></div>
<div class="comment"><p>The crews deserve every krone of that raise, the operator made record profits.</p></div>
</section>"""

JSON_LD = json.dumps({
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry strike ends in Aarhus",
    "datePublished": "2026-03-02T08:00:00Z",
    "articleBody": "The ferry crews in Aarhus went back to work on Monday after a two-week strike over pay.",
})


def page(inner: str, head: str = "") -> str:
    return f"""<!doctype html><html><head><title>Ferry strike ends | Nordposten</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><div class="story"><h1>Ferry strike ends in Aarhus</h1>
<p class="standfirst">Crews are back at work after two weeks.</p>{inner}</div></main>
<footer>Contact us. Cookie settings. All rights reserved.</footer></body></html>"""


def test_json_ld_gives_the_date_and_stays_out_of_the_text():
    article = read_html(page(BODY, f'<script type="application/ld+json">{JSON_LD}</script>'), "ferry.html")
    assert isinstance(article, Article)
    assert article.published == "2026-03-02"
    assert "40,000 journeys were cancelled" in article.text
    assert "@context" not in article.text and "articleBody" not in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text


def test_list_of_other_stories_after_the_article_is_left_out():
    html = page(BODY + RELATED + COMMENTS)
    default_mode = read_html_share(html, "ferry.html", 2.0)  # above 1: trafilatura's default text
    assert isinstance(default_mode, Article)
    assert "Harbour queues grow longer" in default_mode.text  # the page needs the precision mode
    article = read_html(html, "ferry.html")
    assert isinstance(article, Article)
    assert "About 40,000 journeys were cancelled during the strike." in article.text
    assert "Harbour queues grow longer" not in article.text
    assert "record profits" not in article.text and "Comments" not in article.text


def test_precision_mode_wins_only_when_it_keeps_the_article():
    default = " ".join(f"word{i}" for i in range(100))
    assert prefer_precise(default, " ".join(f"word{i}" for i in range(90)))
    assert not prefer_precise(default, default)  # nothing left out
    assert not prefer_precise(default, default + " more")  # longer: not a more precise text
    assert not prefer_precise(default, "word1 word2 word3")  # a fragment: the article was lost
    assert not prefer_precise(default, "")
    kept = int(PRECISE_SHARE * 100)
    assert prefer_precise(default, " ".join(f"word{i}" for i in range(kept)))
    assert not prefer_precise(default, " ".join(f"word{i}" for i in range(kept - 1)))


def test_extract_of_an_html_page_keeps_its_contract(tmp_path: Path):
    path = tmp_path / "Ferry strike.html"
    path.write_text(page(BODY + RELATED + COMMENTS, f'<script type="application/ld+json">{JSON_LD}</script>'),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["id"] == "ferry-strike"
    assert out["title"] == "Ferry strike ends in Aarhus"
    assert out["published"] == "2026-03-02"
    assert "went back to work on Monday" in out["body_text"]
    assert "Harbour queues grow longer" not in out["body_text"]
    assert isinstance(out["dropped"], list) and all("reason" in d for d in out["dropped"])


def test_the_headline_is_the_title_and_not_the_texts_first_line():
    kept = read_html_share(page(BODY), "ferry.html", PRECISE_SHARE, headline_overlap=2.0)  # above 1: never cut
    assert isinstance(kept, Article) and kept.text.startswith("Ferry strike ends in Aarhus\n")
    article = read_html(page(BODY), "ferry.html")
    assert isinstance(article, Article)
    assert article.title == "Ferry strike ends in Aarhus"
    assert article.text.startswith("Crews are back at work after two weeks.")


def test_a_first_line_is_cut_only_when_it_reads_as_the_title():
    text = "Ferry strike ends in Aarhus\nThe crews went back to work."
    assert without_headline(text, "Ferry strike ends in Aarhus | Nordposten") == "The crews went back to work."
    assert without_headline(text, "Ferry strike ends", overlap=0.8) == text  # Dice 0.75
    assert without_headline(text, "Ferry strike ends", overlap=0.7) == "The crews went back to work."
    assert without_headline(text, "Harbour queues grow longer") == text  # another story's title
    assert without_headline(text, None) == text
    alone = "Ferry strike ends in Aarhus"
    assert without_headline(alone, alone) == alone  # a text that is its headline alone is kept


def chunk(paragraphs: list[str], css: str = "article-body") -> str:
    return f'<div class="{css}">' + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"


def prose(topic: str, n: int) -> list[str]:
    """`n` paragraphs of more than 20 words each about `topic`."""
    return [f"Paragraph {i} on {topic} says what the crews, the operator and the union told the paper about pay, "
            f"time off and the queues at the harbour this week." for i in range(n)]


def test_sibling_blocks_of_the_article_are_added_in_the_pages_order():
    first, second = prose("the strike", 3), prose("the deal", CHUNK_PARAGRAPHS)
    html = ('<html><body><article><div class="chunks"><div class="grid">' + chunk(first) + '</div>'
            '<div class="ad">Advertisement</div><div class="grid">' + chunk(second) + '</div>'
            '<div class="grid">' + chunk(["Read more: the ferry timetable."]) + '</div>'  # no prose: not the article
            '<div class="grid">' + chunk(prose("other news", 4), "teaser") + '</div>'  # other markup
            '</div></article></body></html>')
    text = "\n".join(first)  # what trafilatura kept: the first block
    assert with_sibling_chunks(lxml.html.fromstring(html), text) == "\n".join(first + second)
    too_short = html.replace(chunk(second), chunk(second[:CHUNK_PARAGRAPHS - 1]))
    assert with_sibling_chunks(lxml.html.fromstring(too_short), text) == text
    assert with_sibling_chunks(lxml.html.fromstring(html), "\n".join(second)) == "\n".join(first + second)
