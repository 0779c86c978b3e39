"""The one table of formats: every name and media type of it leads back to its format, through negotiation too."""
from __future__ import annotations

import pytest

from api.negotiate import choose_media_type, media_type_for_format
from graph.sparql.formats import BY_MEDIA_TYPE, FORMATS, KINDS, Format, aliases, by_name, names, offered


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.media_type)
def test_every_media_type_negotiates_back_to_its_format(fmt: Format) -> None:
    for kind in sorted(fmt.kinds):
        assert choose_media_type(fmt.media_type, kind) == fmt.media_type
        assert choose_media_type(f"{fmt.media_type};q=0.5, */*;q=0.1", kind) == fmt.media_type
        for alias in fmt.aliases:
            assert choose_media_type(alias, kind) == fmt.media_type, alias
        for name in fmt.names:
            assert media_type_for_format(name, kind) == fmt.media_type, name
        assert media_type_for_format(fmt.media_type, kind) == fmt.media_type
    for kind in set(KINDS) - fmt.kinds:
        assert choose_media_type(fmt.media_type, kind) != fmt.media_type


def test_the_table_has_no_clashes() -> None:
    assert len(BY_MEDIA_TYPE) == len(FORMATS)
    for kind in KINDS:
        served = [f for f in FORMATS if kind in f.kinds]
        assert offered(kind) == [f.media_type for f in served]
        kind_names = [n for f in served for n in f.names]
        assert len(kind_names) == len(set(kind_names)), kind
        assert not set(aliases(kind)) & set(offered(kind)), kind
    assert len({f.extension for f in FORMATS}) == len(FORMATS)
    assert set(names()) == {n for f in FORMATS for n in f.names}


def test_a_name_means_the_format_of_the_result_kind() -> None:
    assert by_name("json", "select").media_type == "application/sparql-results+json"
    assert by_name("json", "graph").media_type == "application/ld+json"
    assert by_name("XML", "graph").media_type == "application/rdf+xml"
    assert by_name("turtle", "select") is None
    assert by_name("no-such-format", "graph") is None
