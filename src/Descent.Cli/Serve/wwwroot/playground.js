// The Playground tab: pick or type a function, click its contour plot to set the start, add optimizers, play their paths.
// Every number comes from the server (/api/...), which calls the same library code as the CLI; this file only draws.
// The page's state (function, view, start, optimizers and their colours, steps, schedule) lives in the query string, so a link
// reproduces it.
import { el, clear, fmt, axes, scale } from './svg.js';

const $ = id => document.getElementById(id);
const GRID = 120;
const DEFAULT_STATE = {
  fn: 'ellipse',
  start: null,
  bounds: null,
  optimizers: ['gd:lr=0.9', 'momentum:lr=0.1,gamma=0.8', 'adam:lr=0.5'],
  steps: 100,
  schedule: '',
};

/** A problem detail from the server (RFC 7807), thrown by api(). */
class Problem extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch('api/' + path, init);
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    throw new Problem(response.status, type.includes('json') ? await response.json() : { detail: await response.text() });
  }
  return type.includes('json') ? response.json() : response.text();
}

// ---------------------------------------------------------------------------------------------------------------------
// State

const registry = { functions: [], optimizers: new Map(), schedules: new Map(), meta: null };
const state = {
  fn: DEFAULT_STATE.fn,
  start: null,           // [x, y]; null until the function's default is known
  bounds: null,          // [xmin, xmax, ymin, ymax]; null = the function's own view
  optimizers: [],        // [{ name, values: { key: text } }] (only keys that differ from the default)
  steps: DEFAULT_STATE.steps,
  schedule: '',          // a schedule spec, '' for none
};
const view = {
  contour: null,         // the last /api/contour answer
  paths: [],             // the last /api/paths answer's paths
  minimumValue: null,
  k: 0,                  // the step shown
  playing: false,
  pinned: null,          // the analysed point [x, y] pinned by a click
  analysis: null,        // the last /api/point answer
};
let contourSeq = 0, pathsSeq = 0, pointSeq = 0;

function specOf(o) {
  const pairs = Object.entries(o.values).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? `${o.name}:${pairs.join(',')}` : o.name;
}

