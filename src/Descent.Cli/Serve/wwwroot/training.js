// The Training tab: pick a data set, a model and two to four optimizers, start a live race and watch the loss and accuracy
// curves grow as the server streams one event per optimizer and epoch (server-sent events from /api/train/{id}/events).
// The server checks every request and answers mistakes with a problem detail, shown here as it is. Renders into #training-root.
// Its settings (data set, model, optimizers and their colours, epochs...) live in the query string under keys that start with t,
// beside the playground's; the #training hash opens the tab, so a link reopens it with the same settings (not started).
import { el, clear, fmt, niceTicks, logTicks, scale } from './svg.js';

const root = document.getElementById('training-root');
// The plotting library's series colours (Okabe–Ito), in its order, so the tab matches the reports of descent compare.
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];

let catalog = null;
let run = null;          // the race on screen: { id, stop, info, runs: [{ points: [], diverged }], done, aborter }
let redrawQueued = false;

// ---- small helpers -------------------------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function percent(v) { return v === null || v === undefined || Number.isNaN(v) ? '—' : (100 * v).toFixed(1) + ' %'; }

// The loss axis: svg.js's log ticks (1-2-5 steps over a decade or two, so the lower decades are labelled too), or round values
// spaced evenly in the data when a narrow range would leave fewer than three.
function lossTicks(lo, hi) {
  const ticks = logTicks(lo, hi, 6);
  return ticks.length >= 3 ? ticks : niceTicks(lo, hi, 6).filter(v => v > 0);
}

// Problem details (RFC 7807) become one line for the error box; anything else says what came back.
async function problemOf(response) {
  try {
    const body = await response.json();
    if (body && (body.detail || body.title)) return body.detail || body.title;
  } catch { /* not JSON */ }
  return `the server answered ${response.status} ${response.statusText}`;
}

