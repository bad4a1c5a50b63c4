// The page of `uecsim serve`: choose a scenario, change its levers,
// run it or compare it, read what it found, save it, download results.
// Every change is checked by the server's scenario loader; the page
// only shows what the loader says.  No library, nothing fetched but
// from this server.
'use strict';

const $ = (id) => document.getElementById(id);

// An element with attributes (text: its text) and children.
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}

const state = {
  scenarios: [],
  scn: null,        // the scenario's levers, as the server gave them
  file: null,       // its name in the list
  cur: new Map(),   // lever key -> its current value (the page's copy)
  edits: {},        // edit key -> value, as the server takes them
  problems: {},     // edit key -> [messages]
  checkTimer: null,
  checkSeq: 0,
  checkOk: true,
  jobs: [],
  watch: new Set(), // job ids started here, to show when done
  shown: null,      // the job whose results are shown
  pollTimer: null,
};

async function api(method, path, body) {
  const opt = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(path, opt);
  } catch (e) {
    return { status: 0, ok: false, json: { error: 'the server does not answer: is uecsim serve still running?' } };
  }
  let json = null;
  try { json = await r.json(); } catch { json = null; }
  if (r.status === 401) fatal('The page has lost its access key. Open the link that uecsim serve printed again.');
  return { status: r.status, ok: r.ok, json: json || {} };
}

function fatal(msg) {
  const f = $('fatal');
  f.textContent = msg;
  f.hidden = false;
}

// --- numbers --------------------------------------------------------------

const nf = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 });
const fmt = (v) => (typeof v === 'number' ? nf.format(v) : String(v));

// What a planner typed, as the server should get it: a number, or the
// text itself (the loader then says what is wrong with it).
function parseTyped(text) {
  const t = String(text).trim().replace(/[,\s]/g, '');
  if (/^unlimited$/i.test(t)) return 'unlimited';
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?(\d+\.?\d*|\.\d+)%$/.test(t)) return Number(t.slice(0, -1)) / 100;
  return String(text).trim();
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const clone = (v) => JSON.parse(JSON.stringify(v));

// The schema table's words for a value, as a planner reads them.
function plainValid(text) {
  return text.replace(/`/g, '').replace(/"unlimited"/g, 'unlimited')
    .replace(/^integer \[(\d+), (\d+)\]/, (m, a, b) => `a whole number from ${fmt(Number(a))} to ${fmt(Number(b))}`)
    .replace(/^number \[([\d.]+), ([\d.]+)\]/, (m, a, b) => `a number from ${fmt(Number(a))} to ${fmt(Number(b))}`)
    .replace(/^probability \[0, 1\]/, 'a share from 0 to 1 (0.3 is 30 %)')
    .replace(/or 12 of them \(January first\)/, 'for each month');
}

function rangeText(schema) {
  if (!schema) return '';
  const parts = [];
  if (schema.valid) parts.push('allowed: ' + plainValid(schema.valid));
  if (schema.default && schema.default !== 'required') parts.push('if not given: ' + schema.default.replace(/`/g, '').replace(/"unlimited"/g, 'unlimited'));
  return parts.join('; ');
}

// --- scenarios ------------------------------------------------------------

async function loadScenarios(keep) {
  const r = await api('GET', '/api/scenarios');
  if (!r.ok) return fatal(r.json.error || 'cannot list the scenarios');
  state.scenarios = r.json.scenarios;
  const sel = $('scenario');
  const base = $('base');
  const prevBase = base.value;
  sel.replaceChildren();
  base.replaceChildren();
  for (const s of state.scenarios) {
    if (s.alias_of) continue;
    const label = s.problem ? `${s.title} (does not load)` : s.title;
    sel.append(el('option', { value: s.name, text: `${label}  [${s.name}]` }));
    base.append(el('option', { value: s.name, text: label }));
  }
  const alias = state.scenarios.find((s) => s.name === 'default' && s.alias_of);
  const first = keep || (alias && alias.alias_of) || (sel.options[0] && sel.options[0].value);
  if (first) sel.value = first;
  const noAction = state.scenarios.find((s) => !s.alias_of && /no-action/.test(s.name));
  base.value = prevBase || (noAction ? noAction.name : sel.value);
  if (!keep && sel.value) await loadScenario(sel.value);
}