/** Parses "adam:lr=0.1,beta1=0.8" into { name, values }; a ',' starts a new key only before "key=". */
function parseSpec(text) {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase();
  const values = {};
  if (colon >= 0) {
    const pieces = [];
    for (const piece of text.slice(colon + 1).split(',')) {
      if (pieces.length && !/^\s*[a-z_0-9]+\s*=/.test(piece)) pieces[pieces.length - 1] += ',' + piece;
      else pieces.push(piece);
    }
    for (const piece of pieces) {
      const eq = piece.indexOf('=');
      if (eq > 0) values[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
    }
  }
  return { name, values };
}

function readUrl() {
  const q = new URLSearchParams(location.search);
  const has = q.has('f') || q.has('o');
  state.fn = q.get('f') ?? DEFAULT_STATE.fn;
  const nums = s => (s ?? '').split(',').map(Number);
  const start = nums(q.get('s'));
  state.start = start.length === 2 && start.every(Number.isFinite) ? start : null;
  const bounds = nums(q.get('v'));
  state.bounds = bounds.length === 4 && bounds.every(Number.isFinite) ? bounds : null;
  const specs = has ? q.getAll('o') : DEFAULT_STATE.optimizers;
  state.optimizers = specs.filter(s => s.trim()).map(parseSpec);
  // c: the colours picked on the cards, in the cards' order; an empty entry keeps the palette's colour.
  (q.get('c') ?? '').split(',').forEach((text, i) => {
    const color = parseColor(text);
    if (color && state.optimizers[i]) state.optimizers[i].color = color;
  });
  const n = Number(q.get('n'));
  state.steps = Number.isInteger(n) && n > 0 ? n : DEFAULT_STATE.steps;
  state.schedule = q.get('sch') ?? '';
}

// The query-string keys this tab owns; the training tab's keys (t…) are kept as they are when this tab rewrites the URL.
const URL_KEYS = ['f', 's', 'v', 'o', 'c', 'n', 'sch'];

function writeUrl() {
  const q = new URLSearchParams();
  q.set('f', state.fn);
  if (state.start) q.set('s', state.start.map(v => String(v)).join(','));
  if (state.bounds) q.set('v', state.bounds.join(','));
  for (const o of state.optimizers) q.append('o', specOf(o));
  // Only colours that differ from the palette's, so that a link stays short; trailing defaults are dropped.
  const colors = state.optimizers.map((o, i) => o.color && o.color !== paletteColor(i) ? o.color.slice(1) : '');
  while (colors.length && !colors[colors.length - 1]) colors.pop();
  if (colors.length) q.set('c', colors.join(','));
  q.set('n', String(state.steps));
  if (state.schedule) q.set('sch', state.schedule);
  for (const [k, v] of new URLSearchParams(location.search)) if (!URL_KEYS.includes(k)) q.append(k, v);
  history.replaceState(null, '', '?' + q.toString() + location.hash);
}

/** "cc79a7" or "#CC79A7" as "#cc79a7"; null for anything that is not a six-digit hex colour. */
function parseColor(text) {
  const m = /^#?([0-9a-f]{6})$/i.exec((text ?? '').trim());
  return m ? '#' + m[1].toLowerCase() : null;
}

function runBody() {
  const body = { function: state.fn, start: state.start, optimizers: state.optimizers.map(specOf), steps: state.steps };
  if (state.schedule) body.schedule = state.schedule;
  return body;
}

// ---------------------------------------------------------------------------------------------------------------------
// Errors shown in the page

function showStatus(message) {
  const s = $('status');
  s.hidden = !message;
  s.textContent = message ?? '';
}

function showExpressionError(problem) {
  const box = $('expression-error');
  const input = $('expression');
  clear(box);
  if (!problem) {
    box.hidden = true;
    input.classList.remove('invalid');
    return;
  }
  box.hidden = false;
  input.classList.add('invalid');
  const { column, expression } = problem.body;
  if (Number.isInteger(column) && typeof expression === 'string') {
    const pre = document.createElement('pre');
    const caret = document.createElement('span');
    caret.className = 'caret';
    caret.textContent = '^';
    pre.append(expression.replace(/[\r\n\t]/g, ' ') + '\n' + ' '.repeat(Math.max(0, column - 1)), caret);
    box.append(pre);
    // A long expression scrolls: bring the caret into view.
    requestAnimationFrame(() => { pre.scrollLeft = Math.max(0, caret.offsetLeft - pre.clientWidth / 2); });
    box.dataset.column = String(column);
  } else {
    delete box.dataset.column;
  }
  box.append(problem.message);
}

/** Puts a problem detail next to the input it is about (its "field"), or in the status line. */
function showProblem(problem) {
  const field = problem.body?.field ?? '';
  const m = /^optimizers\[(\d+)\]$/.exec(field);
  if (field === 'function') showExpressionError(problem);
  else if (m && cardErrors[Number(m[1])]) {
    cardErrors[Number(m[1])].hidden = false;
    cardErrors[Number(m[1])].textContent = problem.message;
  } else if (field === 'schedule') {
    $('schedule-error').hidden = false;
    $('schedule-error').textContent = problem.message;
  } else showStatus((field ? field + ': ' : '') + problem.message);
}

function clearRunErrors() {
  for (const e of cardErrors) { e.hidden = true; e.textContent = ''; }
  $('schedule-error').hidden = true;
  showStatus(null);
}

// ---------------------------------------------------------------------------------------------------------------------
// Function, view and contour

function fillFunctionControls() {
  const select = $('function-name');
  clear(select);
  const custom = new Option('expression…', '');
  select.append(custom);
  for (const f of registry.functions) select.append(new Option(f.name, f.name));
  const named = registry.functions.some(f => f.name === state.fn.trim());
  select.value = named ? state.fn.trim() : '';
  $('expression').value = named ? '' : state.fn;
}

function fillBounds(b) {
  ['xmin', 'xmax', 'ymin', 'ymax'].forEach((id, i) => { $(id).value = String(b[i]); });
}

async function refreshContour({ resetStart = false, keepStart = false } = {}) {
  const seq = ++contourSeq;
  $('contour').classList.add('busy');
  try {
    const body = { function: state.fn, grid: GRID };
    if (state.bounds) body.bounds = state.bounds;
    const data = await api('contour', body);
    if (seq !== contourSeq) return;
    showExpressionError(null);
    showStatus(null);
    view.contour = data;
    view.minimumValue = data.minimumValue ?? null;
    fillBounds(data.bounds);
    const [x0, x1, y0, y1] = data.bounds;
    const inside = p => p && p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
    // A new function resets a start outside its view; zooming or editing the view keeps the start wherever it is.
    if (resetStart || !state.start || (!keepStart && !inside(state.start))) {
      state.start = data.named ? data.start : (inside(state.start) ? state.start : [round(x0 + 0.2 * (x1 - x0)), round(y0 + 0.8 * (y1 - y0))]);
    }
    $('function-info').innerHTML = '';
    const formula = document.createElement('span');
    formula.className = 'formula';
    formula.textContent = 'f = ' + data.formula;
    $('function-info').append(formula, document.createElement('br'), data.description);
    document.title = `${data.named ? data.name : data.formula} — Descent playground`;
    view.pinned = null;
    view.analysis = null;
    renderPointPanel();
    drawContour();
    writeUrl();
    await refreshPaths();
  } catch (e) {
    if (seq !== contourSeq) return;
    if (e instanceof Problem) showProblem(e); else showStatus(String(e));
  } finally {
    if (seq === contourSeq) $('contour').classList.remove('busy');
  }
}

function round(v) {
  return Number(v.toPrecision(4));
}

/** Rounds a coordinate picked with the mouse to a few hundredths of the view's span (about a pixel), so it reads 0.37, not 0.3712. */
function snap(v, span) {
  const unit = Math.pow(10, Math.floor(Math.log10(span / 300)));
  return Number((Math.round(v / unit) * unit).toPrecision(12));
}

const C = { left: 54, top: 14, width: 430, height: 430 };   // the contour's plot area in the SVG's viewBox (560 × 496)

function contourScales() {
  const [x0, x1, y0, y1] = view.contour.bounds;
  return { sx: scale(x0, x1, C.left, C.left + C.width), sy: scale(y0, y1, C.top + C.height, C.top) };
}

function drawContour() {
  const svg = $('contour');
  clear(svg);
  const data = view.contour;
  if (!data) return;
  const [x0, x1, y0, y1] = data.bounds;
  const defs = el('defs', {}, svg);
  const clip = el('clipPath', { id: 'plot-clip' }, defs);
  el('rect', { x: C.left, y: C.top, width: C.width, height: C.height }, clip);
  for (const [id, color] of [['arrow-dark', '#222'], ['arrow-pos', '#0072b2'], ['arrow-neg', '#d55e00'], ['arrow-zero', '#777']]) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }, m);
  }

  el('image', { href: heatmap(data), x: C.left, y: C.top, width: C.width, height: C.height, preserveAspectRatio: 'none', class: 'bands' }, svg);
  const lines = el('g', { 'clip-path': 'url(#plot-clip)', fill: 'none', stroke: 'rgba(32,32,32,0.35)', 'stroke-width': 0.7, class: 'contour-lines' }, svg);
  const { sx, sy } = contourScales();
  for (const level of data.levels) {
    const d = isoline(data, level, sx, sy);
    if (d) el('path', { d }, lines);
  }
  axes(el('g', { class: 'axes' }, svg), C, x0, x1, y0, y1, { xLabel: 'x', yLabel: 'y', grid: false });
  drawColorBar(svg, data);
  el('g', { id: 'overlay', 'clip-path': 'url(#plot-clip)' }, svg);
  const hit = el('rect', { x: C.left, y: C.top, width: C.width, height: C.height, fill: 'transparent', id: 'contour-hit' }, svg);
  hit.addEventListener('mousemove', onHover);
  hit.addEventListener('click', onClick);
  hit.addEventListener('wheel', onWheel, { passive: false });

  hit.addEventListener('mouseleave', () => { if (!view.pinned) { view.analysis = null; renderPointPanel(); drawOverlay(); } });
  $('contour-caption').textContent = `f = ${data.formula} on [${fmt(x0)}, ${fmt(x1)}] × [${fmt(y0)}, ${fmt(y1)}]. ` +
    'Darker is lower; click to move the start, shift-click to pin the analysis, scroll to zoom.';
  drawOverlay();
}

