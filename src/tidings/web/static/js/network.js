// Network page: actors as nodes (one per actor code by default), events as edges (Cytoscape.js,
// vendored). Click a node for the actor (or actor code) page, an edge for the dyad page.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const g = tidings.data("network-data");
  const box = document.getElementById("cy");
  if (!g || !box || !window.cytoscape) return;
  const maxN = Math.max(1, ...g.edges.map((e) => e.n));
  const maxDeg = Math.max(1, ...g.nodes.map((n) => n.n));
  const elements = [
    // Start on a circle (deterministic) so the same data always gives the same picture.
    ...g.nodes.map((n, i) => ({
      data: { id: n.id, label: n.label, kind: n.type === "CODE" ? "code" : "entity",
        size: 18 + 30 * Math.sqrt(n.n / maxDeg) },
      position: { x: 300 * Math.cos((2 * Math.PI * i) / g.nodes.length), y: 300 * Math.sin((2 * Math.PI * i) / g.nodes.length) },
    })),
    ...g.edges.map((e, i) => ({
      data: {
        id: `e${i}`, source: e.source, target: e.target, n: e.n,
        width: 1 + 9 * Math.sqrt(e.n / maxN), color: tidings.quadColor(e.quad),
      },
    })),
  ];
  const fg = getComputedStyle(document.documentElement).getPropertyValue("--fg").trim() || "#222";
  const cy = cytoscape({
    container: box,
    elements,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)",
        "background-color": "#5b6b7f", color: fg, "font-size": 13, "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#ffffff", "text-background-opacity": 0.7, "text-background-padding": 1,
        "min-zoomed-font-size": 7 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
      { selector: "node[kind = 'code']", style: { "background-color": "#2c5d8a", shape: "round-rectangle" } },
      { selector: "node:selected", style: { "background-color": "#c0392b" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 },
  });
  cy.on("tap", "node", (evt) => { location.href = `/actors/${encodeURIComponent(evt.target.id())}`; });
  cy.on("tap", "edge", (evt) => {
    const e = evt.target.data();
    const level = g.level === "code" ? "?level=code" : "";
    location.href = `/dyads/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}${level}`;
  });
  box.dataset.ready = "1";
  window.tidingsGraph = cy; // for tests and the console
});