// The API writes NaN and ±Infinity as strings (System.Text.Json's named literals); turn them back into numbers.
function revive(_, v) {
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

// ---- the form ------------------------------------------------------------------------------------------------------

const ui = {};

function build() {
  ui.data = h('select', { id: 'train-data' });
  ui.dataSpec = h('input', { id: 'train-data-spec', type: 'text', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'data set spec' });
  ui.dataInfo = h('div', { class: 'hint', id: 'train-data-info' });
  ui.model = h('input', { id: 'train-model', type: 'text', list: 'train-models', spellcheck: 'false', autocomplete: 'off' });
  ui.models = h('datalist', { id: 'train-models' });
  ui.modelInfo = h('div', { class: 'hint', id: 'train-model-info' });
  ui.optimizers = h('ul', { id: 'train-optimizers', class: 'optimizers' });
  ui.suggestions = h('datalist', { id: 'train-optimizer-suggestions' });
  ui.add = h('button', { id: 'train-add', type: 'button', title: 'add an optimizer', text: '+ Add' });
  ui.optimizerHint = h('div', { class: 'hint' });
  ui.epochs = h('input', { id: 'train-epochs', type: 'number', min: 1, step: 1 });
  ui.batch = h('input', { id: 'train-batch', type: 'number', min: 1, step: 1 });
  ui.seed = h('input', { id: 'train-seed', type: 'number', min: 0, step: 1 });
  ui.time = h('input', { id: 'train-time', type: 'number', min: 1, step: 1 });
  ui.pace = h('input', { id: 'train-pace', type: 'number', min: 0, step: 50 });
  ui.start = h('button', { id: 'train-start', class: 'primary', type: 'button', text: '▶ Start' });
  ui.stop = h('button', { id: 'train-stop', type: 'button', text: '■ Stop', disabled: true });
  ui.share = h('button', { id: 'train-share', type: 'button', title: 'copy this page’s URL: it holds these settings (the race is not started by it)', text: 'Copy link' });
  ui.progress = h('span', { id: 'train-progress', class: 'mono' });
  ui.status = h('div', { id: 'train-status', class: 'hint', role: 'status' });
  ui.error = h('div', { id: 'train-error', class: 'error', role: 'alert', hidden: true });
  ui.loss = el('svg', { id: 'train-loss', viewBox: '0 0 660 330', role: 'img', 'aria-label': 'loss per epoch' });
  ui.lossCaption = h('figcaption', { id: 'train-loss-caption', text: 'loss on the whole training set (solid) and the validation set (dashed) after each epoch; log scale' });
  ui.accuracy = el('svg', { id: 'train-accuracy', viewBox: '0 0 660 260', role: 'img', 'aria-label': 'accuracy per epoch' });
  ui.accuracyFigure = h('figure', { id: 'train-accuracy-figure' }, ui.accuracy,
    h('figcaption', { text: 'validation accuracy (solid) and training accuracy (dashed) after each epoch' }));
  ui.legend = h('table', { id: 'train-legend', class: 'train-legend' });

  const field = (label, input, unit) => h('label', { class: 'train-field' }, h('span', { text: label }), input, unit ? h('span', { class: 'unit', text: unit }) : null);
  const controls = h('aside', { class: 'controls' },
    h('div', { class: 'group' }, h('label', { for: 'train-data', text: 'Data set' }), ui.data, ui.dataSpec, ui.dataInfo),
    h('div', { class: 'group' }, h('label', { for: 'train-model', text: 'Model' }), ui.model, ui.models, ui.modelInfo),
    h('div', { class: 'group' },
      h('div', { class: 'row' }, h('label', { text: 'Optimizers' }), ui.add),
      ui.optimizers, ui.suggestions, ui.optimizerHint),
    h('div', { class: 'group train-numbers' },
      field('Epochs', ui.epochs), field('Batch size', ui.batch), field('Seed', ui.seed),
      field('Time limit', ui.time, 's'), field('Pace', ui.pace, 'ms per epoch')),
    h('div', { class: 'group buttons' }, ui.start, ui.stop, ui.share, ui.progress));
  root.append(h('div', { class: 'training' },
    controls,
    h('div', { class: 'train-figures' },
      ui.error, ui.status,
      h('figure', {}, ui.loss, ui.lossCaption),
      ui.accuracyFigure,
      h('div', { class: 'train-legend-box' }, ui.legend))));

  ui.data.addEventListener('change', () => chooseData(Number(ui.data.value)));
  ui.add.addEventListener('click', () => {
    const used = new Set(specs());
    addOptimizer(catalog.suggestedOptimizers.find(o => !used.has(o)) ?? 'adam:lr=0.001');
    updateOptimizerButtons();
    queueUrl();
  });
  ui.start.addEventListener('click', start);
  ui.stop.addEventListener('click', stop);
  ui.share.addEventListener('click', copyLink);
  // Every edit of a setting (typing, a preset, a colour) is written to the URL once it settles.
  controls.addEventListener('input', queueUrl);
  controls.addEventListener('change', queueUrl);
}

function fill() {
  const limits = catalog.limits;
  const settings = readUrl();
  catalog.dataSets.forEach((set, i) => {
    ui.data.append(h('option', { value: i, disabled: !set.available, text: set.label + (set.available ? '' : ' (not installed)') }));
  });
  for (const spec of catalog.suggestedOptimizers) ui.suggestions.append(h('option', { value: spec }));
  // The preset shown is the one the data spec names (its own spec, else the same data set), so its hints fit the spec.
  const nameOf = spec => spec.split(':')[0].trim().toLowerCase();
  let preset = catalog.dataSets.findIndex(x => x.spec === settings.data);
  if (preset < 0) preset = catalog.dataSets.findIndex(x => nameOf(x.spec) === nameOf(settings.data));
  preset = Math.max(0, preset);
  ui.data.value = String(preset);
  chooseData(preset, settings.model);
  ui.dataSpec.value = settings.data;
  settings.optimizers.forEach((spec, i) => addOptimizer(spec, settings.colors[i]));
  updateOptimizerButtons();
  for (const [, input, member] of NUMBER_KEYS) input().value = settings[member];
  ui.epochs.max = limits.maxEpochs;
  ui.batch.max = limits.maxBatchSize;
  ui.time.max = limits.maxSeconds;
  ui.pace.max = limits.maxPaceMilliseconds;
  ui.optimizerHint.textContent = `${limits.minOptimizers} to ${limits.maxOptimizers} optimizer specs, such as adam:lr=0.01,betas=0.9;0.999. ` +
    `Limits: ${limits.maxEpochs} epochs, ${limits.maxSeconds} s, ${limits.maxSamples} samples, ${limits.maxParameters} parameters.`;
  status('Choose a data set, a model and the optimizers, then Start.');
  drawEmpty();
}

function chooseData(index, model) {
  const set = catalog.dataSets[index];
  ui.dataSpec.value = set.spec;
  ui.dataInfo.textContent = `${set.features} features, ` + (set.classes > 0 ? `${set.classes} classes` : 'regression') +
    (set.missing ? ` — ${set.missing}` : '');
  clear(ui.models);
  for (const m of set.models) ui.models.append(h('option', { value: m }));
  ui.model.value = model ?? set.models[1] ?? set.models[0];
  ui.modelInfo.textContent = 'suggestions: ' + set.models.join(', ');
}

// color: one picked by the user ("#rrggbb"), which stays with the row; without one a row takes the palette's colour of its position.
function addOptimizer(spec, color = null) {
  const index = ui.optimizers.children.length;
  const swatch = h('input', { type: 'color', class: 'swatch', title: 'colour of its curves', 'aria-label': `colour of optimizer ${index + 1}` });
  const input = h('input', { type: 'text', class: 'train-spec', list: 'train-optimizer-suggestions', spellcheck: 'false', autocomplete: 'off',
    'aria-label': `optimizer ${index + 1}` });
  input.value = spec;
  const remove = h('button', { type: 'button', class: 'train-remove', title: 'remove this optimizer', text: '×' });
  const li = h('li', { class: 'optimizer' }, h('div', { class: 'head' }, swatch, input, remove));
  if (color) li.dataset.color = color;
  swatch.addEventListener('input', () => {
    li.dataset.color = swatch.value;
    li.style.setProperty('--swatch', swatch.value);
  });
  remove.addEventListener('click', () => { li.remove(); updateOptimizerButtons(); queueUrl(); });
  ui.optimizers.append(li);
}

function colorOf(li, i) { return li.dataset.color ?? COLORS[i % COLORS.length]; }

function colors() { return [...ui.optimizers.children].map(colorOf); }

function updateOptimizerButtons() {
  const rows = [...ui.optimizers.children];
  rows.forEach((li, i) => {
    li.style.setProperty('--swatch', colorOf(li, i));
    li.querySelector('input.swatch').value = colorOf(li, i);
  });
  for (const b of ui.optimizers.querySelectorAll('.train-remove')) b.disabled = running() || rows.length <= catalog.limits.minOptimizers;
  ui.add.disabled = running() || rows.length >= catalog.limits.maxOptimizers;
}

function specs() { return [...ui.optimizers.querySelectorAll('.train-spec')].map(i => i.value.trim()); }

function request() {
  const number = input => input.value.trim() === '' ? undefined : Number(input.value);
  return {
    data: ui.dataSpec.value.trim(),
    model: ui.model.value.trim(),
    optimizers: specs(),
    epochs: number(ui.epochs),
    batchSize: number(ui.batch),
    seed: number(ui.seed),
    timeLimitSeconds: number(ui.time),
    paceMilliseconds: number(ui.pace),
  };
}

function status(text) { ui.status.textContent = text; }

function showError(text) {
  ui.error.textContent = text;
  ui.error.hidden = !text;
  for (const x of root.querySelectorAll('input.invalid')) x.classList.remove('invalid');
  if (!text) return;
  // The server's messages name what they are about; mark that field too.
  const optimizer = /^optimizer (\d+)\b/.exec(text);
  const field = optimizer ? ui.optimizers.querySelectorAll('.train-spec')[Number(optimizer[1]) - 1]
    : /^data set\b/.test(text) ? ui.dataSpec
    : /^model\b/.test(text) ? ui.model
    : /^epochs\b/.test(text) ? ui.epochs
    : /^batch size\b/.test(text) ? ui.batch
    : /^the time limit\b/.test(text) ? ui.time
    : /^the pace\b/.test(text) ? ui.pace
    : null;
  field?.classList.add('invalid');
  ui.error.scrollIntoView({ block: 'nearest' });
}

function running() { return run !== null && !run.done; }

function setRunning(on) {
  ui.start.disabled = on;
  ui.stop.disabled = !on;
  for (const x of [ui.data, ui.dataSpec, ui.model, ui.epochs, ui.batch, ui.seed, ui.time, ui.pace, ...ui.optimizers.querySelectorAll('input')]) x.disabled = on;
  updateOptimizerButtons();
}

// ---- the URL ---------------------------------------------------------------------------------------------------------

// The query-string keys of this tab; the playground's keys (f, o, ...) are kept as they are when this tab rewrites the URL.
// td data spec, tm model, to one per optimizer spec, tc the rows' colours (hex without #, empty for the palette's), and the numbers.
// A key is written only when its setting differs from the server's default, so a link stays short.
const NUMBER_KEYS = [
  ['te', () => ui.epochs, 'epochs'], ['tb', () => ui.batch, 'batchSize'], ['ts', () => ui.seed, 'seed'],
  ['tt', () => ui.time, 'timeLimitSeconds'], ['tp', () => ui.pace, 'paceMilliseconds'],
];
const URL_KEYS = ['td', 'tm', 'to', 'tc', ...NUMBER_KEYS.map(k => k[0])];

/** "cc79a7" or "#CC79A7" as "#cc79a7"; null for anything that is not a six-digit hex colour. */
function parseColor(text) {
  const m = /^#?([0-9a-f]{6})$/i.exec((text ?? '').trim());
  return m ? '#' + m[1].toLowerCase() : null;
}

/** The settings in the URL, with the server's defaults for those it does not hold. Numbers are kept as text (the form's). */
function readUrl() {
  const q = new URLSearchParams(location.search), d = catalog.defaults;
  const text = key => q.get(key)?.trim() || null;
  const specsInUrl = q.getAll('to').map(x => x.trim()).filter(x => x);
  const settings = {
    data: text('td') ?? d.data,
    model: text('tm') ?? d.model,
    optimizers: specsInUrl.length ? specsInUrl : d.optimizers,
    colors: (q.get('tc') ?? '').split(',').map(parseColor),
  };
  for (const [key, , member] of NUMBER_KEYS) {
    const value = text(key);
    settings[member] = value !== null && Number.isFinite(Number(value)) ? value : String(d[member]);
  }
  return settings;
}

function writeUrl() {
  clearTimeout(urlTimer);
  if (!catalog) return;
  const d = catalog.defaults;
  const q = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(location.search)) if (!URL_KEYS.includes(k)) q.append(k, v);
  const data = ui.dataSpec.value.trim(), model = ui.model.value.trim(), list = specs();
  if (data && data !== d.data) q.set('td', data);
  if (model && model !== d.model) q.set('tm', model);
  if (list.length !== d.optimizers.length || list.some((x, i) => x !== d.optimizers[i])) for (const x of list) q.append('to', x);
  const picked = [...ui.optimizers.children].map((li, i) => colorOf(li, i) !== COLORS[i % COLORS.length] ? colorOf(li, i).slice(1) : '');
  while (picked.length && !picked[picked.length - 1]) picked.pop();
  if (picked.length) q.set('tc', picked.join(','));
  for (const [key, input, member] of NUMBER_KEYS) {
    const value = input().value.trim();
    if (value !== '' && Number(value) !== d[member]) q.set(key, value);
  }
  const query = q.toString();
  history.replaceState(null, '', (query ? '?' + query : location.pathname) + location.hash);
}

