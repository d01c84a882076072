// Small SVG helpers shared by the page's tabs: elements, nice ticks, number formats, and the axes of a chart.
export const NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes, optionally appended to a parent. */
export function el(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  if (parent) parent.append(e);
  return e;
}

/** Removes every child of an element. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

/** Nice round tick values covering [lo, hi] (about count of them), as the plotting library's axes choose them. */
export function niceTicks(lo, hi, count = 6) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(s => s >= raw) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/** Log-axis ticks in [lo, hi] (both > 0): powers of ten, thinned to about count, or 1-2-5 steps when the range spans few decades. */
export function logTicks(lo, hi, count = 6) {
  const a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
  const inside = v => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const decades = Math.log10(hi / lo);
  const mantissas = decades < 1.2 ? [1, 1.5, 2, 3, 5, 7] : decades < 2.5 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((b - a + 1) / count));
  const ticks = [];
  for (let k = a; k <= b; k++) {
    if ((k - a) % every !== 0) continue;
    for (const m of mantissas) {
      const v = m * Math.pow(10, k);
      if (inside(v)) ticks.push(v);
    }
  }
  return ticks;
}

/** A short number for labels: 0.001, 2.5, 1e-6, 3.2e+4. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1e-3 && a < 1e5) s = String(Number(v.toPrecision(digits)));
  else s = v.toExponential(Math.max(0, digits - 2)).replace('e+', 'e').replace(/\.?0+e/, 'e');
  return s.replace('-', '−');
}

/** A linear or logarithmic map from data to pixels. */
export function scale(d0, d1, p0, p1, log = false) {
  const f = log ? Math.log10 : (v => v);
  const a = f(d0), b = f(d1);
  const map = v => p0 + (f(v) - a) / (b - a) * (p1 - p0);
  map.invert = p => { const t = a + (p - p0) / (p1 - p0) * (b - a); return log ? Math.pow(10, t) : t; };
  return map;
}

/**
 * Draws a frame with grid lines and tick labels for x in [x0, x1] and y in [y0, y1] into g, over the pixel area
 * {left, top, width, height}. Returns the two scales.
 */
export function axes(g, area, x0, x1, y0, y1, { logY = false, xLabel = '', yLabel = '', grid = true, xTicks = 6, yTicks = 5 } = {}) {
  const sx = scale(x0, x1, area.left, area.left + area.width);
  const sy = scale(y0, y1, area.top + area.height, area.top, logY);
  const xt = niceTicks(x0, x1, xTicks);
  const yt = logY ? logTicks(y0, y1, yTicks) : niceTicks(y0, y1, yTicks);
  if (grid) {
    for (const v of xt) el('line', { x1: sx(v), x2: sx(v), y1: area.top, y2: area.top + area.height, class: 'grid', stroke: '#e3e3e3' }, g);
    for (const v of yt) el('line', { x1: area.left, x2: area.left + area.width, y1: sy(v), y2: sy(v), class: 'grid', stroke: '#e3e3e3' }, g);
  }
  for (const v of xt) {
    el('line', { x1: sx(v), x2: sx(v), y1: area.top + area.height, y2: area.top + area.height + 4, stroke: '#444' }, g);
    el('text', { x: sx(v), y: area.top + area.height + 15, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#333' }, g).textContent = fmt(v);
  }
  for (const v of yt) {
    el('line', { x1: area.left - 4, x2: area.left, y1: sy(v), y2: sy(v), stroke: '#444' }, g);
    el('text', { x: area.left - 6, y: sy(v) + 3.5, 'text-anchor': 'end', 'font-size': 10.5, fill: '#333' }, g).textContent = fmt(v);
  }
  el('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', stroke: '#444', 'stroke-width': 1 }, g);
  if (xLabel) el('text', { x: area.left + area.width / 2, y: area.top + area.height + 30, 'text-anchor': 'middle', 'font-size': 11.5, fill: '#222' }, g).textContent = xLabel;
  if (yLabel) {
    const cx = area.left - 40, cy = area.top + area.height / 2;
    el('text', { x: cx, y: cy, 'text-anchor': 'middle', 'font-size': 11.5, fill: '#222', transform: `rotate(-90 ${cx} ${cy})` }, g).textContent = yLabel;
  }
  return { sx, sy };
}
