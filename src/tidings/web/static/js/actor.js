// Actor page: weekly events as source and as target (Chart.js, vendored).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const rows = tidings.data("timeline-data") || [];
  const canvas = document.getElementById("timeline-chart");
  if (!canvas || !rows.length || !window.Chart) return;
  const style = getComputedStyle(document.documentElement);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((r) => r.week),
      datasets: [
        { label: "as source", data: rows.map((r) => r.source), backgroundColor: style.getPropertyValue("--accent").trim() },
        { label: "as target", data: rows.map((r) => r.target), backgroundColor: style.getPropertyValue("--accent2").trim() },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true, title: { display: true, text: "week of" } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
