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
  quadNames: { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" },
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
