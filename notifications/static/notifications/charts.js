/* The landing page's charts (notifications/charts.py), drawn with Chart.js 4.6.1: the UMD build
   in vendor/chart.umd.min.js (MIT, vendor/chart.js.LICENSE.md), unchanged but for its last line,
   a sourceMappingURL to a map not shipped, removed so that collectstatic's manifest passes.

   Every figure and every word comes from the page, in its language: one json_script block per
   employer, id "chart-data-<employer id>", drawn into the canvases "chart-<employer id>-<key>".
   The table under each chart carries the same figures, for reading without this script. */
(function () {
  "use strict";

  var COLOURS = ["#417690", "#e1a12a", "#ba2121", "#5b9a5b", "#8e6bb8", "#79aec8"];

  function yuan(value) {
    var options = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    return "¥" + Number(value).toLocaleString("en-US", options);
  }

  function figure(chart, value) {
    return chart.money ? yuan(value) : String(value);
  }

  function dataset(chart, series, index) {
    var colour = COLOURS[index % COLOURS.length];
    var drawn = {
      label: series.label,
      data: series.values.map(Number),
      yAxisID: series.axis,
      backgroundColor: colour,
      borderColor: colour,
      order: series.kind === "line" ? 0 : 1, // a line over the bars
    };
    if (series.kind) {
      drawn.type = series.kind;
    }
    if ((series.kind || chart.kind) === "line") {
      drawn.fill = false;
      drawn.tension = 0;
    }
    return drawn;
  }

  function scales(chart) {
    var integer = { precision: 0 };
    var money = {
      callback: function (value) {
        return yuan(value);
      },
    };
    var found = {
      x: { stacked: chart.stacked },
      y: { stacked: chart.stacked, beginAtZero: true, ticks: chart.money ? money : integer },
    };
    Object.keys(chart.axes).forEach(function (axis) {
      found[axis] = found[axis] || { beginAtZero: true, ticks: integer };
      found[axis].title = { display: true, text: chart.axes[axis] };
    });
    if (found.y1) {
      found.y1.position = "right";
      found.y1.grid = { drawOnChartArea: false };
    }
    return found;
  }

  function draw(canvas, chart) {
    return new window.Chart(canvas, {
      type: chart.kind,
      data: {
        labels: chart.months,
        datasets: chart.series.map(function (series, index) {
          return dataset(chart, series, index);
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          title: { display: true, text: chart.title },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + figure(chart, item.parsed.y);
              },
            },
          },
        },
        scales: scales(chart),
      },
    });
  }

  document.querySelectorAll('script[id^="chart-data-"]').forEach(function (block) {
    var data = JSON.parse(block.textContent);
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById("chart-" + data.employer + "-" + chart.key);
      if (canvas && window.Chart) {
        draw(canvas, chart);
      }
    });
  });
})();