/** The filled bands as an image: the grid interpolated bilinearly, each pixel coloured by the band its value falls in. */
function heatmap(data) {
  // One image pixel per screen pixel at most (the SVG is shown at about its viewBox size): sharper costs time for nothing.
  const density = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  const n = data.grid, W = Math.round(density * C.width), H = Math.round(density * C.height);
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(W, H);
  const colors = data.bandColors.map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));
  const levels = data.levels;
  const v = data.values;
  for (let py = 0; py < H; py++) {
    const gy = (1 - (py + 0.5) / H) * (n - 1);
    const j = Math.min(n - 2, Math.floor(gy)), ty = gy - j;
    for (let px = 0; px < W; px++) {
      const gx = (px + 0.5) / W * (n - 1);
      const i = Math.min(n - 2, Math.floor(gx)), tx = gx - i;
      const a = v[j][i], b = v[j][i + 1], c = v[j + 1][i], d = v[j + 1][i + 1];
      const o = 4 * (py * W + px);
      if (a === null || b === null || c === null || d === null) {
        image.data[o + 3] = 0;
        continue;
      }
      const z = (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
      let lo = 0, hi = levels.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (levels[mid] <= z) lo = mid + 1; else hi = mid; }
      const rgb = colors[lo];
      image.data[o] = rgb[0]; image.data[o + 1] = rgb[1]; image.data[o + 2] = rgb[2]; image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

/** The contour line f = level by marching squares over the grid, as SVG path data (one segment per cell crossing). */
function isoline(data, level, sx, sy) {
  const n = data.grid, v = data.values;
  const [x0, x1, y0, y1] = data.bounds;
  const X = i => sx(x0 + (x1 - x0) * i / (n - 1)), Y = j => sy(y0 + (y1 - y0) * j / (n - 1));
  const parts = [];
  const lerp = (p, q, a, b) => p + (q - p) * ((level - a) / (b - a));
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const a = v[j][i], b = v[j][i + 1], c = v[j + 1][i + 1], d = v[j + 1][i];
      if (a === null || b === null || c === null || d === null) continue;
      const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Edge crossings: bottom (a-b), right (b-c), top (d-c), left (a-d).
      const e = {
        B: () => [lerp(X(i), X(i + 1), a, b), Y(j)],
        R: () => [X(i + 1), lerp(Y(j), Y(j + 1), b, c)],
        T: () => [lerp(X(i), X(i + 1), d, c), Y(j + 1)],
        L: () => [X(i), lerp(Y(j), Y(j + 1), a, d)],
      };
      const centre = (a + b + c + d) / 4 > level;
      const table = {
        1: ['LB'], 2: ['BR'], 3: ['LR'], 4: ['RT'], 5: centre ? ['LT', 'BR'] : ['LB', 'RT'], 6: ['BT'], 7: ['LT'],
        8: ['TL'], 9: ['TB'], 10: centre ? ['BL', 'TR'] : ['BR', 'TL'], 11: ['TR'], 12: ['RL'], 13: ['RB'], 14: ['BL'],
      };
      for (const seg of table[code]) {
        const p = e[seg[0]](), q = e[seg[1]]();
        parts.push(`M${p[0].toFixed(1)},${p[1].toFixed(1)}L${q[0].toFixed(1)},${q[1].toFixed(1)}`);
      }
    }
  }
  return parts.join('');
}

function drawColorBar(svg, data) {
  const g = el('g', { class: 'colorbar' }, svg);
  const bands = data.bandColors.length;
  const x = C.left + C.width + 14, w = 12, h = C.height / bands;
  for (let k = 0; k < bands; k++) {
    el('rect', { x, y: C.top + C.height - (k + 1) * h, width: w, height: h + 0.3, fill: data.bandColors[k] }, g);
  }
  el('rect', { x, y: C.top, width: w, height: C.height, fill: 'none', stroke: '#444' }, g);
  const every = Math.max(1, Math.ceil(data.levels.length / 12));
  data.levels.forEach((level, k) => {
    if (k % every) return;
    const y = C.top + C.height - (k + 1) * h;
    el('line', { x1: x + w, x2: x + w + 3, y1: y, y2: y, stroke: '#444' }, g);
    el('text', { x: x + w + 5, y: y + 3.5, 'font-size': 9.5, fill: '#333' }, g).textContent = fmt(level, 2);
  });
}

function star(cx, cy, r) {
  const pts = [];
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + k * Math.PI / 5, rr = k % 2 ? r * 0.45 : r;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(' ');
}

/** Paths up to the current step, the minima, the start and the analysed point, over the contours. */
function drawOverlay() {
  const g = $('overlay');
  if (!g || !view.contour) return;
  clear(g);
  const { sx, sy } = contourScales();
  for (const m of view.contour.minima) {
    el('polygon', { points: star(sx(m[0]), sy(m[1]), 8), fill: '#fff', stroke: '#000', 'stroke-width': 1.1, class: 'minimum' }, g);
  }
  const k = Math.floor(view.k);
  for (const path of view.paths) {
    const runs = [[]];
    for (let s = 0; s <= Math.min(k, path.points.length - 1); s++) {
      const p = path.points[s];
      if (p[0] === null || p[1] === null || Math.abs(p[0]) > 1e12 || Math.abs(p[1]) > 1e12) { runs.push([]); continue; }
      runs[runs.length - 1].push(`${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`);
    }
    const pg = el('g', { class: 'path', 'data-spec': path.spec }, g);
    for (const run of runs.filter(r => r.length > 1)) {
      el('polyline', { points: run.join(' '), fill: 'none', stroke: '#fff', 'stroke-opacity': 0.75, 'stroke-width': 4, 'stroke-linejoin': 'round' }, pg);
      el('polyline', { points: run.join(' '), fill: 'none', stroke: path.color, 'stroke-width': 2, 'stroke-linejoin': 'round' }, pg);
    }
    if (view.paths.length && state.steps <= 80) {
      for (const run of runs) for (const pt of run) {
        const [x, y] = pt.split(',');
        el('circle', { cx: x, cy: y, r: 1.7, fill: path.color }, pg);
      }
    }
    const last = path.points[Math.min(k, path.points.length - 1)];
    if (last && last[0] !== null && last[1] !== null) {
      el('rect', { x: sx(last[0]) - 4.5, y: sy(last[1]) - 4.5, width: 9, height: 9, fill: path.color, stroke: '#fff', 'stroke-width': 1.2, class: 'head' }, pg);
    }
  }
  if (state.start) {
    el('circle', { cx: sx(state.start[0]), cy: sy(state.start[1]), r: 5.5, fill: '#fff', stroke: '#000', 'stroke-width': 1.5, class: 'start' }, g);
  }
  drawAnalysis(g, sx, sy);
}

