// A small line chart drawn as SVG (no library, works offline).
// series: [{name, colour, dash, width, points: [[x, y or null], ...]}]; y from 0 to 1.
// options.width: the width it will be drawn at, in CSS pixels, so text keeps its size.
"use strict";

function lineChart(series, options) {
  const NS = "http://www.w3.org/2000/svg";
  const width = options.width || 900, height = options.height || 360;
  const left = 84, right = 20, top = 20, bottom = 64;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", options.title || "chart");
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xmin = Math.min(1, ...xs), xmax = Math.max(xmin + 1, ...xs);
  const X = (x) => left + ((x - xmin) / (xmax - xmin)) * (width - left - right);
  const Y = (y) => top + (1 - y) * (height - top - bottom);
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.appendChild(node);
    return node;
  };
  for (const y of [0, 0.25, 0.5, 0.75, 1]) {
    add("line", { x1: left, x2: width - right, y1: Y(y), y2: Y(y), stroke: "#ddd" });
    add("text", { x: left - 8, y: Y(y) + 7, "text-anchor": "end" }, Math.round(100 * y) + " %");
  }
  const step = Math.max(1, Math.ceil((xmax - xmin) / 10));
  for (let x = xmin; x <= xmax; x += step) {
    add("text", { x: X(x), y: height - bottom + 28, "text-anchor": "middle" }, x);
  }
  add("text", { x: (left + width - right) / 2, y: height - 8, "text-anchor": "middle" }, options.xlabel || "round");
  for (const s of series) {
    let path = "", pen = false;
    for (const [x, y] of s.points) {
      if (y === null || y === undefined) { pen = false; continue; }
      path += `${pen ? "L" : "M"}${X(x).toFixed(1)},${Y(y).toFixed(1)} `;
      pen = true;
      if (s.dots) add("circle", { cx: X(x), cy: Y(y), r: 6, fill: s.colour });
    }
    if (path) {
      add("path", { d: path, fill: "none", stroke: s.colour, "stroke-width": s.width || 4,
        "stroke-dasharray": s.dash || "none" });
    }
  }
  const legend = document.createElement("div");
  legend.className = "legend";
  for (const s of series) {
    const item = document.createElement("span");
    item.textContent = s.name;
    item.style.setProperty("--swatch", s.colour);
    legend.appendChild(item);
  }
  const box = document.createElement("div");
  if (options.title) {
    const title = document.createElement("h3");
    title.textContent = options.title;
    box.appendChild(title);
  }
  box.append(svg, legend);
  return box;
}