async function loadScenario(name) {
  const r = await api('GET', '/api/scenario?name=' + encodeURIComponent(name));
  state.edits = {};
  state.problems = {};
  state.cur = new Map();
  if (!r.ok) {
    state.scn = null;
    $('levers').replaceChildren();
    showGeneral(r.json);
    return;
  }
  state.scn = r.json;
  state.file = name;
  const s = r.json;
  $('scenario-about').textContent = s.description;
  const win = s.periods.find((p) => p.name === 'winter');
  $('scenario-dates').textContent = `Simulates ${s.start} to ${s.end}` +
    (win ? `; the headline figures are for the winter, ${win.from} to ${win.to}.` : '; the headline figures are for the whole run.');
  renderLevers();
  showGeneral(null);
  updateButtons();
}

// --- levers ---------------------------------------------------------------

function leverInitial(l) {
  if (l.kind === 'capacity') return { value: l.value, steps: l.schedule ? clone(l.schedule.steps) : [] };
  return clone(l.value);
}

// Turn a lever's current value into edits (or none, when unchanged).
function setEdits(l) {
  const cur = state.cur.get(l.key);
  const changed = !same(cur, leverInitial(l));
  const keys = [l.key];
  if (l.kind === 'capacity' && l.schedule) keys.push(l.schedule.key);
  for (const k of keys) delete state.edits[k];
  if (changed) {
    if (l.kind === 'capacity') {
      state.edits[l.key] = cur.value;
      if (l.schedule) state.edits[l.schedule.key] = cur.steps.map((s) => ({ from: s.from, [l.schedule.field]: s.value }));
    } else if (l.kind === 'stay') {
      const d = { kind: l.dist.kind, mean_days: cur };
      if (l.dist.cv !== undefined) d.cv = l.dist.cv;
      state.edits[l.key] = d;
    } else {
      state.edits[l.key] = cur;
    }
  }
  const box = document.querySelector(`[data-lever="${CSS.escape(l.key)}"]`);
  if (box) box.classList.toggle('changed', changed);
  scheduleCheck();
}

// An input bound to part of a lever's value.
function numberInput(l, get, put, attrs = {}) {
  const orig = get(leverInitial(l));
  // A seed is a label, not a quantity: no thousands separators.
  const show = (v) => (l.key === 'seed' ? String(v) : fmt(v));
  const input = el('input', {
    type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
    value: show(get(state.cur.get(l.key))), 'data-key': attrs.key || l.key,
    'aria-label': attrs.label || l.label, class: 'num' + (attrs.wide ? ' wide' : ''),
    title: [l.schema && l.schema.meaning, rangeText(l.schema)].filter(Boolean).join('. '),
  });
  const was = el('span', { class: 'was' });
  const mark = () => {
    const v = get(state.cur.get(l.key));
    const changed = !same(v, orig);
    input.classList.toggle('changed', changed);
    was.textContent = changed ? `was ${show(orig)}` : '';
  };
  input.addEventListener('input', () => {
    const cur = state.cur.get(l.key);
    state.cur.set(l.key, put(cur, parseTyped(input.value)));
    mark();
    setEdits(l);
  });
  input.addEventListener('blur', () => {
    const v = get(state.cur.get(l.key));
    if (typeof v === 'number') input.value = show(v);
  });
  mark();
  return el('span', { class: 'field' }, input, was);
}

function problemBox(keys) {
  return el('div', { class: 'problem', 'data-problems': keys.join(' '), hidden: true, role: 'alert' });
}