let urlTimer = 0;

function queueUrl() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(writeUrl, 200);
}

async function copyLink() {
  writeUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    const old = ui.share.textContent;
    ui.share.textContent = 'Copied';
    setTimeout(() => { ui.share.textContent = old; }, 1200);
  } catch {
    window.prompt('Copy this link:', location.href);
  }
}

// ---- running a race ------------------------------------------------------------------------------------------------

async function start() {
  if (running()) return;
  showError('');
  status('Loading the data and building the models…');
  ui.start.disabled = true;
  let started;
  try {
    const response = await fetch('api/train', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request()) });
    if (!response.ok) {
      showError(await problemOf(response));
      status('Not started.');
      ui.start.disabled = false;
      return;
    }
    started = await response.json();
  } catch (e) {
    showError(`cannot reach the server: ${e.message}`);
    status('Not started.');
    ui.start.disabled = false;
    return;
  }

  const info = started.info;
  run = { id: started.id, stop: started.stop, info, runs: info.optimizers.map(() => ({ points: [], diverged: null })), colors: colors(), done: null,
    aborter: new AbortController() };
  setRunning(true);
  root.dataset.state = 'running';
  ui.accuracyFigure.hidden = !info.classification;
  ui.lossCaption.textContent = `${info.lossName} on the whole training set (solid) and the validation set (dashed) after each epoch; log scale`;
  status(`${info.dataName}: ${info.trainCount} training and ${info.validationCount} validation samples; ${info.modelSpec} ` +
    `(${info.parameterCount} parameters); batch ${info.batchSize}, ${info.batchesPerEpoch} updates per epoch.`);
  redraw();

  const current = run;
  try {
    await readEvents(started.events.replace(/^\//, ''), current.aborter.signal, (name, data) => onEvent(current, name, data));
    if (!current.done) finish(current, { reason: 'error', message: 'the event stream ended before the race did' });
  } catch (e) {
    if (!current.done) {
      showError(e.problem ?? `the event stream broke: ${e.message}`);
      finish(current, { reason: 'error', message: 'stopped: the event stream broke' });
    }
  }
}

async function stop() {
  if (!running()) return;
  ui.stop.disabled = true;
  status('Stopping…');
  try {
    const response = await fetch(run.stop.replace(/^\//, ''), { method: 'POST' });
    // 404: the race ended on its own meanwhile; its done event says how.
    if (!response.ok && response.status !== 404) showError(await problemOf(response));
  } catch (e) {
    // Without the server, closing the stream stops the race as well.
    run.aborter.abort();
  }
}

// Reads a text/event-stream response: blocks separated by a blank line, "event:" and "data:" fields.
async function readEvents(url, signal, onEvent) {
  const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } });
  if (!response.ok) {
    const error = new Error(response.statusText);
    error.problem = await problemOf(response);
    throw error;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message', data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(5).replace(/^ /, '');
      }
      if (data) onEvent(name, JSON.parse(data, revive));
    }
  }
}

