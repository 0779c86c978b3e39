"""Property tests: any text, however messy, gives valid mentions and entities, and never crashes."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.extract.link import Linker
from graph.extract.mentions import Recogniser
from graph.extract.tokenize import tokenize
from graph.model import ENTITY_TYPES, Article, Doc, Dropped, Sentence

RECOGNISER = Recogniser()
LINKER = Linker()

# Words that exercise the rules: names, legal forms, titles, connectors, genitives, capitals, punctuation.
WORDS = st.sampled_from([
    "Mette", "Frederiksen", "Frederiksens", "A/S", "Inc.", "of", "og", "Bank", "Kina-besøget", "i", "in", "siger",
    "said", "Danmark", "danske", "regering", "U.S.", "EU", "(", ")", "\"", ".", ",", "-", "\n", "LONDON", "The",
    "H.", "van", "&", "FN's", "Ministeriet", "2", "1996-08-30", "Mr", "statsminister", "Huaweis", "’", "'s", "",
])
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=40).map("".join),
)


def check(doc: Doc) -> None:
    previous_end = -1
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert m.text == doc.text[m.start:m.end]
        assert m.type in ENTITY_TYPES
        assert doc.in_body(m.start, m.end)
        assert m.start >= previous_end  # no overlaps, in order
        previous_end = m.end
        assert 0.0 <= m.confidence <= 1.0 and m.source
        if m.entity_id is None:  # a person's short name the document does not pin to one person
            assert m.type == "Person"
            continue
        assert m.entity_id in doc.entities
        assert m.text in doc.entities[m.entity_id].aliases


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, lang=st.sampled_from(["da", "en", None, "de", "sv"]), cut=st.integers(0, 3))
def test_any_text_gives_valid_mentions(text: str, lang: str | None, cut: int) -> None:
    doc = Doc(article=Article(text=text), text=text, lang=lang)
    # Sentences at arbitrary places (a splitter may cut anywhere), a body that leaves out the ends.
    step = max(1, len(text) // (cut + 1))
    doc.sentences = [Sentence(a, min(a + step, len(text)), text[a:a + step]) for a in range(0, len(text), step)]
    doc.body = (min(cut, len(text)), max(len(text) - cut, min(cut, len(text))))
    if len(text) > 10:
        doc.dropped.append(Dropped(2, 8, "test"))
    check(LINKER(RECOGNISER(doc)))


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_tokens_are_slices_of_the_text(text: str) -> None:
    tokens = tokenize(text)
    end = 0
    for t in tokens:
        assert text[t.start:t.end] == t.text and t.start >= end and not t.text.isspace()
        end = t.end
    assert "".join(t.text for t in tokens) == "".join(text.split())
