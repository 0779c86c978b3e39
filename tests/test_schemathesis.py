"""Schemathesis against the live app's OpenAPI spec: whatever it sends, the server never answers 5xx.

Runs against a real uvicorn server holding a copy of the sample store, with the write token set so the write
routes (POST /articles, SPARQL Update) are exercised too. Each operation gets a bounded number of valid and
invalid requests (schema-conforming and not), so the whole run stays around a minute or two.
"""
from __future__ import annotations

import io
import json
import warnings

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.app import create_app
from graph.settings import Settings
from graph.store import Store
from graph.store.oxigraph import OxigraphStore
from tests.support.server import live_server

TOKEN = "schemathesis-token"
EXAMPLES = 10  # per operation and generation mode


def operation_labels() -> list[str]:
    """Every operation of the spec, known without a running server (the spec does not depend on the store)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # FastAPI warns about operation ids shared by GET and POST of one route
        spec = create_app(Settings(store="memory:")).openapi()
    return [f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops if method != "head"]


@pytest.fixture(scope="module")
def server(sample_store: Store):
    copy = OxigraphStore(None)
    dump = io.BytesIO()
    sample_store.dump(dump)
    copy.load(io.BytesIO(dump.getvalue()))
    with live_server(copy, write_token=TOKEN, query_timeout=5.0) as srv:
        yield srv
    copy.close()


@pytest.fixture(scope="module")
def api_schema(server):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("label", operation_labels())
def test_no_server_errors(api_schema, server, label, mode):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the served spec"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def never_5xx(case):
        case.call_and_validate(
            base_url=server.url,
            headers={"Authorization": f"Bearer {TOKEN}"},
            checks=[not_a_server_error],
            timeout=60,
        )

    try:
        never_5xx()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip(f"{label} takes no parameters that could be made invalid")


# The spec does not describe the raw bodies of POST /articles and POST /sparql, so schemathesis cannot vary them:
# send arbitrary bodies under each accepted (and some unaccepted) content type directly.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "text", "html", "title", "lang", "published", "url", "x"]), inner, max_size=6
        )
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=1500),
    st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.lists(json_values.map(json.dumps), max_size=5).map(lambda lines: "\n".join(lines).encode()),
)
content_types = st.sampled_from(
    ["application/json", "application/x-ndjson", "application/sparql-query", "application/sparql-update",
     "application/x-www-form-urlencoded", "text/plain", ""]
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(path=st.sampled_from(["/articles", "/sparql"]), body=bodies, ctype=content_types)
def test_arbitrary_post_bodies_never_5xx(server, path, body, ctype):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if ctype:
        headers["Content-Type"] = ctype
    r = httpx.post(server.url + path, content=body, headers=headers, timeout=60)
    assert r.status_code < 500, f"{path} {ctype!r} {body[:80]!r} -> {r.status_code}: {r.text[:200]}"