function onEvent(current, name, data) {
  if (current !== run) return;
  if (name === 'epoch') {
    current.runs[data.run].points.push(data);
    const epoch = Math.min(...current.runs.filter(r => !r.diverged).map(r => r.points.length ? r.points[r.points.length - 1].epoch : 0));
    ui.progress.textContent = `epoch ${Number.isFinite(epoch) ? epoch : 0}/${current.info.epochs} · ${data.seconds.toFixed(1)} s`;
  } else if (name === 'diverged') {
    current.runs[data.run].diverged = data.message;
    status(data.message);
  } else if (name === 'done') {
    finish(current, data);
  } else if (name === 'error') {
    showError(data.detail ?? data.title ?? 'training failed');
    finish(current, { reason: 'error', message: 'training failed' });
  }
  queueRedraw();
}

function finish(current, done) {
  current.done = done;
  root.dataset.state = done.reason;
  setRunning(false);
  ui.start.textContent = '▶ Start again';
  status(done.message ?? done.reason);
  queueRedraw();
}

// ---- charts --------------------------------------------------------------------------------------------------------

function queueRedraw() {
  if (redrawQueued) return;
  redrawQueued = true;
  requestAnimationFrame(() => { redrawQueued = false; redraw(); });
}

function drawEmpty() {
  for (const svg of [ui.loss, ui.accuracy]) {
    clear(svg);
    const [, , w, hgt] = svg.getAttribute('viewBox').split(' ').map(Number);
    el('text', { x: w / 2, y: hgt / 2, 'text-anchor': 'middle', fill: '#59636e', 'font-size': 13 }, svg).textContent = 'Start a race to see the curves.';
  }
  clear(ui.legend);
}

