"""The query page at /query: a SPARQL editor served by the API, working offline (no CDN).

The editor is YASGUI (highlighting, prefix completion, paged result tables, charts), fetched with npm at build time
by `python -m api.build_assets` into api/static/yasgui/ (never committed). An install without it falls back to our
plain editor (api/static/sparql.js) and says so on the page.

The example queries below are data: the page lists them, `/query/examples.json` serves them, and the tests run
every one against the sample articles.
"""
from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response

from graph.sparql.formats import FORMATS
from graph.sparql.prefixes import PAGE_NAMESPACES, PAGE_PREFIXES

router = APIRouter(tags=["sparql"])


# (title, query). Each query is complete: PREFIXes included, so it can be copied into any SPARQL client.
EXAMPLES: list[tuple[str, str]] = [
    (
        "Articles, newest first",
        """SELECT ?article ?headline ?date ?source ?lang WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline .
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher/schema:name ?source }
  OPTIONAL { ?article schema:inLanguage ?lang }
}
ORDER BY DESC(?date)
LIMIT 50""",
    ),
    (
        "Entities by type: how many of each",
        """SELECT ?type (COUNT(DISTINCT ?entity) AS ?entities) WHERE {
  ?article schema:mentions ?entity .
  ?entity a ?type .
  FILTER(STRSTARTS(STR(?type), STR(schema:)))
}
GROUP BY ?type
ORDER BY DESC(?entities)""",
    ),
    (
        "Most mentioned people",
        """SELECT ?person (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?article schema:mentions ?person .
  ?person a schema:Person ; skos:prefLabel ?name .
}
GROUP BY ?person
ORDER BY DESC(?articles)
LIMIT 20""",
    ),
    (
        "Co-mentions: pairs of entities named in the same articles",
        """SELECT ?a ?b (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?article schema:mentions ?a , ?b .
  ?a a schema:Person .
  ?b a schema:Organization .
}
GROUP BY ?a ?b
ORDER BY DESC(?articles)
LIMIT 25""",
    ),
    (
        "Who appears with one person (co-mentions of Lise Bech Kjeldsen)",
        """SELECT ?other (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?article) AS ?together) WHERE {
  ?article schema:mentions id:person-lise-bech-kjeldsen , ?other .
  ?other skos:prefLabel ?name .
  FILTER(?other != id:person-lise-bech-kjeldsen)
}
GROUP BY ?other
ORDER BY DESC(?together)
LIMIT 20""",
    ),
    (
        "Articles that mention two given entities",
        """SELECT ?article ?headline ?date WHERE {
  ?article schema:mentions id:person-lise-bech-kjeldsen , id:country-dk ;
           schema:headline ?headline .
  OPTIONAL { ?article schema:datePublished ?date }
}
ORDER BY ?date""",
    ),
    (
        "Paths: how two people connect through shared articles and a third entity",
        """SELECT DISTINCT ?article1 ?via ?article2 WHERE {
  ?article1 schema:mentions id:person-lise-bech-kjeldsen , ?via .
  ?article2 schema:mentions ?via , id:person-anders-kjaer-mortensen .
  FILTER(?via != id:person-lise-bech-kjeldsen && ?via != id:person-anders-kjaer-mortensen)
}
LIMIT 25""",
    ),
    (
        "Events by place and date (first half of 2026)",
        """SELECT ?place ?begin ?event ?label WHERE {
  ?event a sem:Event ; skos:prefLabel ?label ;
         sem:hasPlace ?where ; sem:hasEarliestBeginTimeStamp ?begin .
  ?where skos:prefLabel ?place .
  FILTER(?begin >= "2026-01-01"^^xsd:date && ?begin < "2026-07-01"^^xsd:date)
}
ORDER BY ?place ?begin""",
    ),
    (
        "Events per country and type",
        """SELECT ?country ?type (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?event a sem:Event ; nkg:eventType ?type ; sem:hasPlace ?country .
  ?country a schema:Country .
}
GROUP BY ?country ?type
ORDER BY DESC(?events)""",
    ),
    (
        "Quotes by person (Lise Bech Kjeldsen), with the article",
        """SELECT ?quote ?text ?article WHERE {
  ?quote schema:spokenByCharacter id:person-lise-bech-kjeldsen ;
         schema:text ?text ;
         nkg:sentence/nif:referenceContext ?article .
}""",
    ),
    (
        "Provenance of a fact: who works where, from which sentence, by which extractor",
        """SELECT ?person ?org ?article ?sentence ?extractor ?confidence WHERE {
  ?fact a rdf:Statement ;
        rdf:subject ?person ; rdf:predicate schema:worksFor ; rdf:object ?org ;
        nkg:sentence/nif:referenceContext|prov:wasDerivedFrom ?article ;
        prov:qualifiedAttribution [ prov:agent ?extractor ; nkg:confidence ?confidence ] .
  OPTIONAL { ?fact nkg:sentence ?sentence }
}""",
    ),
    (
        "Provenance of a mention: the text, where it is, and what found it",
        """SELECT ?mention ?text ?begin ?end ?entity ?extractor ?confidence WHERE {
  # A mention is what names an entity (itsrdf:taIdentRef); its extractor and confidence are one shared node.
  ?mention itsrdf:taIdentRef ?entity ;
           nif:beginIndex ?begin ; nif:endIndex ?end ;
           nkg:sentence/nif:referenceContext|prov:wasDerivedFrom ?article ;
           prov:qualifiedAttribution [ prov:agent ?extractor ; nkg:confidence ?confidence ] .
  # The text is not stored twice: it is the article body between the offsets.
  ?article schema:articleBody ?body .
  BIND(STR(SUBSTR(?body, ?begin + 1, ?end - ?begin)) AS ?text)
}
LIMIT 25""",
    ),
    (
        "Roles: who holds which role, at which organisation",
        """SELECT ?person ?role ?org WHERE {
  ?assignment a nkg:RoleAssignment ; nkg:person ?person ; schema:roleName ?role .
  OPTIONAL { ?assignment nkg:roleAt ?org }
}
LIMIT 50""",
    ),
    (
        "Named graphs: the largest article graphs",
        """SELECT ?graph (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
}
GROUP BY ?graph
ORDER BY DESC(?triples)
LIMIT 10""",
    ),
    (
        "CONSTRUCT: a small graph of people and the organisations they work for",
        """CONSTRUCT { ?person schema:worksFor ?org . ?person skos:prefLabel ?name }
WHERE {
  ?fact rdf:subject ?person ; rdf:predicate schema:worksFor ; rdf:object ?org .
  ?person skos:prefLabel ?name .
}""",
    ),
]


