/* global document, uPlot */
// Draws each agent's activity charts from the JSON block the server rendered beside them (the
// page's CSP allows no inline script; the data is never evaluated, only parsed).
(function () {
  "use strict";
  var COLORS = ["#2da44e", "#bf8700", "#cf222e", "#0969da", "#8250df", "#1b7c83", "#bc4c00", "#57606a"];
  var VERDICT_COLORS = { allowed: "#2da44e", gated: "#bf8700", contained: "#cf222e" };

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof uPlot === "undefined") return;
    var data = JSON.parse(source.textContent || "{}");
    var groups = el.getAttribute("data-group") === "kinds" ? data.kinds.slice(0, 8) : data.verdicts;
    var series = [{}];
    groups.forEach(function (g, i) {
      var color = VERDICT_COLORS[g.label] || COLORS[i % COLORS.length];
      series.push({ label: g.label, stroke: color, fill: color + "33", width: 2, points: { show: false } });
    });
    var width = Math.max(280, Math.min(el.clientWidth || 560, 720));
    var chart = new uPlot(
      {
        width: width,
        height: 200,
        series: series,
        axes: [{}, { label: "actions" }],
        scales: { x: { time: true } },
        legend: { show: true },
      },
      [data.x].concat(
        groups.map(function (g) {
          return g.counts;
        }),
      ),
      el,
    );
    el.setAttribute("data-drawn", String(chart.series.length - 1));
  }

  function start() {
    var charts = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) draw(charts[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
