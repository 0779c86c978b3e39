/* newskg visual explorer: draws a view (nodes, edges, evidence) with vis-network and makes it explorable.
 *
 * The page embeds its view as JSON in #viz-config. Served by the API, `api` is the server's base path and the
 * page can fetch more ('show more', expand); saved for offline use, `api` is null and those controls are off.
 * Everything stays on the page's own origin: no request leaves it.
 */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("viz-config").textContent);
  var GROUPS = cfg.legend.groups;
  var RELATIONS = cfg.legend.relations;
  var API = cfg.api; // null when offline
  var view = cfg.data;
  var articles = Object.assign({}, view.articles || {});
  var evidence = {}; // node id -> [{article, sentences}]
  var dated = {}; // node id -> "YYYY-MM-DD" for nodes with a date (articles)
  var info = {}; // node id -> the node as the server sent it
  var state = { hiddenGroups: {}, since: "", until: "", limit: view.limit || 150 };
  var BIG = 300; // above this many nodes: straight edges, lighter physics
  // Labels: at most LABEL_CAP on screen at once, never overlapping, always LABEL_PX pixels whatever the zoom.
  // Which ones: the most salient first; at the zoom the view opens with, only the top LABEL_BASE are candidates,
  // and zooming in by z lets the top LABEL_BASE * z^2 compete (the rest show on hover).
  var LABEL_CAP = 30;
  var LABEL_BASE = 24;
  var LABEL_PX = 12;
  var FONT_FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function visNode(n, pos) {
    // No label until placeLabels() picks this node: a label is drawn only where there is room for it.
    var out = { id: n.id, label: "", title: n.title, value: n.value, group: n.group };
    if (n.id === view.center) out.borderWidth = 4;
    if (pos) { out.x = pos.x; out.y = pos.y; }
    return out;
  }

  function visEdge(e, total) {
    var rel = RELATIONS[e.relation] || { color: "#bbb" };
    var out = { id: e.id, from: e.from, to: e.to, value: e.weight, title: e.title, color: { color: rel.color, highlight: "#222" } };
    // Colour and the legend say what an edge is; only a role's own words ("chief executive") go on the line.
    if (total <= 150 && e.relation === "role") out.label = e.label;
    if (e.relation === "next") out.arrows = "to";
    if (["said", "role", "former_role", "participant", "place"].includes(e.relation)) out.arrows = "to";
    if (rel.dashes) out.dashes = true;  // a former role: drawn apart from the roles held today
    return out;
  }

  /* Starting positions: rings of breadth-first layers around the centre, children near their parent, so physics
   * has little to do. Big views stabilise in a fraction of the time a random start needs. */
  function seedPositions(ns, es, center, known) {
    var adj = {};
    ns.forEach(function (n) { adj[n.id] = []; });
    es.forEach(function (e) {
      if (adj[e.from] && adj[e.to]) { adj[e.from].push(e.to); adj[e.to].push(e.from); }
    });
    var pos = {}, angle = {};
    var roots = [];
    if (center && adj[center]) roots.push(center);
    Object.keys(known || {}).forEach(function (id) { if (adj[id]) roots.push(id); });
    if (!roots.length && ns.length) roots.push(ns[0].id);
    var layer = [];
    roots.forEach(function (r, i) {
      pos[r] = known && known[r] ? known[r] : { x: 0, y: 0 };
      angle[r] = (2 * Math.PI * i) / Math.max(1, roots.length);
      layer.push(r);
    });
    var depth = 0;
    var seen = {};
    layer.forEach(function (id) { seen[id] = true; });
    while (layer.length) {
      depth += 1;
      var next = [];
      layer.forEach(function (id) {
        adj[id].forEach(function (o) {
          if (!seen[o]) { seen[o] = true; next.push(o); angle[o] = angle[id]; }
        });
      });
      next.sort(function (a, b) { return angle[a] - angle[b]; });
      var radius = 120 * depth + 12 * Math.sqrt(next.length) * depth;
      next.forEach(function (id, i) {
        var a = (2 * Math.PI * i) / Math.max(1, next.length);
        angle[id] = a;
        pos[id] = { x: radius * Math.cos(a), y: radius * Math.sin(a) };
      });
      layer = next;
    }
    // Nodes not reached from a root (a view of several components): a loose outer ring.
    var rest = ns.filter(function (n) { return !pos[n.id]; });
    rest.forEach(function (n, i) {
      var a = (2 * Math.PI * i) / Math.max(1, rest.length);
      pos[n.id] = { x: 200 * (depth + 1) * Math.cos(a), y: 200 * (depth + 1) * Math.sin(a) };
    });
    return pos;
  }

  /* Add a view's nodes and edges, keeping what is already drawn. Returns the ids that were new. */
  function merge(sub, near) {
    Object.assign(articles, sub.articles || {});
    var fresh = sub.nodes.filter(function (n) { return !nodes.get(n.id); });
    var known = {};
    if (near) known[near] = network ? network.getPositions([near])[near] : { x: 0, y: 0 };
    var pos = seedPositions(sub.nodes, sub.edges, near || sub.center, near ? known : null);
    sub.nodes.forEach(function (n) {
      info[n.id] = info[n.id] || n;
      if (n.date) dated[n.id] = n.date;
      var ev = evidence[n.id] || [];
      var have = {};
      ev.forEach(function (x) { have[x.article] = true; });
      (n.evidence || []).forEach(function (x) { if (!have[x.article]) ev.push(x); });
      evidence[n.id] = ev;
    });
    var total = edges.length + sub.edges.length;
    nodes.add(fresh.map(function (n) { return visNode(n, pos[n.id]); }));
    var freshEdges = sub.edges.filter(function (e) { return !edges.get(e.id); });
    edges.add(freshEdges.map(function (e) { return visEdge(e, total); }));
    return fresh.map(function (n) { return n.id; });
  }

  // ---- the network ----

  function groupOptions() {
    var out = {};
    Object.keys(GROUPS).forEach(function (g) {
      out[g] = { shape: GROUPS[g].shape, color: { background: GROUPS[g].color, border: shade(GROUPS[g].color), highlight: { background: GROUPS[g].color, border: "#111" } } };
    });
    return out;
  }

  function shade(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.max(0, (n >> 16) - 50), g = Math.max(0, ((n >> 8) & 255) - 50), b = Math.max(0, (n & 255) - 50);
    return "#" + ((1 << 24) + (r << 16) + (g << 8) + b).toString(16).slice(1);
  }

  var network = null;
  var t0 = performance.now();
  window.newskgViz = { ready: false, stabilizedMs: null, renderedMs: null };

  merge(view, null);
  var big = nodes.length > BIG;
  var options = {
    groups: groupOptions(),
    nodes: {
      borderWidth: 1,
      font: { size: LABEL_PX, face: FONT_FACE, color: "#1b1b1b", strokeWidth: 3, strokeColor: "#fdfdfd" },
      // Label sizes are set per node by placeLabels(), so that they stay readable at any zoom.
      scaling: { min: 8, max: 36, label: { enabled: false, drawThreshold: 1, maxVisible: 40 } },
    },
    edges: {
      smooth: big ? false : { type: "continuous" },
      // Edge labels only where they are 11 px or more on screen: at full size, or zoomed in.
      scaling: { min: 1, max: 6, label: { enabled: false, drawThreshold: 11, maxVisible: 13 } },
      font: { size: 11, color: "#555", strokeWidth: 2, align: "middle" },
      selectionWidth: 2,
      hoverWidth: 1,
    },
    physics: {
      solver: "barnesHut",
      barnesHut: { theta: big ? 0.9 : 0.5, gravitationalConstant: big ? -2500 : -6000, springLength: big ? 90 : 160, springConstant: 0.04, damping: big ? 0.6 : 0.5, avoidOverlap: big ? 0 : 0.4 },
      minVelocity: big ? 2 : 1,
      // The seeded rings are close to the final drawing, so a big view needs few iterations.
      stabilization: { enabled: true, iterations: big ? 40 : 400, updateInterval: 20, fit: true },
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false, navigationButtons: false },
  };
  var tNet = performance.now();
  network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, options);
  window.newskgViz.timings = { prepareMs: tNet - t0, networkMs: performance.now() - tNet };
  network.on("startStabilizing", function () { window.newskgViz.timings.stabilizeStart = performance.now() - t0; });

  // ---- labels: the nodes that matter at this zoom ----

  var rank = {}; // node id -> 0 for the most salient node, 1 for the next, ...
  var ranked = 0; // how many nodes `rank` was computed for
  var labelled = {}; // node id -> {px: on-screen size, size: canvas size, box: where it is drawn}
  var fitScale = null; // the zoom the view opened at, fitted to the graph
  var hovered = null;
  var selected = null;
  var measure = document.createElement("canvas").getContext("2d");

  function rankNodes() {
    // The centre, then entities and events before articles and quotes (those are the evidence, one click away),
    // each by salience (what the server sized the node by), then by how connected it is in the view.
    var degree = {};
    edges.forEach(function (e) {
      degree[e.from] = (degree[e.from] || 0) + 1;
      degree[e.to] = (degree[e.to] || 0) + 1;
    });
    var ids = nodes.getIds();
    ids.sort(function (a, b) {
      return (b === view.center) - (a === view.center) || isEvidence(a) - isEvidence(b) ||
        (info[b].value || 0) - (info[a].value || 0) ||
        (degree[b] || 0) - (degree[a] || 0) || (a < b ? -1 : a > b ? 1 : 0);
    });
    rank = {};
    ids.forEach(function (id, i) { rank[id] = i; });
    ranked = ids.length;
  }

  function isEvidence(id) {
    return info[id].group === "article" || info[id].group === "quote";
  }

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function placeLabels() {
    if (!network) return;
    if (ranked !== nodes.length) rankNodes();
    var scale = network.getScale();
    var zoom = fitScale ? Math.max(1, scale / fitScale) : 1;
    var allowed = Math.ceil(LABEL_BASE * zoom * zoom);
    var el = document.getElementById("graph");
    var width = el.clientWidth;
    var height = el.clientHeight;
    var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    var pos = network.getPositions(ids);
    ids.sort(function (a, b) { return rank[a] - rank[b]; });
    // After the centre, the node whose evidence is open and the one under the mouse, whatever their rank. The one
    // under the mouse is labelled even where its label covers another (until the mouse leaves).
    [hovered, selected].forEach(function (id) {
      var at = ids.indexOf(id);
      if (at > 0 && id !== view.center) {
        ids.splice(at, 1);
        ids.splice(ids[0] === view.center ? 1 : 0, 0, id);
      }
    });
    var taken = [];
    var next = {};
    var count = 0;
    for (var i = 0; i < ids.length && count < LABEL_CAP; i++) {
      var id = ids[i];
      var forced = id === hovered;
      var text = info[id].label || "";
      if (!text || (!forced && rank[id] >= allowed)) continue;
      var px = id === view.center ? LABEL_PX + 2 : LABEL_PX;
      measure.font = px + "px " + FONT_FACE;
      var w = measure.measureText(text).width + 4;
      var h = Math.ceil(px * 1.3);
      var at = network.canvasToDOM(pos[id]);
      var r = (network.body.nodes[id].options.size || 10) * scale;
      var box = { x: at.x - w / 2, y: at.y + r + 1, w: w, h: h };
      if (!forced) {
        if (box.x < 0 || box.y < 0 || box.x + w > width || box.y + h > height) continue;
        if (taken.some(function (t) { return overlaps(t, box); })) continue;
      }
      // A label may not cover another label, nor a labelled node.
      taken.push(box, { x: at.x - r, y: at.y - r, w: 2 * r, h: 2 * r });
      next[id] = { px: px, size: px / scale, box: box };
      count += 1;
    }
    var updates = [];
    Object.keys(labelled).forEach(function (id) {
      if (!next[id] && nodes.get(id)) updates.push({ id: id, label: "" });
    });
    Object.keys(next).forEach(function (id) {
      var old = labelled[id];
      if (!old || Math.abs(old.size - next[id].size) > 1e-9) {
        updates.push({ id: id, label: info[id].label, font: { size: next[id].size } });
      }
    });
    labelled = next;
    if (updates.length) nodes.update(updates);
  }

  // Re-placed once a zoom or drag has stopped, not on every step of it: a label update makes vis-network
  // re-process every node (about 65 ms at 1,000 nodes), which would make zooming stutter. Meanwhile the labels
  // drawn zoom with the drawing.
  var pending = null;
  function schedulePlaceLabels() {
    window.clearTimeout(pending);
    pending = window.setTimeout(placeLabels, 150);
  }

  network.on("zoom", schedulePlaceLabels);
  network.on("dragEnd", schedulePlaceLabels);
  network.on("animationFinished", schedulePlaceLabels);
  network.on("resize", schedulePlaceLabels);
  network.on("hoverNode", function (params) { hovered = params.node; placeLabels(); });
  network.on("blurNode", function () { hovered = null; placeLabels(); });

  window.newskgViz.labelCap = LABEL_CAP;
  window.newskgViz.labels = function () {
    // What placeLabels drew last, in the graph's own pixels (tests read this).
    return Object.keys(labelled).map(function (id) {
      return { id: id, text: info[id].label, px: labelled[id].px, box: labelled[id].box, rank: rank[id] };
    });
  };
  window.newskgViz.placeLabels = placeLabels;

  function stretchToBox() {
    // Physics settles into a round drawing; on a tall (phone) screen that leaves the top and bottom empty.
    // Stretch it vertically (at most 1.6 times) to the box's shape, then fit again.
    var el = document.getElementById("graph");
    var pos = network.getPositions();
    var ids = Object.keys(pos);
    if (ids.length < 3 || !el.clientWidth) return;
    var ys = ids.map(function (id) { return pos[id].y; });
    var xs = ids.map(function (id) { return pos[id].x; });
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    if (!w || !h) return;
    var k = Math.min(1.6, (el.clientHeight / el.clientWidth) / (h / w));
    if (k < 1.15) return;
    var mid = (Math.max.apply(null, ys) + Math.min.apply(null, ys)) / 2;
    ids.forEach(function (id) { network.moveNode(id, pos[id].x, mid + (pos[id].y - mid) * k); });
    network.fit({ animation: false });
  }

  network.on("stabilizationIterationsDone", function () {
    // Physics off once settled: the drawing stays still while a journalist reads it.
    network.setOptions({ physics: { enabled: false } });
    stretchToBox();
    // A margin round the fitted drawing, so the outermost nodes have room for their labels.
    network.moveTo({ scale: network.getScale() * 0.9 });
    fitScale = network.getScale();
    ranked = 0;
    placeLabels();
    if (window.newskgViz.stabilizedMs === null) {
      window.newskgViz.stabilizedMs = performance.now() - t0;
      window.newskgViz.sinceNavigationMs = performance.now();
    }
    window.newskgViz.ready = true;
    document.body.setAttribute("data-stabilized", "1");
  });
  network.once("afterDrawing", function () { window.newskgViz.renderedMs = performance.now() - t0; });

  // ---- legend and filters ----

  function visibleIds() {
    var rangeOn = !!(state.since || state.until);
    var byGroup = {};
    var shown = {};
    nodes.forEach(function (n) {
      var node = info[n.id];
      var ok = !state.hiddenGroups[node.group];
      if (ok && rangeOn && dated[n.id] !== undefined) {
        var d = dated[n.id] || "";
        if (!d || (state.since && d < state.since) || (state.until && d > state.until)) ok = false;
      }
      shown[n.id] = ok;
      byGroup[node.group] = (byGroup[node.group] || 0) + 1;
    });
    if (rangeOn) {
      // An undated node (an entity) stays only while one of its dated neighbours is in range.
      var linked = {};
      edges.forEach(function (e) {
        if (dated[e.from] !== undefined && shown[e.from]) linked[e.to] = true;
        if (dated[e.to] !== undefined && shown[e.to]) linked[e.from] = true;
      });
      nodes.forEach(function (n) {
        if (dated[n.id] === undefined && n.id !== view.center && !linked[n.id]) shown[n.id] = false;
      });
    }
    return { shown: shown, byGroup: byGroup };
  }

  function applyFilters() {
    var v = visibleIds();
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var hidden = !v.shown[n.id];
      if (!!n.hidden !== hidden) nodeUpdates.push({ id: n.id, hidden: hidden });
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var hidden = !(v.shown[e.from] && v.shown[e.to]);
      if (!!e.hidden !== hidden) edgeUpdates.push({ id: e.id, hidden: hidden });
    });
    edges.update(edgeUpdates);
    drawLegend(v.byGroup);
    drawCounts();
    if (fitScale !== null) placeLabels();
  }

  function drawLegend(byGroup) {
    var ul = document.getElementById("legend");
    ul.innerHTML = "";
    Object.keys(GROUPS).forEach(function (g) {
      if (!byGroup[g]) return;
      var li = document.createElement("li");
      li.setAttribute("data-group", g);
      li.setAttribute("role", "checkbox");
      li.setAttribute("aria-checked", state.hiddenGroups[g] ? "false" : "true");
      li.tabIndex = 0;
      if (state.hiddenGroups[g]) li.className = "off";
      li.innerHTML = '<span class="swatch ' + esc(GROUPS[g].shape) + '" style="background:' + esc(GROUPS[g].color) + '"></span>' +
        esc(GROUPS[g].label) + '<span class="n">' + byGroup[g] + "</span>";
      li.onclick = li.onkeydown = function (ev) {
        if (ev.type === "keydown" && ev.key !== " " && ev.key !== "Enter") return;
        state.hiddenGroups[g] = !state.hiddenGroups[g];
        applyFilters();
      };
      ul.appendChild(li);
    });
    var rel = document.getElementById("relations");
    var used = {};
    edges.forEach(function (e) { used[e.id.split("|")[1]] = true; });
    rel.innerHTML = Object.keys(RELATIONS).filter(function (r) { return used[r]; }).map(function (r) {
      var style = RELATIONS[r].dashes ? "dashed" : "solid";
      return '<li><span class="line" style="border-top:3px ' + style + ' ' + esc(RELATIONS[r].color) + '"></span>' + esc(RELATIONS[r].label) + "</li>";
    }).join("");
  }

  function counts() {
    return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length, loaded: nodes.length, loadedEdges: edges.length };
  }
  window.newskgViz.counts = counts;

  function drawCounts() {
    var c = counts();
    var total = Math.max(view.total_nodes || 0, nodes.length);
    var text = "Showing " + c.nodes + " of " + total + " nodes, " + c.edges + " edges";
    if (c.nodes < c.loaded) text += " (" + (c.loaded - c.nodes) + " filtered out)";
    document.getElementById("counts").textContent = text;
    var more = document.getElementById("show-more");
    more.hidden = !(view.truncated && nodes.length < total);
    more.disabled = API === null || state.limit >= 2000;
    if (!more.disabled) more.textContent = "Show more (" + Math.min(total, state.limit * 2) + " nodes)";
  }

  document.getElementById("since").onchange = function (ev) { state.since = ev.target.value; applyFilters(); };
  document.getElementById("until").onchange = function (ev) { state.until = ev.target.value; applyFilters(); };
  document.getElementById("clear-dates").onclick = function () {
    state.since = state.until = "";
    document.getElementById("since").value = document.getElementById("until").value = "";
    applyFilters();
  };

  // ---- fetching more (server only) ----

  function viewUrl(params) {
    var u = new URL(window.location.href);
    Object.keys(params).forEach(function (k) { u.searchParams.set(k, params[k]); });
    u.searchParams.set("format", "json");
    return u.pathname + u.search;
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(b.detail || r.statusText); });
      return r.json();
    });
  }

  function settle() {
    // Not ready again until the new nodes have settled (tests and benchmarks wait on this).
    window.newskgViz.ready = false;
    document.body.removeAttribute("data-stabilized");
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(120);
  }

  document.getElementById("show-more").onclick = function () {
    var btn = this;
    btn.disabled = true;
    btn.textContent = "Loading…";
    state.limit = Math.min(2000, state.limit * 2);
    fetchJson(viewUrl({ limit: state.limit })).then(function (sub) {
      merge(sub, null);
      view.total_nodes = sub.total_nodes;
      view.truncated = sub.truncated;
      applyFilters();
      settle();
    }).catch(function (err) { alert("Could not load more: " + err.message); })
      .then(function () { drawCounts(); });
  };

  function viewPathFor(id) {
    if (id.indexOf("article:") === 0) return "/viz/article/" + encodeURIComponent(id.slice(8));
    return "/viz/entity/" + encodeURIComponent(id);
  }

  function expand(id) {
    if (API === null) return;
    var path = (API || "") + viewPathFor(id) + "?format=json&limit=40";
    fetchJson(path).then(function (sub) {
      var added = merge(sub, id);
      view.total_nodes = Math.max(view.total_nodes || 0, nodes.length);
      applyFilters();
      if (added.length) settle();
      showPanel(id, added.length);
    }).catch(function (err) { alert("Could not expand: " + err.message); });
  }

  // ---- the evidence panel ----

  function highlight(sentence, names) {
    var html = esc(sentence);
    names.forEach(function (name) {
      if (!name || name.length < 3) return;
      var re = new RegExp("(" + esc(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi");
      html = html.replace(re, "<mark>$1</mark>");
    });
    return html;
  }

  function eventDetail(id, n) {
    // The canvas says only "arrest": the panel says what kind, when, where and who.
    var who = [];
    edges.forEach(function (e) {
      if (e.to === id && e.id.split("|")[1] === "participant" && info[e.from]) {
        who.push(info[e.from].name || info[e.from].label);
      }
    });
    var rows = [["What", n.event_type_label], ["When", n.time], ["Where", n.place], ["Who", who.join(", ")]];
    return '<dl class="event-detail">' + rows.filter(function (r) { return r[1]; }).map(function (r) {
      return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>";
    }).join("") + "</dl>";
  }

  function showPanel(id, added) {
    var n = info[id];
    if (!n) return;
    var panel = document.getElementById("panel");
    var body = document.getElementById("panel-body");
    var name = n.name || n.label;
    var names = [name];
    if (n.type === "Person" && name.indexOf(" ") > 0) names.push(name.split(" ").slice(-1)[0]);
    var c = info[view.center];
    if (c && view.center !== id && c.type !== "Article") names.push(c.name || c.label);
    var h = "<h2>" + esc(name) + "</h2>";
    h += '<p class="muted">' + esc(n.type) + (n.date ? " · " + esc(n.date) : "") + "</p>";
    if (n.event_type) h += eventDetail(id, n);
    // Quotes live inside their article: they have no view of their own to expand or re-centre on.
    var online = API !== null && n.group !== "quote";
    if (n.group !== "quote") h += '<div class="actions">';
    else h += '<div class="actions" hidden>';
    h += '<button type="button" id="expand-node"' + (online ? "" : " disabled title=\"Needs the newskg server\"") + ">Expand</button>";
    if (online) h += '<a id="recentre-node" href="' + esc((API || "") + viewPathFor(id)) + '">Re-centre</a>';
    else h += '<button type="button" disabled title="Needs the newskg server">Re-centre</button>';
    h += "</div>";
    if (added !== undefined) {
      var news = added ? "Added " + added + (added === 1 ? " node." : " nodes.") : "Nothing new to add.";
      h += '<p class="muted">' + news + "</p>";
    }
    var ev = evidence[id] || [];
    h += "<h3>Evidence</h3>";
    if (!ev.length) h += '<p class="muted">No sentences recorded for this node.</p>';
    h += '<ol class="evidence">';
    ev.forEach(function (x) {
      var a = articles[x.article] || { title: x.article };
      var title = esc(a.title || x.article);
      h += "<li>";
      h += API !== null ? '<a class="ev-title" href="' + esc((API || "") + "/viz/article/" + encodeURIComponent(x.article)) + '">' + title + "</a>" : '<b class="ev-title">' + title + "</b>";
      h += '<div class="meta">' + esc([a.date, a.source].filter(Boolean).join(" · ")) + "</div>";
      (x.sentences || []).forEach(function (s) { h += '<blockquote class="ev-sentence">' + highlight(s, names) + "</blockquote>"; });
      h += "</li>";
    });
    h += "</ol>";
    body.innerHTML = h;
    panel.hidden = false;
    var btn = document.getElementById("expand-node");
    if (btn && online) btn.onclick = function () { expand(id); };
    network.redraw();
  }

  function keepInSight(id) {
    // On a narrow screen the panel is a sheet over the lower graph: move the clicked node into the part above it.
    var panel = document.getElementById("panel");
    if (getComputedStyle(panel).position !== "fixed") return;
    var graph = document.getElementById("graph").getBoundingClientRect();
    var top = panel.getBoundingClientRect().top;
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    if (graph.top + at.y < top - 30) return;
    var visibleMiddle = (Math.max(graph.top, 0) + top) / 2 - graph.top;
    // Vertically only: what is in sight sideways stays so.
    var position = { x: network.getViewPosition().x, y: network.getPositions([id])[id].y };
    network.moveTo({ position: position, offset: { x: 0, y: visibleMiddle - graph.height / 2 } });
  }

  document.getElementById("panel-close").onclick = function () {
    document.getElementById("panel").hidden = true;
    network.unselectAll();
    selected = null;
    placeLabels();
  };

  network.on("click", function (params) {
    if (params.nodes.length) {
      selected = params.nodes[0];
      showPanel(selected);
      keepInSight(selected);
    }
    placeLabels();
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && info[params.nodes[0]].group !== "quote") expand(params.nodes[0]);
  });

  // ---- start ----

  document.getElementById("view-title").textContent = view.title || "";
  if (view.storylines && view.storylines.length) {
    // The storylines of the window, each opening on its own (same dates).
    var params = new URLSearchParams();
    ["since", "until"].forEach(function (k) { if (view.params && view.params[k]) params.set(k, view.params[k]); });
    var q = params.toString() ? "?" + params.toString() : "";
    document.querySelector("#storylines ol").innerHTML = view.storylines.map(function (st) {
      var text = esc(st.label) + ' <span class="muted">' + st.size + " articles, " + esc(st.first || "") + "–" + esc(st.last || "") + "</span>";
      return "<li>" + (API === null ? text : '<a href="' + esc((API || "") + "/viz/storyline/" + st.id + q) + '">' + text + "</a>") + "</li>";
    }).join("");
    document.getElementById("storylines").hidden = false;
  }
  if (view.story) {
    // One story: when and where it was first reported, then its main entities as chips, each by its label.
    var st = view.story;
    var when = st.first_published ? String(st.first_published).slice(0, 10) : "undated";
    document.getElementById("story-meta").textContent = "First reported " + when + (st.first_source ? " by " + st.first_source : "") +
      "; " + st.articles + " article" + (st.articles === 1 ? "" : "s") + ", " + st.texts + " text" + (st.texts === 1 ? "" : "s") +
      (st.sources.length ? " from " + st.sources.join(", ") : "") + (st.languages.length ? " (" + st.languages.join(", ") + ")" : "");
    document.getElementById("story-chips").innerHTML = st.entities.map(function (e) {
      var colour = (GROUPS[e.group] || {}).color || "#bbb";
      var chip = '<span class="swatch" style="background:' + esc(colour) + '"></span><span class="chip-text">' + esc(e.label) + "</span>";
      var inner = API === null ? '<span class="chip-in">' + chip + "</span>" : '<a class="chip-in" href="' + esc((API || "") + "/viz/entity/" + encodeURIComponent(e.id)) + '" title="' + esc(e.label + " (" + e.type + ")") + '">' + chip + "</a>";
      return '<li class="chip">' + inner + "</li>";
    }).join("");
    document.getElementById("story").hidden = false;
  }
  if (API === null) document.getElementById("offline-note").hidden = false;
  // Narrow screens open with the legend and filters folded (the CSS only folds them there).
  var controls = document.getElementById("controls");
  var toggle = document.getElementById("controls-toggle");
  controls.classList.add("collapsed");
  toggle.onclick = function () {
    var open = controls.classList.toggle("collapsed") === false;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  };
  applyFilters();
  window.newskgViz.network = network;
  window.newskgViz.nodes = nodes;
  window.newskgViz.edges = edges;
  window.newskgViz.showPanel = showPanel;
})();