def examples() -> list[dict[str, str]]:
    return [{"title": title, "query": PAGE_PREFIXES + "\n" + query + "\n"} for title, query in EXAMPLES]


def _asset(folder: str, name: str) -> str:
    return (resources.files("api") / folder / name).read_text(encoding="utf-8")


YASGUI = ("yasgui/yasgui.min.js", "yasgui/yasgui.min.css")
PLAIN_NOTICE = (
    '<p class="notice" id="plain-editor">This is the plain editor: the YASGUI editor is not installed with this copy '
    "of newskg (run <code>python -m api.build_assets</code>, which needs npm).</p>"
)


def yasgui_installed() -> bool:
    return all((resources.files("api") / "static" / name).is_file() for name in YASGUI)


@router.get("/query", response_class=HTMLResponse, name="query_page")
def query_page() -> HTMLResponse:
    """The SPARQL query page: YASGUI with our example queries, or the plain editor when YASGUI is not installed."""
    if yasgui_installed():
        return HTMLResponse(_asset("templates", "yasgui.html"))
    # The format choices come from the one table of formats, so the page offers exactly what /sparql writes.
    options = "".join(f'<option value="{f.name}">{f.label}</option>' for f in FORMATS)
    page = _asset("templates", "sparql.html").replace("<!-- format options -->", options)
    return HTMLResponse(page.replace("<main>", "<main>" + PLAIN_NOTICE, 1))


@router.get("/query/prefixes.json")
def query_prefixes() -> dict[str, str]:
    """The prefixes the editor completes (prefix -> namespace IRI), as prefix.cc lists them."""
    return dict(PAGE_NAMESPACES)


@router.get("/query/examples.json")
def query_examples() -> list[dict[str, str]]:
    """The example queries of the query page."""
    return examples()


ASSETS = {
    "sparql.js": "text/javascript",
    "sparql.css": "text/css",
    "yasgui-page.js": "text/javascript",
    "yasgui/yasgui.min.js": "text/javascript",
    "yasgui/yasgui.min.css": "text/css",
}


@router.get("/query/assets/{name:path}", include_in_schema=False)
def query_asset(name: str) -> Response:
    if name not in ASSETS or not (resources.files("api") / "static" / name).is_file():
        raise HTTPException(404, f"no asset {name!r}")
    return Response(
        _asset("static", name), media_type=ASSETS[name] + "; charset=utf-8", headers={"Cache-Control": "max-age=3600"}
    )
