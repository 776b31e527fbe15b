// Dyad page: weekly Goldstein sum (line) over quad-class counts (stacked bars); a click on a
// week fetches that week's events from /ui-data/ and lists them (text nodes only).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const d = tidings.data("dyad-data");
  if (!d) return;
  const list = document.getElementById("week-list");
  const heading = document.getElementById("h-week");
  const el = tidings.el;

  function actor(id, name, country) {
    const label = name || id || "—";
    const node = id ? el("a", { href: `/actors/${encodeURIComponent(id)}` }, label) : el("span", {}, label);
    return country ? el("span", {}, node, " ", el("span", { class: "cc" }, country)) : node;
  }

  async function showWeek(week) {
    const level = d.level ? `&level=${encodeURIComponent(d.level)}` : "";
    const url = `/ui-data/dyads/${encodeURIComponent(d.a)}/${encodeURIComponent(d.b)}/events?week=${encodeURIComponent(week)}${level}`;
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    if (!resp.ok) return;
    const body = await resp.json();
    heading.textContent = `Events in the week of ${week} (${body.events.length})`;
    list.replaceChildren(
      ...body.events.map((ev) =>
        el(
          "li",
          { class: "event-item" },
          el("span", { class: `badge q${ev.quad_class || 0}` }, tidings.quadName(ev.quad_class)),
          " ",
          el("strong", {}, ev.type),
          ev.cameo ? el("span", { class: "code" }, ` CAMEO ${ev.cameo}`) : "",
          el("div", {}, actor(ev.source_entity_id, ev.source_name, ev.source_country), " → ",
            actor(ev.target_entity_id, ev.target_name, ev.target_country)),
          el("div", { class: "meta" }, `${ev.date || (ev.day ? "undated, reported " + ev.day : "no date")}${ev.location_name ? " · " + ev.location_name : ""} · `,
            ev.article_id
              ? el("a", { href: `/articles/${encodeURIComponent(ev.article_id)}#why-${encodeURIComponent(ev.id)}` }, "source article")
              : ""),
        ),
      ),
    );
    document.getElementById("week-events").scrollIntoView({ block: "start" });
  }

  document.querySelectorAll(".week-btn").forEach((b) => b.addEventListener("click", () => showWeek(b.dataset.week)));

  const canvas = document.getElementById("dyad-chart");
  if (!canvas || !window.Chart || !d.series.length) return;
  const s = d.series;
  const axis = tidings.weekAxis(s.map((w) => w.period), canvas);
  const xs = axis.xs;
  const bars = [1, 2, 3, 4].map((q) => ({
    type: "bar",
    label: tidings.quadName(q),
    data: s.map((w, i) => ({ x: xs[i], y: w[tidings.quadKey(q)] })),
    backgroundColor: tidings.quadColor(q),
    stack: "quads",
    yAxisID: "y",
    order: 2,
    barThickness: axis.barThickness,
  }));
  const chart = new Chart(canvas, {
    data: {
      datasets: [
        { type: "line", label: "Goldstein sum", data: s.map((w, i) => ({ x: xs[i], y: w.goldstein })),
          borderColor: tidings.quadColor(0), backgroundColor: tidings.quadColor(0), yAxisID: "g",
          tension: 0, pointRadius: 4, order: 1,
          // dashed across gaps of more than four weeks: nothing was reported in between
          segment: { borderDash: (ctx) => (ctx.p1.parsed.x - ctx.p0.parsed.x > 4 ? [4, 4] : undefined) } },
        ...bars,
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: { xAxisKey: "x", yAxisKey: "y" },
      interaction: { mode: "nearest", axis: "x", intersect: false },
      plugins: { tooltip: { callbacks: { title: (items) => (items.length ? `week of ${axis.weekIso(items[0].parsed.x)}` : "") } } },
      scales: {
        x: axis.scale,
        y: { stacked: true, beginAtZero: true, position: "left", title: { display: true, text: "events" }, ticks: { precision: 0 } },
        g: { position: "right", title: { display: true, text: "Goldstein sum" }, grid: { drawOnChartArea: false } },
      },
      onClick(evt) {
        const pts = chart.getElementsAtEventForMode(evt, "nearest", { axis: "x", intersect: false }, true);
        if (pts.length) showWeek(s[pts[0].index].period);
      },
    },
  });
  canvas.dataset.ready = "1";
});