function drawAnalysis(g, sx, sy) {
  const a = view.analysis;
  if (!a) return;
  const px = sx(a.point[0]), py = sy(a.point[1]);
  const ag = el('g', { class: 'analysis' }, g);
  const arrow = (dx, dy, len, marker, dash) => {
    // dx, dy are in data units: map the direction to pixels (the axes may be scaled differently).
    const vx = sx(a.point[0] + dx) - px, vy = sy(a.point[1] + dy) - py, norm = Math.hypot(vx, vy);
    if (!(norm > 0)) return;
    el('line', { x1: px, y1: py, x2: px + vx / norm * len, y2: py + vy / norm * len, stroke: marker === 'arrow-dark' ? '#222' : marker === 'arrow-pos' ? '#0072b2' : marker === 'arrow-neg' ? '#d55e00' : '#777',
      'stroke-width': 2, 'marker-end': `url(#${marker})`, 'stroke-dasharray': dash ?? null }, ag);
  };
  const [x0, x1] = view.contour.bounds;
  const unit = (x1 - x0) * 1e-3;
  const maxAbs = Math.max(...a.eigenvalues.map(l => Math.abs(l ?? 0)), 1e-300);
  a.eigenvectors.forEach((v, i) => {
    const l = a.eigenvalues[i] ?? 0;
    const marker = Math.abs(l) <= 1e-6 ? 'arrow-zero' : l > 0 ? 'arrow-pos' : 'arrow-neg';
    const len = 18 + 34 * Math.abs(l) / maxAbs;
    arrow(v[0] * unit, v[1] * unit, len, marker);
    arrow(-v[0] * unit, -v[1] * unit, len, marker);
  });
  if (a.gradientNorm > 0) {
    arrow(-a.gradient[0] * unit / a.gradientNorm, -a.gradient[1] * unit / a.gradientNorm, 46, 'arrow-dark', '4 2');
  }
  el('circle', { cx: px, cy: py, r: 3.5, fill: '#fff', stroke: '#222', 'stroke-width': 1.5 }, ag);
}

// ---------------------------------------------------------------------------------------------------------------------
// Point analysis

function eventPoint(event) {
  const svg = $('contour');
  const pt = svg.createSVGPoint();
  pt.x = event.clientX;
  pt.y = event.clientY;
  const local = pt.matrixTransform(svg.getScreenCTM().inverse());
  const { sx, sy } = contourScales();
  const [x0, x1, y0, y1] = view.contour.bounds;
  return [snap(sx.invert(local.x), x1 - x0), snap(sy.invert(local.y), y1 - y0)];
}

let wheelTimer = 0;

/** Zooms the view about the pointer (the contour is recomputed for the new view once the wheel rests). */
function onWheel(event) {
  event.preventDefault();
  const [px, py] = eventPoint(event);
  const factor = Math.pow(1.2, Math.sign(event.deltaY));
  const [x0, x1, y0, y1] = state.bounds ?? view.contour.bounds;
  const b = [px - (px - x0) * factor, px + (x1 - px) * factor, py - (py - y0) * factor, py + (y1 - py) * factor].map(v => Number(v.toPrecision(6)));
  const max = registry.meta?.limits.maxCoordinate ?? 1e6;
  if (!(b[1] - b[0] > 1e-9 && b[3] - b[2] > 1e-9) || b.some(v => Math.abs(v) > max)) return;
  state.bounds = b;
  fillBounds(b);
  clearTimeout(wheelTimer);
  wheelTimer = setTimeout(() => refreshContour({ keepStart: true }), 150);
}

let hoverPending = null, hoverBusy = false;

function onHover(event) {
  if (view.pinned) return;
  hoverPending = eventPoint(event);
  if (!hoverBusy) analyse();
}

async function analyse() {
  hoverBusy = true;
  while (hoverPending) {
    const p = hoverPending;
    hoverPending = null;
    await analysePoint(p);
  }
  hoverBusy = false;
}

async function analysePoint(p) {
  const seq = ++pointSeq;
  try {
    const a = await api('point', { function: state.fn, point: p });
    if (seq !== pointSeq) return;
    view.analysis = a;
  } catch (e) {
    if (seq !== pointSeq) return;
    view.analysis = null;
    // A point where f is not finite is the point's business, not the page's: say so in the panel.
    renderPointPanel(e.message);
    drawOverlay();
    return;
  }
  renderPointPanel();
  drawOverlay();
}

function onClick(event) {
  const p = eventPoint(event);
  if (event.shiftKey) {
    view.pinned = p;
    hoverPending = null;
    analysePoint(p);
    return;
  }
  view.pinned = null;
  state.start = p;
  writeUrl();
  drawOverlay();
  analysePoint(p);
  refreshPaths();
}