function notesBlock(levers, title) {
  const items = [];
  for (const l of levers) {
    for (const n of [...(l.notes || []), ...(l.step_notes || [])]) {
      items.push(el('li', {}, el('strong', { text: `${l.label}: ` }),
        el('span', { text: `${n.kind === 'source' ? 'Source' : n.kind === 'assumption' ? 'Assumption' : 'Note'}: ${n.text} ` }),
        el('span', { class: 'file', text: `(${n.file.replace(/^.*\//, '')}${n.key !== l.key ? ', ' + n.key : ''})` })));
    }
  }
  if (!items.length) return null;
  return el('details', { class: 'notes' }, el('summary', { text: title || 'Where these numbers come from' }), el('ul', {}, items));
}

function schemaLine(levers) {
  const seen = new Set();
  const parts = [];
  for (const l of levers) {
    let t = l.schema && l.schema.meaning ? `${l.schema.meaning}${l.unit || l.schema.unit ? ' (' + (l.unit || l.schema.unit) + ')' : ''}; ${rangeText(l.schema)}` : '';
    if (l.kind === 'stay')
      t = `${l.schema.meaning}: the mean, in days; the spread of stays around it (a ${l.dist.kind} distribution${l.dist.cv !== undefined ? ', coefficient of variation ' + fmt(l.dist.cv) : ''}) is kept`;
    if (t && !seen.has(t)) { seen.add(t); parts.push(t); }
  }
  return parts.length ? el('p', { class: 'schema', text: parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('. ') + '.' }) : null;
}

// A capacity with its dated steps, as one table row.
function capacityRow(l, unit) {
  const field = l.schedule ? l.schedule.field : 'value';
  const steps = el('div', { class: 'steps' });
  const drawSteps = () => {
    steps.replaceChildren();
    const cur = state.cur.get(l.key);
    cur.steps.forEach((st, i) => {
      const date = el('input', { type: 'date', value: st.from, 'aria-label': `${l.label}: date of change ${i + 1}`, 'data-key': l.schedule.key });
      date.addEventListener('change', () => {
        const c = state.cur.get(l.key);
        c.steps[i].from = date.value;
        setEdits(l);
      });
      const remove = el('button', { type: 'button', class: 'icon', title: 'Remove this change', 'aria-label': `Remove change ${i + 1}`, text: '\u00d7' });
      remove.addEventListener('click', () => {
        state.cur.get(l.key).steps.splice(i, 1);
        setEdits(l);
        drawSteps();
      });
      steps.append(el('div', { class: 'step-row' }, el('span', { class: 'from', text: 'from' }), date,
        numberInput(l, (c) => (c.steps[i] ? c.steps[i].value : undefined), (c, v) => { c.steps[i].value = v; return c; },
          { key: l.schedule.key, label: `${l.label}: ${unit} from the date of change ${i + 1}` }),
        el('span', { class: 'unit', text: unit }), remove));
    });
    const add = el('button', { type: 'button', class: 'link', text: '+ add a dated change' });
    add.addEventListener('click', () => {
      const c = state.cur.get(l.key);
      const last = c.steps.length ? c.steps[c.steps.length - 1] : { from: state.scn.start, value: c.value };
      c.steps.push({ from: last.from, value: last.value });
      setEdits(l);
      drawSteps();
    });
    if (l.schedule) steps.append(add);
  };
  drawSteps();
  // "40 more on every date": the capacity and every step move together.
  const by = el('input', { type: 'text', inputmode: 'numeric', class: 'num small', placeholder: '+40', 'aria-label': `${l.label}: add on every date` });
  const apply = el('button', { type: 'button', text: 'Add' });
  apply.addEventListener('click', () => {
    const n = parseTyped(by.value);
    const c = state.cur.get(l.key);
    if (typeof n !== 'number' || !Number.isInteger(n)) { by.classList.add('bad'); return; }
    by.classList.remove('bad');
    if (typeof c.value === 'number') c.value += n;
    for (const st of c.steps) if (typeof st.value === 'number') st.value += n;
    by.value = '';
    setEdits(l);
    rerenderLever(l);
  });
  const row = el('tr', { 'data-lever': l.key },
    el('th', { scope: 'row', text: l.label }),
    el('td', {}, numberInput(l, (c) => c.value, (c, v) => { c.value = v; return c; }, { label: `${l.label}: ${unit} from the start` }), el('span', { class: 'unit', text: unit })),
    el('td', {}, steps),
    el('td', { class: 'shift' }, by, apply));
  const prob = el('tr', { class: 'problem-row' }, el('td', { colspan: 4 }, problemBox([l.key, ...(l.schedule ? [l.schedule.key] : [])])));
  return [row, prob];
}

