// The query page: our own small editor script (no libraries, no network besides this server).
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const examples = document.getElementById("examples");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const permalink = document.getElementById("permalink");
  const endpoint = new URL("sparql", document.baseURI).toString();
  const TRUNCATED = "urn:newskg:result-truncated";
  const SHORT = { rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", schema: "https://schema.org/",
    skos: "http://www.w3.org/2004/02/skos/core#", sem: "http://semanticweb.cs.vu.nl/2009/11/sem/",
    nkg: "https://w3id.org/newskg/ontology#", prov: "http://www.w3.org/ns/prov#",
    xsd: "http://www.w3.org/2001/XMLSchema#", entity: "https://w3id.org/newskg/id/entity/",
    article: "https://w3id.org/newskg/id/article/", graph: "https://w3id.org/newskg/graph/" };

  function setStatus(text, kind) { status.textContent = text; status.className = kind || ""; }
  function shorten(iri) {
    for (const [p, ns] of Object.entries(SHORT)) if (iri.startsWith(ns)) return p + ":" + iri.slice(ns.length);
    return iri;
  }
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value; a.textContent = shorten(term.value); a.title = term.value;
      td.appendChild(a);
    } else {
      td.appendChild(document.createTextNode(term.type === "bnode" ? "_:" + term.value : term.value));
      const note = term["xml:lang"] ? "@" + term["xml:lang"] : term.datatype ? shorten(term.datatype) : "";
      if (note) { const s = document.createElement("span"); s.className = "type"; s.textContent = " " + note; td.appendChild(s); }
    }
    return td;
  }
  function table(data) {
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = t.createTBody();
    for (const b of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(b[v]));
    }
    return t;
  }

  async function run() {
    const query = textarea.value;
    const chosen = format.value;
    const params = new URLSearchParams({ query });
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    if (chosen === "table") headers.Accept = "application/sparql-results+json, text/turtle;q=0.9";
    else params.set("format", chosen);
    permalink.href = "#query=" + encodeURIComponent(query);
    setStatus("running…");
    results.textContent = "";
    const started = performance.now();
    let response;
    try {
      response = await fetch(endpoint, { method: "POST", headers, body: params });
    } catch (e) {
      setStatus("cannot reach the server: " + e, "error");
      return;
    }
    const ms = Math.round(performance.now() - started);
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).detail; } catch (e) { /* not JSON: show as is */ }
      setStatus(response.status + ": " + message, "error");
      return;
    }
    const type = (response.headers.get("content-type") || "").split(";")[0];
    const truncated = response.headers.get("x-sparql-truncated");
    if (type === "application/sparql-results+json") {
      const data = JSON.parse(text);
      if ("boolean" in data) { setStatus(`${data.boolean} (${ms} ms)`); return; }
      const n = data.results.bindings.length;
      const cut = truncated || (data.head.link || []).includes(TRUNCATED);
      setStatus(`${n} row${n === 1 ? "" : "s"} in ${ms} ms` + (cut ? " — truncated at the server's row limit" : ""), cut ? "warn" : "");
      results.appendChild(table(data));
    } else {
      setStatus(`${type} in ${ms} ms` + (truncated ? " — truncated at the server's row limit" : ""), truncated ? "warn" : "");
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.appendChild(pre);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Tab" && !e.shiftKey) {
      e.preventDefault();
      const s = textarea.selectionStart;
      textarea.setRangeText("  ", s, textarea.selectionEnd, "end");
    }
  });
  examples.addEventListener("change", () => {
    const i = examples.value;
    if (i !== "" && window.EXAMPLES) textarea.value = window.EXAMPLES[Number(i)].query;
  });
  fetch(new URL("query/examples.json", document.baseURI)).then((r) => r.json()).then((list) => {
    window.EXAMPLES = list;
    list.forEach((ex, i) => {
      const o = document.createElement("option");
      o.value = String(i); o.textContent = ex.title;
      examples.appendChild(o);
    });
  }).catch(() => setStatus("could not load the example queries", "warn"));
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("query");
  if (fromHash) textarea.value = fromHash;
})();