function renderPointPanel(problem = null) {
  const panel = $('point-panel');
  clear(panel);
  const a = view.analysis;
  if (problem) {
    const error = document.createElement('div');
    error.className = 'error';
    error.textContent = problem;
    panel.append(error);
    return;
  }
  if (!a) {
    const hint = document.createElement('div');
    hint.className = 'hint';
    hint.textContent = 'Hover over the plot to see the gradient, the Hessian and its eigenvalues there; shift-click pins a point.';
    panel.append(hint);
    return;
  }
  const verdict = document.createElement('span');
  verdict.className = 'verdict ' + a.kind;
  verdict.id = 'verdict';
  verdict.textContent = { 'not-critical': 'not a critical point', minimum: 'minimum', maximum: 'maximum', saddle: 'saddle point', degenerate: 'degenerate' }[a.kind] ?? a.kind;
  const table = document.createElement('table');
  const row = (label, value) => {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.textContent = label;
    tr.append(th);
    tr.insertCell().textContent = value;
  };
  const vec = v => '(' + v.map(x => fmt(x, 4)).join(', ') + ')';
  row('point', vec(a.point) + (view.pinned ? '  (pinned)' : ''));
  row('f', fmt(a.value, 6));
  row('∇f', vec(a.gradient) + `   |∇f| = ${fmt(a.gradientNorm, 3)}`);
  row('Hessian', `[${vec(a.hessian[0])}, ${vec(a.hessian[1])}]`);
  row('eigenvalues', a.eigenvalues.map(l => fmt(l, 4)).join(', '));
  row('eigenvectors', a.eigenvectors.map(vec).join(', '));
  const explanation = document.createElement('div');
  explanation.className = 'explanation';
  explanation.textContent = a.explanation + ' Arrows: eigenvectors (blue: curving up, orange: curving down; longer = larger |λ|), dashed: −∇f.';
  panel.append(verdict, table, explanation);
}

// ---------------------------------------------------------------------------------------------------------------------
// Optimizers

let cardErrors = [];
let pathsTimer = 0;
let colorUrlTimer = 0;

function schedulePaths() {
  clearTimeout(pathsTimer);
  pathsTimer = setTimeout(() => { writeUrl(); refreshPaths(); }, 120);
}

function fillOptimizerList() {
  const select = $('add-optimizer');
  const lecture = document.createElement('optgroup');
  lecture.label = 'The lectures’ formulations';
  const torch = document.createElement('optgroup');
  torch.label = 'PyTorch’s optimizers';
  for (const o of registry.optimizers.values()) {
    const option = new Option(o.name, o.name);
    option.title = o.summary;
    (o.lecture ? lecture : torch).append(option);
  }
  select.append(lecture, torch);
  select.addEventListener('change', () => {
    if (!select.value) return;
    state.optimizers.push({ name: select.value, values: {} });
    select.value = '';
    renderOptimizers();
    schedulePaths();
  });
}

/** The colour of the i-th optimizer: one picked on its card, else the report's palette by position (as the export draws it). */
function colorOf(i) {
  return state.optimizers[i]?.color ?? paletteColor(i);
}

/** The report's palette colour for position i. */
function paletteColor(i) {
  const palette = registry.meta?.palette ?? ['#0072b2'];
  return palette[i % palette.length].toLowerCase();
}

function renderOptimizers() {
  const list = $('optimizers');
  clear(list);
  cardErrors = [];
  state.optimizers.forEach((o, index) => {
    const info = registry.optimizers.get(o.name);
    const li = document.createElement('li');
    li.className = 'optimizer';
    li.style.setProperty('--swatch', colorOf(index));
    const head = document.createElement('div');
    head.className = 'head';
    const swatch = document.createElement('input');
    swatch.type = 'color';
    swatch.className = 'swatch';
    swatch.value = colorOf(index);
    swatch.title = 'colour on the page (the exported report uses its own palette)';
    swatch.setAttribute('aria-label', `colour of ${o.name}`);
    swatch.addEventListener('input', () => {
      o.color = swatch.value;
      li.style.setProperty('--swatch', swatch.value);
      for (const p of view.paths) if (p.index === index) p.color = swatch.value;
      drawAll();
      // A dragged picker fires many input events; the URL is written once it settles.
      clearTimeout(colorUrlTimer);
      colorUrlTimer = setTimeout(writeUrl, 200);
    });
    head.append(swatch);
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = o.name;
    const spec = document.createElement('span');
    spec.className = 'spec';
    spec.textContent = specOf(o);
    spec.title = specOf(o);
    head.append(name);
    if (info?.lecture) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'lecture';
      head.append(badge);
    }
    const remove = document.createElement('button');
    remove.textContent = '×';
    remove.title = 'remove';
    remove.setAttribute('aria-label', `remove ${o.name}`);
    remove.addEventListener('click', () => { state.optimizers.splice(index, 1); renderOptimizers(); schedulePaths(); });
    head.append(spec, remove);
    li.append(head);
    if (info) {
      const formula = document.createElement('div');
      formula.className = 'formula';
      formula.textContent = info.formula;
      formula.title = info.summary + ' — ' + info.source;
      li.append(formula);
      const more = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = 'more hyperparameters';
      more.append(summary);
      const rare = ['eps', 'weight_decay', 'lr_decay', 'initial_accumulator_value', 'step_size_min', 'step_size_max', 'maximize'];
      for (const h of info.hyperparameters) {
        const row = hyperparameterRow(o, h, () => { spec.textContent = specOf(o); spec.title = specOf(o); });
        (h.slider && !rare.includes(h.name) ? li : more).append(row);
      }
      if (Object.keys(o.values).some(k => rare.includes(k) || !info.hyperparameters.find(h => h.name === k)?.slider)) more.open = true;
      if (more.childElementCount > 1) li.append(more);
    }
    const error = document.createElement('div');
    error.className = 'error';
    error.hidden = true;
    li.append(error);
    cardErrors.push(error);
    list.append(li);
  });
  const max = registry.meta?.limits.maxOptimizers ?? 8;
  $('add-optimizer').disabled = state.optimizers.length >= max;
  $('add-optimizer').title = state.optimizers.length >= max ? `at most ${max} optimizers` : 'add an optimizer';
}