function rerenderLever() {
  renderLevers();
  showProblems();
}

function capacityTable(levers, unit, firstCol) {
  const body = el('tbody');
  for (const l of levers) body.append(...capacityRow(l, unit));
  return el('table', { class: 'levers' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: firstCol }), el('th', { scope: 'col', text: 'From the start' }),
      el('th', { scope: 'col', text: 'Changes on dates' }), el('th', { scope: 'col', text: 'Add on every date' }))),
    body);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthsBlock(l) {
  const cells = MONTHS.map((m, i) => el('td', {}, numberInput(l, (c) => c[i], (c, v) => { c[i] = v; return c; }, { label: `${l.label}: starts in ${m}` })));
  return el('div', { class: 'lever-block', 'data-lever': l.key },
    el('h3', { text: l.label }),
    el('table', { class: 'months' },
      el('caption', { text: 'New starts each month (' + (l.schema && l.schema.unit ? l.schema.unit : 'a month') + ')' }),
      el('thead', {}, el('tr', {}, MONTHS.map((m) => el('th', { scope: 'col', text: m })))),
      el('tbody', {}, el('tr', {}, cells))),
    problemBox([l.key]));
}

// Sites down, cohorts across: lengths of stay or same-day shares.
function cohortTable(levers, unit) {
  const rows = new Map();
  for (const l of levers) {
    const site = l.label.replace(/, (under 65|65 and over)$/, '');
    if (!rows.has(site)) rows.set(site, []);
    rows.get(site).push(l);
  }
  const body = el('tbody');
  for (const [site, ls] of rows) {
    body.append(el('tr', {}, el('th', { scope: 'row', text: site }),
      ls.map((l) => {
        const hint = l.kind === 'share' ? el('span', { class: 'pct' }) : null;
        const upd = () => { if (hint) { const v = state.cur.get(l.key); hint.textContent = typeof v === 'number' ? `= ${nf.format(Math.round(v * 1000) / 10)} %` : ''; } };
        const cell = el('td', { 'data-lever': l.key },
          l.editable === false ? el('span', { text: `${fmt(l.value)} (a ${l.dist.kind} stay: change it in the file)` })
            : numberInput(l, (c) => c, (c, v) => v), el('span', { class: 'unit', text: unit }), hint, problemBox([l.key]));
        cell.addEventListener('input', upd);
        upd();
        return cell;
      })));
  }
  return el('table', { class: 'levers' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Site' }), el('th', { scope: 'col', text: 'Under 65' }), el('th', { scope: 'col', text: '65 and over' }))),
    body);
}

function switchBlock(l) {
  const box = el('input', { type: 'checkbox', id: 'lever-' + l.key, 'data-key': l.key });
  box.checked = !!state.cur.get(l.key);
  box.addEventListener('change', () => { state.cur.set(l.key, box.checked); setEdits(l); });
  return el('div', { class: 'lever-block', 'data-lever': l.key },
    el('label', { class: 'switch', for: 'lever-' + l.key }, box, ` ${l.label}`), problemBox([l.key]));
}

function countBlock(levers) {
  return el('div', { class: 'counts' }, levers.map((l) => el('div', { class: 'lever-block', 'data-lever': l.key },
    el('label', { text: l.label }), numberInput(l, (c) => c, (c, v) => v, { wide: true }),
    el('span', { class: 'range', text: rangeText(l.schema) }), problemBox([l.key]))));
}

function renderLevers() {
  const root = $('levers');
  root.replaceChildren();
  if (!state.scn) return;
  for (const g of state.scn.groups) {
    for (const l of g.levers) if (!state.cur.has(l.key)) state.cur.set(l.key, leverInitial(l));
    const fs = el('fieldset', { class: 'group', id: 'group-' + g.id }, el('legend', { text: g.title }), el('p', { class: 'about', text: g.about }));
    if (g.id === 'beds') fs.append(capacityTable(g.levers, 'beds', 'Site'));
    else if (g.id === 'vw') fs.append(capacityTable(g.levers, 'places', ''));
    else if (g.id === 'pathways') {
      for (const l of g.levers) if (l.kind === 'months') fs.append(monthsBlock(l));
      const places = g.levers.filter((l) => l.kind === 'capacity');
      if (places.length) fs.append(capacityTable(places, 'places', 'Pathway'));
    } else if (g.id === 'los') fs.append(cohortTable(g.levers, 'days'));
    else if (g.id === 'sdec') fs.append(cohortTable(g.levers, ''));
    else if (g.id === 'escalation') for (const l of g.levers) fs.append(switchBlock(l));
    else fs.append(countBlock(g.levers));
    const line = g.id === 'run' ? null : schemaLine(g.levers);
    if (line) fs.append(line);
    const notes = notesBlock(g.levers);
    if (notes) fs.append(notes);
    root.append(fs);
  }
}

// --- checking -------------------------------------------------------------

function scheduleCheck() {
  clearTimeout(state.checkTimer);
  $('undo-all').disabled = Object.keys(state.edits).length === 0;
  state.checkTimer = setTimeout(check, 350);
  updateButtons();
}

async function check() {
  if (!state.scn) return;
  const seq = ++state.checkSeq;
  const r = await api('POST', '/api/check', { scenario: $('scenario').value, edits: state.edits });
  if (seq !== state.checkSeq) return; // a later check is on its way
  applyProblems(r);
}

function applyProblems(r) {
  state.problems = {};
  const general = [];
  if (r.status === 422) {
    for (const p of r.json.problems || []) {
      const text = p.message + (p.path ? `  (${p.path})` : '');
      if (p.key) (state.problems[p.key] = state.problems[p.key] || []).push(text);
      else general.push((p.file ? p.file + ': ' : '') + text);
    }
    if (r.json.more) general.push(`and ${r.json.more} more`);
  } else if (!r.ok) {
    general.push(r.json.error || `the server answered ${r.status}`);
  }
  state.checkOk = r.ok;
  showProblems();
  showGeneral(general.length ? { error: general.join('\n') } : null);
  updateButtons();
}

function showProblems() {
  for (const box of document.querySelectorAll('[data-problems]')) {
    const msgs = box.dataset.problems.split(' ').flatMap((k) => state.problems[k] || []);
    box.textContent = msgs.join('\n');
    box.hidden = msgs.length === 0;
    const row = box.closest('.problem-row');
    if (row) row.hidden = msgs.length === 0;
  }
}

function showGeneral(j) {
  const p = $('general-problems');
  p.textContent = j && j.error ? j.error : '';
  p.hidden = !(j && j.error);
}

function updateButtons() {
  const ok = !!state.scn && state.checkOk;
  $('run').disabled = !ok;
  $('compare').disabled = !ok || !$('base').value;
  $('save').disabled = !ok;
}

// --- runs -----------------------------------------------------------------

async function startRun(compare) {
  const body = { scenario: $('scenario').value, edits: state.edits };
  if (compare) body.base = $('base').value;
  $('run-problem').hidden = true;
  const r = await api('POST', '/api/runs', body);
  if (r.status === 422) {
    applyProblems(r);
    $('run-problem').textContent = 'The scenario has a problem: see the shaded fields above.';
    $('run-problem').hidden = false;
    return;
  }
  if (!r.ok) {
    $('run-problem').textContent = r.json.error || `the server answered ${r.status}`;
    $('run-problem').hidden = false;
    return;
  }
  state.watch.add(r.json.id);
  poll();
}

const STATE_WORDS = {
  queued: 'waiting for its turn', running: 'running', writing: 'writing the results and charts',
  done: 'finished', failed: 'failed', cancelled: 'cancelled',
};

function jobLine(j) {
  const what = j.kind === 'compare' ? `${j.title} against ${j.base_title}` : j.title;
  const edited = j.edits ? ` (with ${j.edits} change${j.edits === 1 ? '' : 's'})` : '';
  const li = el('li', { class: 'job ' + j.state, 'data-job': j.id });
  li.append(el('span', { class: 'job-what', text: what + edited }));
  let words = STATE_WORDS[j.state];
  if (j.state === 'queued' && j.ahead) words += ` (${j.ahead} ahead)`;
  li.append(el('span', { class: 'job-state', text: words }));
  if (j.state === 'running' || j.state === 'queued' || j.state === 'writing') {
    li.append(el('progress', { max: j.total || 1, value: j.state === 'writing' ? j.total : j.done, 'aria-label': 'progress' }),
      el('span', { class: 'job-count', text: j.state === 'writing' ? 'almost done' : `${j.done} of ${j.total} replications` }));
  }
  if (j.state === 'running' || j.state === 'queued') {
    li.append(el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: () => cancelJob(j.id) }));
  }
  if (j.state === 'done') li.append(el('button', { type: 'button', text: 'Show', onclick: () => showJob(j.id) }));
  if (j.message && j.state !== 'done') li.append(el('span', { class: 'job-message', text: j.message }));
  return li;
}