function redraw() {
  if (!run) return drawEmpty();
  const info = run.info;
  // The epoch axis grows with the race (a quarter ahead of the leader), so early epochs are not squeezed into a corner.
  const reached = Math.max(0, ...run.runs.flatMap(r => r.points.map(p => p.epoch)));
  const xMax = Math.max(1, Math.min(info.epochs, Math.max(10, Math.ceil(reached * 1.25))));
  const losses = run.runs.flatMap(r => r.points.flatMap(p => [p.trainLoss, p.validationLoss])).filter(v => Number.isFinite(v) && v > 0);
  let lo = losses.length ? Math.min(...losses) : 0.1, hi = losses.length ? Math.max(...losses) : 1;
  if (hi / lo < 1.5) { const mid = Math.sqrt(lo * hi); lo = mid / 1.3; hi = mid * 1.3; }
  chart(ui.loss, { x0: 0, x1: xMax, y0: lo / 1.15, y1: hi * 1.15, log: true, xLabel: 'epoch', yLabel: 'loss' },
    [['trainLoss', false], ['validationLoss', true]]);
  if (info.classification) {
    chart(ui.accuracy, { x0: 0, x1: xMax, y0: 0, y1: 1, log: false, xLabel: 'epoch', yLabel: 'accuracy' },
      [['validationAccuracy', false], ['trainAccuracy', true]]);
  }
  legend();
}