function hyperparameterRow(o, h, changed) {
  const row = document.createElement('div');
  row.className = 'hp';
  const label = document.createElement('label');
  label.textContent = h.name;
  label.title = h.description;
  row.append(label);
  const set = text => {
    if (text === '' || text === h.default) delete o.values[h.name]; else o.values[h.name] = text;
    changed();
    schedulePaths();
  };
  const current = o.values[h.name] ?? h.default;
  if (h.kind === 'boolean') {
    row.classList.add('flag');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = current === 'true';
    box.setAttribute('aria-label', h.name);
    box.addEventListener('change', () => set(box.checked ? 'true' : 'false'));
    row.append(box);
    return row;
  }
  if (h.kind === 'choice') {
    row.classList.add('flag');
    const select = document.createElement('select');
    for (const c of h.choices ?? []) select.append(new Option(c, c));
    select.value = current;
    select.setAttribute('aria-label', h.name);
    select.addEventListener('change', () => set(select.value));
    row.append(select);
    return row;
  }
  const number = document.createElement('input');
  number.type = 'number';
  number.step = 'any';
  number.value = Number.isFinite(Number(current)) ? current : '';
  number.placeholder = h.default;
  number.setAttribute('aria-label', h.name);
  number.dataset.key = h.name;
  if (h.slider) {
    const { min, max, log } = h.slider;
    const range = document.createElement('input');
    range.type = 'range';
    range.min = String(log ? Math.log10(min) : min);
    range.max = String(log ? Math.log10(max) : max);
    range.step = String(h.kind === 'integer' ? 1 : log ? 0.01 : (max - min) / 200);
    const toRange = v => { if (Number.isFinite(v) && (!log || v > 0)) range.value = String(log ? Math.log10(v) : v); };
    toRange(Number(current));
    range.setAttribute('aria-label', h.name + ' slider');
    range.addEventListener('input', () => {
      const raw = log ? Math.pow(10, Number(range.value)) : Number(range.value);
      const v = h.kind === 'integer' ? Math.round(raw) : Number(raw.toPrecision(log ? 2 : 3));
      number.value = String(v);
      set(String(v));
    });
    number.addEventListener('input', () => { toRange(Number(number.value)); set(number.value.trim()); });
    row.append(range, number);
  } else {
    row.classList.add('flag');
    number.addEventListener('input', () => set(number.value.trim()));
    row.append(number);
  }
  return row;
}

// ---------------------------------------------------------------------------------------------------------------------
// Paths, loss and learning rate

async function refreshPaths() {
  const seq = ++pathsSeq;
  clearRunErrors();
  if (!view.contour || !state.start) return;
  if (state.optimizers.length === 0) {
    view.paths = [];
    view.k = 0;
    drawAll();
    await drawScheduleOnly(seq);
    return;
  }
  // An optimizer the server rejects is marked on its card and left out, so the others still run; colours follow the cards.
  let active = state.optimizers.map((_, i) => i);
  while (active.length) {
    try {
      const data = await api('paths', { ...runBody(), optimizers: active.map(i => specOf(state.optimizers[i])) });
      if (seq !== pathsSeq) return;
      view.paths = data.paths.map((p, j) => ({ ...p, color: colorOf(active[j]), index: active[j] }));
      view.minimumValue = data.minimumValue ?? null;
      view.k = Math.min(view.k, state.steps);
      for (const p of view.paths) {
        if (p.stoppedEarly && cardErrors[p.index]) { cardErrors[p.index].hidden = false; cardErrors[p.index].textContent = 'stopped early: ' + p.stoppedEarly; }
      }
      drawAll();
      return;
    } catch (e) {
      if (seq !== pathsSeq) return;
      const m = e instanceof Problem ? /^optimizers\[(\d+)\]$/.exec(e.body.field ?? '') : null;
      if (m && Number(m[1]) < active.length) {
        const original = active[Number(m[1])];
        cardErrors[original].hidden = false;
        cardErrors[original].textContent = e.message;
        active = active.filter(i => i !== original);
        continue;
      }
      view.paths = [];
      drawAll();
      if (e instanceof Problem) showProblem(e); else showStatus(String(e));
      return;
    }
  }
  view.paths = [];
  drawAll();
}

function drawAll() {
  $('start-text').textContent = state.start ? `(${fmt(state.start[0], 4)}, ${fmt(state.start[1], 4)})` : '';
  drawOverlay();
  drawLoss();
  drawLearningRates();
  $('step-counter').textContent = `step ${Math.floor(view.k)} / ${state.steps}`;
}

function lossValue(loss) {
  if (loss === null) return null;
  return view.minimumValue !== null ? loss - view.minimumValue : loss;
}

function drawLoss() {
  const svg = $('loss');
  clear(svg);
  const area = { left: 62, top: 12, width: 340, height: 196 };
  const all = view.paths.flatMap(p => p.loss.map(lossValue)).filter(v => v !== null && Number.isFinite(v) && Math.abs(v) < 1e200);
  const yLabel = view.minimumValue !== null ? 'f − f*' : 'f';
  if (all.length === 0) {
    axes(svg, area, 0, state.steps, 0, 1, { xLabel: 'step', yLabel });
    return;
  }
  const positive = all.every(v => v > 0) || (all.every(v => v >= 0) && all.some(v => v > 0));
  let lo = Math.min(...all), hi = Math.max(...all);
  let logY = positive;
  if (logY) {
    const smallest = Math.min(...all.filter(v => v > 0));
    lo = Math.max(smallest, hi * 1e-16) / 1.5;
    hi *= 1.5;
  } else {
    const pad = (hi - lo) * 0.05 || 1;
    lo -= pad; hi += pad;
  }
  const { sx, sy } = axes(svg, area, 0, state.steps, lo, hi, { logY, xLabel: 'step', yLabel });
  const defs = el('defs', {}, svg);
  const clip = el('clipPath', { id: 'loss-clip' }, defs);
  el('rect', { x: area.left, y: area.top, width: area.width, height: area.height }, clip);
  const g = el('g', { 'clip-path': 'url(#loss-clip)', class: 'series' }, svg);
  const k = Math.floor(view.k);
  for (const path of view.paths) {
    const pts = [];
    for (let s = 0; s <= Math.min(k, path.loss.length - 1); s++) {
      let v = lossValue(path.loss[s]);
      if (v === null || !Number.isFinite(v)) break;
      if (logY) v = Math.max(v, lo);
      pts.push(`${sx(s).toFixed(1)},${Math.max(-1e4, Math.min(1e4, sy(v))).toFixed(1)}`);
    }
    if (pts.length) el('polyline', { points: pts.join(' '), fill: 'none', stroke: path.color, 'stroke-width': 1.8, 'stroke-linejoin': 'round', class: 'loss-line', 'data-spec': path.spec }, g);
  }
  el('line', { x1: sx(k), x2: sx(k), y1: area.top, y2: area.top + area.height, stroke: '#999', 'stroke-dasharray': '3 3' }, svg);
  // Legend, top right inside the plot.
  const legend = el('g', { class: 'legend' }, svg);
  const legendBack = el('rect', { fill: '#fff', 'fill-opacity': 0.85, rx: 3 }, legend);
  let widest = 0;
  view.paths.forEach((p, i) => {
    const y = area.top + 12 + i * 13;
    const text = el('text', { x: area.left + area.width - 8, y: y + 3.5, 'text-anchor': 'end', 'font-size': 10, fill: '#222' }, legend);
    text.textContent = p.spec.length > 34 ? p.spec.slice(0, 33) + '…' : p.spec;
    widest = Math.max(widest, text.getComputedTextLength());
    el('line', { x1: area.left + area.width - 8 - text.getComputedTextLength() - 20, x2: area.left + area.width - 12 - text.getComputedTextLength(), y1: y, y2: y, stroke: p.color, 'stroke-width': 2.5 }, legend);
  });
}