async function cancelJob(id) {
  const r = await api('POST', `/api/runs/${id}/cancel`);
  if (!r.ok) {
    $('run-problem').textContent = r.json.error || 'cannot cancel';
    $('run-problem').hidden = false;
  }
  poll();
}

async function poll() {
  clearTimeout(state.pollTimer);
  const r = await api('GET', '/api/runs');
  if (!r.ok) return;
  state.jobs = r.json.runs;
  $('jobs').replaceChildren(...state.jobs.slice(0, 8).map(jobLine));
  const active = state.jobs.filter((j) => ['queued', 'running', 'writing'].includes(j.state));
  const pill = $('queue-pill');
  pill.textContent = active.length ? `${active.filter((j) => j.state !== 'queued').length} running, ${active.filter((j) => j.state === 'queued').length} waiting` : 'Ready';
  pill.classList.toggle('busy', active.length > 0);
  for (const j of state.jobs) {
    if (state.watch.has(j.id) && ['done', 'failed', 'cancelled'].includes(j.state)) {
      state.watch.delete(j.id);
      if (j.state === 'done') { await showJob(j.id); loadEarlier(); }
    }
  }
  if (active.length) state.pollTimer = setTimeout(poll, 700);
}

// --- results --------------------------------------------------------------

async function showJob(id) {
  const r = await api('GET', `/api/runs/${id}`);
  if (!r.ok || !r.json.result) return;
  state.shown = id;
  const res = r.json.result;
  await showResult(res.folder, res);
}