function chart(svg, view, fields) {
  clear(svg);
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const area = { left: 62, top: 12, width: width - 62 - 14, height: height - 12 - 44 };
  const sx = scale(view.x0, view.x1, area.left, area.left + area.width);
  const sy = scale(view.y0, view.y1, area.top + area.height, area.top, view.log);
  const g = el('g', { class: 'axes' }, svg);
  const xt = niceTicks(view.x0, view.x1, 8).filter(v => Number.isInteger(v) || view.x1 <= 5);
  const yt = view.log ? lossTicks(view.y0, view.y1) : niceTicks(view.y0, view.y1, 5);
  for (const v of xt) {
    el('line', { x1: sx(v), x2: sx(v), y1: area.top, y2: area.top + area.height, stroke: '#e3e3e3' }, g);
    el('text', { x: sx(v), y: area.top + area.height + 15, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#333' }, g).textContent = fmt(v);
  }
  for (const v of yt) {
    el('line', { x1: area.left, x2: area.left + area.width, y1: sy(v), y2: sy(v), stroke: '#e3e3e3' }, g);
    el('text', { x: area.left - 6, y: sy(v) + 3.5, 'text-anchor': 'end', 'font-size': 10.5, fill: '#333' }, g).textContent = fmt(v);
  }
  el('rect', { x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', stroke: '#444' }, g);
  el('text', { x: area.left + area.width / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11.5, fill: '#222' }, g).textContent = view.xLabel;
  const cy = area.top + area.height / 2;
  el('text', { x: 14, y: cy, 'text-anchor': 'middle', 'font-size': 11.5, fill: '#222', transform: `rotate(-90 14 ${cy})` }, g).textContent = view.yLabel;

  const clip = svg.id + '-clip';
  const defs = el('defs', {}, svg);
  el('rect', { x: area.left, y: area.top, width: area.width, height: area.height }, el('clipPath', { id: clip }, defs));
  const plot = el('g', { 'clip-path': `url(#${clip})` }, svg);
  run.runs.forEach((r, i) => {
    for (const [field, dashed] of fields) {
      const pts = r.points.filter(p => Number.isFinite(p[field]) && (!view.log || p[field] > 0));
      if (pts.length === 0) continue;
      const d = pts.map((p, k) => `${k ? 'L' : 'M'}${sx(p.epoch).toFixed(1)},${sy(p[field]).toFixed(1)}`).join('');
      el('path', { d, fill: 'none', stroke: run.colors[i], 'stroke-width': dashed ? 1.6 : 2.2, 'stroke-dasharray': dashed ? '5 4' : null,
        'stroke-linejoin': 'round', class: `series ${field}`, 'data-run': i, 'data-points': pts.length }, plot);
      if (!dashed) {
        const last = pts[pts.length - 1];
        el('circle', { cx: sx(last.epoch), cy: sy(last[field]), r: 3, fill: run.colors[i] }, plot);
      }
    }
    if (r.diverged && r.points.length) {
      const last = r.points[r.points.length - 1];
      const v = fields[0][0] === 'trainLoss' ? last.trainLoss : last.validationAccuracy;
      if (Number.isFinite(v) && (!view.log || v > 0)) {
        el('text', { x: sx(last.epoch) + 5, y: sy(v) - 5, 'font-size': 11, fill: run.colors[i] }, plot).textContent = '✕ diverged';
      }
    }
  });
}

function legend() {
  clear(ui.legend);
  const classification = run.info.classification;
  const head = ['optimizer', 'epoch', 'train loss', 'validation loss'];
  if (classification) head.push('validation accuracy');
  head.push('time (s)', '');
  ui.legend.append(h('thead', {}, h('tr', {}, ...head.map(t => h('th', { text: t })))));
  const body = h('tbody');
  run.runs.forEach((r, i) => {
    const last = r.points[r.points.length - 1];
    const swatch = h('span', { class: 'train-swatch' });
    swatch.style.background = run.colors[i];
    const cells = [
      h('td', { class: 'spec' }, swatch, document.createTextNode(run.info.optimizers[i])),
      h('td', { text: last ? String(last.epoch) : '—' }),
      h('td', { text: last ? fmt(last.trainLoss, 4) : '—' }),
      h('td', { text: last ? fmt(last.validationLoss, 4) : '—' }),
    ];
    if (classification) cells.push(h('td', { text: last ? percent(last.validationAccuracy) : '—' }));
    cells.push(h('td', { text: last ? last.runSeconds.toFixed(2) : '—' }));
    cells.push(h('td', { class: r.diverged ? 'diverged' : '', title: r.diverged ?? '', text: r.diverged ? 'diverged' : '' }));
    body.append(h('tr', { 'data-run': i }, ...cells));
  });
  ui.legend.append(body);
}

// ---- start-up ------------------------------------------------------------------------------------------------------

async function init() {
  if (catalog || !root) return;
  // The tab's own styles, linked from here so that the page's shell (index.html) needs no change for them.
  if (!document.querySelector('link[href="training.css"]')) document.head.append(h('link', { rel: 'stylesheet', href: 'training.css' }));
  build();
  try {
    const response = await fetch('api/train/options');
    if (!response.ok) throw new Error(await problemOf(response));
    catalog = await response.json();
  } catch (e) {
    showError(`cannot load the training options: ${e.message}`);
    return;
  }
  fill();
  root.dataset.state = 'ready';
}

// Built on first view: the playground tab does not pay for the catalog request (which builds the synthetic presets).
const section = document.getElementById('tab-training');
if (section && !section.hidden) init();
else section?.addEventListener('tab-shown', init, { once: true });