function drawLearningRates(values = null) {
  const svg = $('lr');
  clear(svg);
  const area = { left: 62, top: 10, width: 340, height: 118 };
  const series = values ? [{ color: '#0072b2', lr: values }] : view.paths.map(p => ({ color: p.color, lr: p.lr }));
  const all = series.flatMap(s => s.lr).filter(v => v !== null && Number.isFinite(v));
  const hi = all.length ? Math.max(...all) : 1;
  const { sx, sy } = axes(svg, area, 0, state.steps, 0, hi > 0 ? hi * 1.08 : 1, { xLabel: 'step', yLabel: 'learning rate', yTicks: 4 });
  for (const s of series) {
    // A step function: the rate at step k holds until step k + 1.
    let d = '';
    s.lr.forEach((v, k) => {
      if (v === null || k > state.steps) return;
      const x = sx(k), y = sy(v);
      d += (d ? `L${x.toFixed(1)},${y.toFixed(1)}` : `M${x.toFixed(1)},${y.toFixed(1)}`);
      if (k < state.steps) d += `L${sx(k + 1).toFixed(1)},${y.toFixed(1)}`;
    });
    if (d) el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.6, class: 'lr-line' }, svg);
  }
  if (!values) {
    const k = Math.floor(view.k);
    el('line', { x1: sx(k), x2: sx(k), y1: area.top, y2: area.top + area.height, stroke: '#999', 'stroke-dasharray': '3 3' }, svg);
  }
  $('lr-caption').textContent = state.schedule
    ? `learning rate per step under ${state.schedule}` + (values ? ' (from a base rate of 0.1; add an optimizer to see its own rates)' : ', for each optimizer')
    : 'learning rate per step (constant: pick a schedule to change it)';
}