function headlineTable(res) {
  const head = $('headline-head');
  const body = $('headline-body');
  if (res.kind === 'compare') {
    head.replaceChildren(el('tr', {}, el('th', { scope: 'col', text: 'Measure' }), el('th', { scope: 'col', text: res.base_title }),
      el('th', { scope: 'col', text: res.title }), el('th', { scope: 'col', text: 'Difference (95 % interval)' }),
      el('th', { scope: 'col', text: 'Large enough to matter?' })));
    body.replaceChildren(...res.rows.map((row) => el('tr', { 'data-kpi': row.kpi }, el('th', { scope: 'row', text: row.label }),
      el('td', { text: row.base_value_ci }), el('td', { text: row.value_ci }), el('td', { class: 'diff', text: row.diff_ci }),
      el('td', { class: 'verdict v-' + row.matters.replace(/\s+/g, '-'), text: row.matters, title: `the smallest difference worth a board's attention: ${row.mid}` }))));
    $('headline-note').textContent = 'Differences are the changed scenario minus the base, replication by replication. ' +
      '"Yes": the whole 95 % interval lies beyond the smallest difference worth a board\'s attention; "probably": the average does; ' +
      '"no": the whole interval lies inside it; "unclear": more replications would settle it.';
  } else {
    head.replaceChildren(el('tr', {}, el('th', { scope: 'col', text: 'Measure' }), el('th', { scope: 'col', text: 'Modelled (95 % interval)' }),
      el('th', { scope: 'col', text: 'National standard' }), el('th', { scope: 'col', text: 'Meets it?' })));
    body.replaceChildren(...res.rows.map((row) => el('tr', { 'data-kpi': row.kpi, 'data-mean': row.mean }, el('th', { scope: 'row', text: row.label }),
      el('td', { text: row.value_ci }), el('td', { text: row.standard ? row.standard.text : '' }),
      el('td', { class: row.standard && row.standard.judged ? 'verdict v-' + row.standard.judged.replace(/\s+/g, '-') : '', text: row.standard ? row.standard.judged || '' : '' }))));
    $('headline-note').textContent = 'Mean over the replications, with its 95 % confidence interval. "Unclear": the interval reaches both sides of the standard.';
  }
  $('headline-caption').textContent = `Headline figures, ${res.period}`;
}

