"""The `clean` pipeline component: find the article on a page (learned body detector + furniture rules)."""
from __future__ import annotations

from collections.abc import Callable

from graph.extract.clean.detector import BodyDetector, Detection, dropped_blocks, headline_index
from graph.extract.clean.features import page_language
from graph.extract.clean.rules import find_furniture, rule_view
from graph.extract.pipeline import ComponentFn, component
from graph.extract.timex import find_timexes
from graph.model import Doc
from graph.readers.text import guess_title

__all__ = ["BodyDetector", "find_body", "find_furniture", "make_clean", "rule_view"]

DATE_LOOKAROUND = 8  # lines around the body's start searched for the byline's date


def find_body(text: str, detector: BodyDetector) -> tuple[tuple[int, int], list, Detection]:
    """The article's span in `text`, the furniture blocks around and inside it, and the detection."""
    detection = detector.detect(text)
    body, dropped = dropped_blocks(text, detection)
    return body, dropped, detection


def _byline_date(doc: Doc, detection: Detection, lang: Callable[[], str | None]) -> str | None:
    """The first day-precise date on a byline or dateline line near the start of the body. `lang` is asked only
    when there is such a line (most texts have none, and the page's language costs a pass over its words)."""
    lines = detection.view.lines
    if not detection.body:
        return None
    first = detection.body[0]
    near = range(max(first - DATE_LOOKAROUND, 0), min(first + DATE_LOOKAROUND, len(lines)))
    candidates = [lines[i] for i in sorted(near, key=lambda k: abs(k - first))
                  if lines[i].kind in ("byline", "dateline")]
    if not candidates:
        return None
    language = lang()
    for line in candidates:
        for timex in find_timexes(doc.text, language, None, line.start, line.end):
            if timex.granularity == "day":
                return timex.value
    return None


@component("clean", requires=[], assigns=["body", "dropped"])
def make_clean() -> ComponentFn:
    detector = BodyDetector.load()

    def clean(doc: Doc) -> Doc:
        doc.body, dropped, detection = find_body(doc.text, detector)
        doc.dropped = sorted(doc.dropped + dropped, key=lambda d: (d.start, d.end))
        article = doc.article
        # A title the text reader guessed from the first line is often the site's masthead: the headline wins.
        if article.title is None or article.title == guess_title(doc.text):
            title = headline_index(detection)
            article.title = detection.view.lines[title].text.strip(" #*") if title is not None else article.title
        if article.published is None:

            def lang() -> str:
                found = article.lang or page_language(doc.text, detector.stopwords)
                return found if found in ("da", "en") else "en"

            article.published = _byline_date(doc, detection, lang)
        return doc

    return clean