async function drawScheduleOnly(seq) {
  if (!state.schedule) { drawLearningRates(); return; }
  try {
    const data = await api('schedule', { schedule: state.schedule, lr: 0.1, steps: state.steps });
    if (seq === pathsSeq) drawLearningRates(data.values);
  } catch (e) {
    if (seq === pathsSeq && e instanceof Problem) showProblem(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Schedules

function fillSchedules() {
  const select = $('schedule');
  for (const s of registry.schedules.values()) {
    if (s.metricDriven) continue;
    const option = new Option(s.name, s.name);
    option.title = s.summary + ' — ' + s.formula;
    select.append(option);
  }
  const { name } = parseSpec(state.schedule || '');
  select.value = state.schedule ? name : '';
  renderScheduleKeys();
  select.addEventListener('change', () => {
    const s = registry.schedules.get(select.value);
    // Start from the schedule's own example (descent schedules shows the same), so the required keys have values.
    state.schedule = s ? s.example : '';
    renderScheduleKeys();
    schedulePaths();
  });
}

function renderScheduleKeys() {
  const box = $('schedule-keys');
  clear(box);
  const { name, values } = parseSpec(state.schedule || '');
  const def = registry.schedules.get(name);
  if (!state.schedule || !def) return;
  const formula = document.createElement('div');
  formula.className = 'hint';
  formula.style.gridColumn = '1 / -1';
  formula.textContent = def.formula;
  box.append(formula);
  for (const key of def.keys) {
    const label = document.createElement('label');
    label.textContent = key.name + (key.required ? ' *' : '');
    label.title = key.description;
    const input = document.createElement('input');
    input.type = 'text';
    input.value = values[key.name] ?? '';
    input.placeholder = key.default ?? (key.required ? 'required' : 'optional');
    input.setAttribute('aria-label', 'schedule ' + key.name);
    input.addEventListener('input', () => {
      const v = input.value.trim();
      if (v) values[key.name] = v; else delete values[key.name];
      const pairs = Object.entries(values).map(([k, x]) => `${k}=${x}`);
      state.schedule = pairs.length ? `${name}:${pairs.join(',')}` : name;
      schedulePaths();
    });
    box.append(label, input);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Playback

let lastFrame = 0;

function setPlaying(on) {
  view.playing = on;
  $('play').textContent = on ? '❚❚ Pause' : '▶ Play';
  if (on) {
    if (view.k >= state.steps) view.k = 0;
    lastFrame = performance.now();
    requestAnimationFrame(frame);
  }
}

function frame(now) {
  if (!view.playing) return;
  const speed = Number($('speed').value);
  view.k = Math.min(state.steps, view.k + speed * (now - lastFrame) / 1000);
  lastFrame = now;
  drawAll();
  if (view.k >= state.steps) setPlaying(false);
  else requestAnimationFrame(frame);
}

function stepOnce() {
  setPlaying(false);
  view.k = Math.min(state.steps, Math.floor(view.k) + 1);
  drawAll();
}

function reset() {
  setPlaying(false);
  view.k = 0;
  drawAll();
}

// ---------------------------------------------------------------------------------------------------------------------
// Share and export

async function copyLink() {
  writeUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    flash($('share'), 'Copied');
  } catch {
    window.prompt('Copy this link:', location.href);
  }
}

function flash(button, text) {
  const old = button.textContent;
  button.textContent = text;
  setTimeout(() => { button.textContent = old; }, 1200);
}

async function exportReport() {
  const button = $('export');
  button.disabled = true;
  try {
    const html = await api('export', runBody());
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'compare.html';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    if (e instanceof Problem) showProblem(e); else showStatus(String(e));
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Wiring

// Ready-made races from the lectures' material: each is a query string, so choosing one is the same as opening its link.
const SCENES = [
  ['Lectures 003/004: zig-zag on the ill-conditioned ellipse', 'f=ellipse&o=gd:lr=0.9&o=momentum:lr=0.1,gamma=0.8&o=adam:lr=0.5&n=100'],
  ['Rosenbrock’s curved valley', 'f=rosenbrock&s=-1.5,2&o=gd:lr=0.001&o=nesterov:lr=0.0005,gamma=0.9&o=adam:lr=0.05&n=500'],
  ['Lecture 001: leaving a saddle point', 'f=saddle&s=1.5,0.001&o=gd:lr=0.1&o=momentum:lr=0.05,gamma=0.9&o=adam:lr=0.1&n=40'],
  ['Himmelblau: the minimum found depends on the method', 'f=himmelblau&s=0,0&o=gd:lr=0.01&o=momentum:lr=0.005,gamma=0.9&o=rmsprop:lr=0.05&n=200'],
  ['Beale: adaptive methods and L-BFGS', 'f=beale&s=1,1.5&o=adagrad:lr=0.5&o=rmsprop:lr=0.01&o=adam:lr=0.05&o=lbfgs&n=300'],
  ['Lecture 002: a decaying learning rate', 'f=quadratic&s=2.5,-2&o=gd:lr=1.9&o=momentum:lr=0.5,gamma=0.5&n=60&sch=exp_decay:decay_rate=0.5,decay_steps=10'],
];

function fillScenes() {
  const select = $('scene');
  for (const [title, query] of SCENES) select.append(new Option(title, query));
  select.addEventListener('change', () => {
    if (!select.value) return;
    // The scene replaces this tab's state only: the training tab's settings stay in the link.
    const q = new URLSearchParams(select.value);
    for (const [k, v] of new URLSearchParams(location.search)) if (!URL_KEYS.includes(k)) q.append(k, v);
    location.search = '?' + q.toString();
  });
}

// The named function to return to when the expression box is emptied.
let lastNamed = DEFAULT_STATE.fn;

function wire() {
  if (registry.functions.some(f => f.name === state.fn.trim())) lastNamed = state.fn.trim();
  let exprTimer = 0;
  $('expression').addEventListener('input', () => {
    clearTimeout(exprTimer);
    exprTimer = setTimeout(() => {
      const text = $('expression').value;
      if (!text.trim()) {
        const select = $('function-name');
        select.value = lastNamed;
        state.fn = lastNamed;
        state.bounds = null;
        refreshContour({ resetStart: true });
        return;
      }
      $('function-name').value = '';
      state.fn = text;
      refreshContour();
    }, 250);
  });
  $('function-name').addEventListener('change', () => {
    const name = $('function-name').value;
    if (!name) { $('expression').focus(); return; }
    $('expression').value = '';
    state.fn = name;
    lastNamed = name;
    state.bounds = null;
    refreshContour({ resetStart: true });
  });
  let boundsTimer = 0;
  for (const id of ['xmin', 'xmax', 'ymin', 'ymax']) {
    $(id).addEventListener('input', () => {
      clearTimeout(boundsTimer);
      boundsTimer = setTimeout(() => {
        const b = ['xmin', 'xmax', 'ymin', 'ymax'].map(i => Number($(i).value));
        if (b.every(Number.isFinite) && b[0] < b[1] && b[2] < b[3]) {
          state.bounds = b;
          refreshContour({ keepStart: true });
        }
      }, 400);
    });
  }
  $('whole-view').addEventListener('click', () => {
    state.bounds = null;
    refreshContour({ keepStart: true });
  });
  $('steps').value = String(state.steps);
  $('steps').max = String(registry.meta?.limits.maxSteps ?? 2000);
  $('steps').addEventListener('input', () => {
    const n = Number($('steps').value);
    if (Number.isInteger(n) && n >= 1) { state.steps = n; schedulePaths(); }
  });
  $('play').addEventListener('click', () => setPlaying(!view.playing));
  $('step').addEventListener('click', stepOnce);
  $('reset').addEventListener('click', reset);
  $('share').addEventListener('click', copyLink);
  $('export').addEventListener('click', exportReport);
  document.addEventListener('keydown', e => {
    if (e.target.closest('input, select, textarea') || $('tab-playground').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    // Space on a focused button presses that button, as everywhere else.
    if (e.key === ' ' && !e.target.closest('button')) { e.preventDefault(); setPlaying(!view.playing); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); stepOnce(); }
    else if (e.key === 'r') reset();
  });
}

async function main() {
  try {
    const [meta, functions, optimizers, schedules] = await Promise.all([api('meta'), api('functions'), api('optimizers'), api('schedules')]);
    registry.meta = meta;
    registry.functions = functions;
    for (const o of optimizers) registry.optimizers.set(o.name, o);
    for (const s of schedules) registry.schedules.set(s.name, s);
  } catch (e) {
    showStatus('Could not reach the server: ' + e.message);
    return;
  }
  readUrl();
  fillScenes();
  fillFunctionControls();
  fillOptimizerList();
  renderOptimizers();
  fillSchedules();
  wire();
  drawAll();
  renderPointPanel();
  await refreshContour({ keepStart: true });
  document.body.dataset.ready = 'true';
}

main();