// A change ("key=json") in a planner's words when the scenario on show
// has that lever: "G&A beds, Addenbrooke's Hospital (CUH): 1,070";
// otherwise as the key and value (the JSON path a modeller knows).
function describeChange(text) {
  const eq = text.indexOf('=');
  const key = text.slice(0, eq);
  let value;
  try { value = JSON.parse(text.slice(eq + 1)); } catch (e) { value = text.slice(eq + 1); }
  const plain = (v) => typeof v === 'number' ? v.toLocaleString('en-GB') : typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v);
  for (const g of (state.scn && state.scn.groups) || []) {
    for (const l of g.levers || []) {
      const name = l.label && l.label !== g.title ? `${g.title}, ${l.label}` : g.title;
      if (l.key === key) {
        return `${name}: ${Array.isArray(value) ? value.map(plain).join(', ') : plain(value)}`;
      }
      if (l.schedule && l.schedule.key === key && Array.isArray(value)) {
        const steps = value.map((st) => `from ${st.from}: ${plain(st[l.schedule.field])}`);
        return `${name}, changes on dates: ${steps.length ? steps.join(', ') : 'none'}`;
      }
    }
  }
  return text;
}

async function showResult(folder, res) {
  const r = await api('GET', `/api/results/${encodeURIComponent(folder)}`);
  if (!r.ok) return;
  const info = r.json;
  $('results-section').hidden = false;
  const changes = res && res.changes && res.changes.length ? `, with ${res.changes.length} change${res.changes.length === 1 ? '' : 's'}` : '';
  $('result-title').textContent = res ? (res.kind === 'compare' ? `${res.title}${changes}, against ${res.base_title}` : res.title + changes) : info.title;
  $('result-changes').textContent = changes ? 'Changes: ' + res.changes.map(describeChange).join('; ') : '';
  $('result-changes').title = changes ? res.changes.join('\n') : '';
  $('result-changes').hidden = !changes;
  $('result-period').textContent = res ? `${res.replications} replications, seed ${res.seed}; results folder ${folder}` : `results folder ${folder}`;
  const base = `/api/results/${encodeURIComponent(folder)}`;
  $('downloads').replaceChildren(
    info.report ? el('a', { class: 'button', href: `${base}/report.html`, target: '_blank', rel: 'noopener', text: 'Open the board report' }) : null,
    info.report ? el('a', { class: 'button', href: `${base}/report.html?download=1`, download: `${folder}-report.html`, text: 'Download the board report' }) : null,
    el('a', { class: 'button', href: `${base}/results.tar`, download: `${folder}.tar`, text: 'Download all results (.tar)' }));
  const table = $('headline');
  table.hidden = !res;
  $('headline-note').hidden = !res;
  if (res) headlineTable(res);
  $('charts').replaceChildren(...info.charts.map((c) => el('figure', {},
    el('a', { href: `${base}/plots/${encodeURIComponent(c.file)}`, target: '_blank', rel: 'noopener' },
      el('img', { src: `${base}/plots/${encodeURIComponent(c.file)}`, alt: c.title })),
    el('figcaption', { text: c.title }))));
  $('results-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

async function loadEarlier() {
  const r = await api('GET', '/api/results');
  if (!r.ok) return;
  const kinds = { run: 'run', compare: 'comparison', sweep: 'sweep', size: 'size search', result: 'result' };
  $('earlier').replaceChildren(...r.json.results.map((x) => {
    const base = `/api/results/${encodeURIComponent(x.name)}`;
    return el('tr', {}, el('td', { text: x.written || '' }), el('td', {}, el('span', { text: x.title }), el('br'), el('code', { text: x.name })),
      el('td', { text: kinds[x.kind] || x.kind }),
      el('td', { class: 'files' },
        x.report ? el('a', { href: `${base}/report.html`, target: '_blank', rel: 'noopener', text: 'board report' }) : null,
        x.report ? ' \u00b7 ' : null,
        el('a', { href: `${base}/results.tar`, download: `${x.name}.tar`, text: 'all files (.tar)' }),
        ' \u00b7 ',
        el('button', { type: 'button', class: 'link', text: 'charts', onclick: () => showResult(x.name, null) })));
  }));
}

// --- saving ---------------------------------------------------------------

async function save() {
  const msg = $('save-message');
  const name = $('save-name').value.trim();
  msg.className = '';
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(name)) {
    msg.className = 'problem';
    msg.textContent = 'Give the file a name: letters, digits, dots, dashes and underscores, starting with a letter or digit.';
    return;
  }
  const r = await api('POST', '/api/save', { scenario: $('scenario').value, edits: state.edits, name, title: $('save-title').value.trim() });
  if (r.status === 422) {
    applyProblems(r);
    msg.className = 'problem';
    msg.textContent = 'Not saved: the scenario has a problem (see the fields above).';
    return;
  }
  if (!r.ok) {
    msg.className = 'problem';
    msg.textContent = 'Not saved: ' + (r.json.error || r.status);
    return;
  }
  msg.textContent = `Saved as ${r.json.file} in the scenarios folder. It is now in the list of scenarios.`;
  await loadScenarios($('scenario').value);
}

// --- start ----------------------------------------------------------------

async function start() {
  const info = await api('GET', '/api/info');
  if (info.ok) {
    $('version').textContent = info.json.version;
    $('scn-dir').textContent = info.json.scenarios;
    $('res-dir').textContent = info.json.results;
  }
  $('scenario').addEventListener('change', async (e) => {
    if (Object.keys(state.edits).length && !window.confirm('Choose another scenario and drop your changes?')) {
      e.target.value = state.file;
      return;
    }
    await loadScenario(e.target.value);
  });
  $('base').addEventListener('change', updateButtons);
  $('undo-all').addEventListener('click', () => {
    state.cur = new Map();
    state.edits = {};
    renderLevers();
    scheduleCheck();
  });
  $('run').addEventListener('click', () => startRun(false));
  $('compare').addEventListener('click', () => startRun(true));
  $('save').addEventListener('click', save);
  await loadScenarios(null);
  await loadEarlier();
  await poll();
}

start();
