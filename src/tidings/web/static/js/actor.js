// Actor page: weekly events as source and as target (Chart.js, vendored).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const rows = tidings.data("timeline-data") || [];
  const canvas = document.getElementById("timeline-chart");
  if (!canvas || !rows.length || !window.Chart) return;
  const style = getComputedStyle(document.documentElement);
  const axis = tidings.weekAxis(rows.map((r) => r.period), canvas);
  const bar = (label, key, colour) => ({
    label, backgroundColor: colour, barThickness: axis.barThickness,
    data: rows.map((r, i) => ({ x: axis.xs[i], y: r[key] })),
  });
  new Chart(canvas, {
    type: "bar",
    data: {
      datasets: [
        bar("as source", "source", style.getPropertyValue("--accent").trim()),
        bar("as target", "target", style.getPropertyValue("--accent2").trim()),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { tooltip: { callbacks: { title: (items) => (items.length ? `week of ${axis.weekIso(items[0].parsed.x)}` : "") } } },
      scales: { x: axis.scale, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
