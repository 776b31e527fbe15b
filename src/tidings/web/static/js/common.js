// Shared helpers for page scripts (loaded as a plain script; no inline script under the CSP).
"use strict";
window.tidings = {
  // JSON from a <script type="application/json"> block (never evaluated as code).
  data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  },
  // Quad-class colours, kept in step with the CSS custom properties.
  quadColor(q) {
    const css = getComputedStyle(document.documentElement);
    return css.getPropertyValue(`--q${q || 0}`).trim() || "#888";
  },
  // Quad-class names and the dyad rows' keys, from the page's "quad-classes" JSON block
  // (the server writes it from tidings.ontology, the one source).
  quadName(q) {
    const c = (tidings.data("quad-classes") || {})[q];
    return c ? c.name : "?";
  },
  quadKey(q) {
    const c = (tidings.data("quad-classes") || {})[q];
    return c ? c.key : null;
  },
  // A linear x axis counted in weeks from a Monday (not one category per week), so gaps in
  // time show as gaps: events are reported in bursts, often years apart. Returns the x value
  // of each week, a bar thickness of about one week (6-48 px) and the Chart.js scale.
  weekAxis(weeks, canvas) {
    const DAY = 86400000;
    const MONDAY0 = Date.parse("1970-01-05T00:00:00Z");
    const weekNo = (iso) => Math.round((Date.parse(`${iso}T00:00:00Z`) - MONDAY0) / (7 * DAY));
    const weekIso = (n) => new Date(MONDAY0 + Math.round(n) * 7 * DAY).toISOString().slice(0, 10);
    const xs = weeks.map(weekNo);
    const span = xs[xs.length - 1] - xs[0];
    const pad = Math.max(1, Math.round(span / 40));
    return {
      xs,
      weekIso,
      barThickness: Math.max(6, Math.min(48, (0.8 * canvas.clientWidth) / (span + 2 * pad))),
      scale: {
        type: "linear", stacked: true, min: xs[0] - pad, max: xs[xs.length - 1] + pad,
        title: { display: true, text: "week of" },
        ticks: { callback: (v) => weekIso(v), stepSize: Math.max(1, Math.ceil((span + 2 * pad) / 8)),
          maxRotation: 0, autoSkipPadding: 24 },
      },
    };
  },
  // Build an element with text content only (article text is hostile: never innerHTML).
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    for (const c of children) {
      node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    }
    return node;
  },
};
