// The workbench of `uecsim serve` in headless Chromium, used as a
// planner would: open the printed link, choose a scenario, run it, take
// 50 G&A beds off one site on every date, run again and see the headline
// table change, type a wrong number and see the problem beside it,
// compare with a no-action scenario, save the changes as a new scenario,
// and fetch the board report and the results folder as the download
// links do.  Screenshots of each step go to OUT_DIR for a person to look at.
//
// Usage: node check_serve.mjs CHROMIUM URL OUT_DIR PLAN BASE SITE
//   URL: the link serve printed; PLAN, BASE: scenario names in its
//   folder; SITE: the site whose beds are changed.
// Prints "PASS name" or "FAIL name: why" per check; exit 0 when all
// passed, 1 otherwise.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { inkShare, launch, openTab } from './cdp.mjs';

const [chromium, url, outDir, plan, base, site] = process.argv.slice(2);
if (!site) {
  console.error('usage: node check_serve.mjs CHROMIUM URL OUT_DIR PLAN BASE SITE');
  process.exit(2);
}
let failed = 0;
const check = (name, ok, why = '') => {
  if (ok) console.log(`PASS ${name}`);
  else { failed++; console.log(`FAIL ${name}${why ? ': ' + why : ''}`); }
};

const b = launch(chromium);
const origin = new URL(url).origin;
let session;

async function evaluate(expr) {
  const r = await b.send('Runtime.evaluate', { expression: expr, returnByValue: true, awaitPromise: true }, session);
  if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text}`);
  return r.result.value;
}

// Wait until expr is truthy in the page (polled), or fail after ms.
async function waitFor(expr, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await evaluate(expr);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 150));
  }
}

// Type text into the element sel as a person would: focus, select, type.
async function type(sel, text) {
  await evaluate(`(() => { const e = document.querySelector(${JSON.stringify(sel)}); e.scrollIntoView({block: 'center'}); e.focus(); e.select(); })()`);
  await b.send('Input.insertText', { text }, session);
}

async function click(sel) {
  await evaluate(`document.querySelector(${JSON.stringify(sel)}).click()`);
}

// A screenshot of element sel (the whole element, scrolled or not).
async function shot(name, sel) {
  const clip = await evaluate(`(() => { const r = document.querySelector(${JSON.stringify(sel)}).getBoundingClientRect();
    return { x: Math.max(0, r.left + scrollX - 8), y: Math.max(0, r.top + scrollY - 8), width: r.width + 16, height: Math.min(r.height + 16, 6000), scale: 1 }; })()`);
  const png = Buffer.from((await b.send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: true }, session)).data, 'base64');
  writeFileSync(join(outDir, `serve-${name}.png`), png);
  check(`the screenshot ${name} is not blank`, inkShare(png) > 0.01, `ink ${inkShare(png).toFixed(4)}`);
}

const headline = () => evaluate(`[...document.querySelectorAll('#headline-body tr')].map((tr) => [tr.dataset.kpi, Number(tr.dataset.mean), tr.children[1].textContent])`);
const folder = () => evaluate(`document.getElementById('result-period').textContent`);

// Run (or compare) and wait for a new result to be shown.
async function runAndWait(button, ms) {
  const before = await folder();
  await click(button);
  await waitFor(`document.querySelector('#jobs li') !== null`, 5000, 'the run in the queue');
  return waitFor(`!document.getElementById('results-section').hidden && document.getElementById('result-period').textContent !== ${JSON.stringify(before)} && document.querySelectorAll('#headline-body tr').length > 0`, ms, 'the results');
}

let errors = [];
let requests = [];

async function main() {
  ({ sessionId: session, errors, requests } = await openTab(b));

  // The printed link: the token becomes a cookie and leaves the address.
  const loaded = b.once('Page.loadEventFired', session);
  const nav = await b.send('Page.navigate', { url }, session);
  check('the printed link opens the page', !nav.errorText, nav.errorText);
  await loaded;
  await waitFor(`document.querySelectorAll('#scenario option').length > 0 && document.querySelector('#levers fieldset') !== null`, 15000, 'the scenarios and levers');
  const here = await evaluate('location.href');
  check('the token is not left in the address bar', here === `${origin}/`, here);
  check('the page title says what it is', /planning workbench/.test(await evaluate('document.title')));

  // Choose the plan.
  await evaluate(`(() => { const s = document.getElementById('scenario'); s.value = ${JSON.stringify(plan)}; s.dispatchEvent(new Event('change')); })()`);
  const bedsKey = `sites[${site}].beds.ga.capacity`;
  const bedsSel = `input[data-key="${bedsKey}"]`;
  await waitFor(`document.querySelector(${JSON.stringify(bedsSel)}) !== null`, 10000, 'the G&A beds of the site');
  const groups = await evaluate(`[...document.querySelectorAll('#levers legend')].map((l) => l.textContent)`);
  check('the levers are shown by group', ['G&A beds', 'Virtual wards', 'Length of stay', 'Run settings'].every((g) => groups.includes(g)), groups.join(', '));
  const units = await evaluate(`document.getElementById('group-beds').textContent`);
  check('the G&A beds show their unit, range and source', /beds/.test(units) && /allowed: a whole number from 0 to 1,000,000/.test(units) && /Where these numbers come from/.test(units), units.slice(0, 200));
  await shot('1-levers', 'main');

  // Run it as it is.
  await runAndWait('#run', 60000);
  const first = await headline();
  check('a run shows the headline table', first.length >= 5 && first.every((r) => r[2].length > 0), JSON.stringify(first).slice(0, 200));
  const charts = await evaluate(`document.querySelectorAll('#charts img').length`);
  check('a run shows its charts', charts >= 6, `${charts} charts`);
  await waitFor(`[...document.querySelectorAll('#charts img')].every((i) => i.complete && i.naturalWidth > 100)`, 10000, 'the charts to load');
  await shot('2-results', '#results-section');

  // 50 beds fewer at the site, on every date.
  const beds0 = await evaluate(`document.querySelector(${JSON.stringify(bedsSel)}).value`);
  await type(`tr[data-lever="${bedsKey}"] td.shift input`, '-50');
  await click(`tr[data-lever="${bedsKey}"] td.shift button`);
  const beds1 = await evaluate(`document.querySelector(${JSON.stringify(bedsSel)}).value`);
  check('"add on every date" moves the beds', Number(beds1.replace(/,/g, '')) === Number(beds0.replace(/,/g, '')) - 50, `${beds0} -> ${beds1}`);
  check('the changed beds are marked', await evaluate(`document.querySelector(${JSON.stringify(bedsSel)}).classList.contains('changed')`));
  await waitFor(`!document.getElementById('run').disabled`, 5000, 'the change to be checked');
  await runAndWait('#run', 60000);
  const second = await headline();
  const occ = (h) => (h.find((r) => r[0] === 'ga_occupancy') || [])[1];
  check('the headline table changes with the beds (G&A occupancy up)', occ(second) > occ(first), `${occ(first)} -> ${occ(second)}`);
  const said = await evaluate(`document.getElementById('result-changes').textContent`);
  check('the changes are said in words, not keys', /^Changes: G&A beds, .+: [0-9,]+; G&A beds, .+, changes on dates: /.test(said) && !/sites\[/.test(said), said);
  const jobs = await evaluate(`document.getElementById('jobs').textContent`);
  check('the queue lists both runs', /with 2 changes/.test(jobs) && /finished/.test(jobs), jobs.slice(0, 200));

  // A wrong number: the loader's message beside the field, with its path.
  await type(bedsSel, '-5');
  const msg = await waitFor(`(() => { const b = document.querySelector('[data-problems~="${bedsKey}"]'); return b && !b.hidden && b.textContent; })()`, 5000, 'the problem beside the field');
  check('a wrong value is explained beside its field, with its JSON path', /expected a non-negative integer/.test(msg) && /\$\.sites\[\d\]\.beds\.ga\.capacity/.test(msg), msg);
  check('a scenario with a problem cannot be run', await evaluate(`document.getElementById('run').disabled`));
  await shot('3-problem', '#group-beds');
  await type(bedsSel, String(Number(beds1.replace(/,/g, ''))));
  await waitFor(`!document.getElementById('run').disabled`, 5000, 'the problem to clear');

  // Compare with no action.
  await evaluate(`(() => { const s = document.getElementById('base'); s.value = ${JSON.stringify(base)}; s.dispatchEvent(new Event('change')); })()`);
  await runAndWait('#compare', 90000);
  await waitFor(`[...document.querySelectorAll('#charts img')].every((i) => i.complete && i.naturalWidth > 100)`, 10000, 'the charts to load');
  const heads = await evaluate(`[...document.querySelectorAll('#headline-head th')].map((t) => t.textContent)`);
  check('a comparison shows both scenarios, the difference and whether it matters', heads.length === 5 && /Difference/.test(heads[3]) && /matter/.test(heads[4]), heads.join(' | '));
  const verdicts = await evaluate(`[...document.querySelectorAll('#headline-body td.verdict')].map((t) => t.textContent)`);
  check('each difference says whether it matters', verdicts.length >= 5 && verdicts.every((v) => ['yes', 'probably', 'no', 'unclear', 'no MID set', 'undefined'].includes(v)), verdicts.join(','));
  await shot('4-compare', '#results-section');

  // The downloads, fetched as their links would.
  const links = await evaluate(`[...document.querySelectorAll('#downloads a')].map((a) => a.getAttribute('href'))`);
  const tarLink = links.find((h) => /results\.tar$/.test(h));
  const reportLink = links.find((h) => /report\.html\?download=1$/.test(h));
  check('the results offer the board report and the folder', !!tarLink && !!reportLink, links.join(' '));
  if (tarLink) {
    const t = await evaluate(`fetch(${JSON.stringify(tarLink)}).then(async (r) => { const b = new Uint8Array(await r.arrayBuffer()); return [r.status, b.length, String.fromCharCode(...b.slice(257, 262)), r.headers.get('content-disposition')]; })`);
    check('the folder downloads as a tar', t[0] === 200 && t[1] > 4096 && t[2] === 'ustar' && /attachment/.test(t[3]), JSON.stringify(t));
  }
  if (reportLink) {
    const r = await evaluate(`fetch(${JSON.stringify(reportLink)}).then(async (r) => [r.status, (await r.text()).slice(0, 2000), r.headers.get('content-disposition')])`);
    check('the board pack downloads as report.html', r[0] === 200 && /<title>uecsim report: /.test(r[1]) && /attachment/.test(r[2]), `${r[0]} ${r[2]}`);
  }

  // Save the changes as a new scenario.
  await type('#save-name', 'e2e-saved-plan');
  await type('#save-title', 'Test plan with 50 fewer beds');
  await click('#save');
  const saved = await waitFor(`(() => { const m = document.getElementById('save-message').textContent; return m.length > 0 && m; })()`, 10000, 'the save message');
  check('the edited scenario is saved as a new file', /Saved as e2e-saved-plan\.json/.test(saved), saved);
  check('the saved scenario is in the list', await waitFor(`[...document.querySelectorAll('#scenario option')].some((o) => o.value === 'e2e-saved-plan')`, 5000, 'the list'));
  await click('#save');
  const again = await waitFor(`(() => { const m = document.getElementById('save-message'); return m.className === 'problem' && m.textContent; })()`, 10000, 'the refusal');
  check('saving over an existing name is refused', /exists/.test(again), again);
  await shot('5-page', 'body');

  // The steps above provoke a 422 (a wrong value) and a 409 (a name
  // taken) on purpose; Chromium logs each answer as a failed load.
  const unexpected = errors.filter((e) => !/responded with a status of (422|409)/.test(e));
  check('no console errors or warnings but the refusals provoked', unexpected.length === 0, unexpected.slice(0, 3).join(' | '));
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && u !== 'about:blank');
  check('nothing fetched from anywhere but the server', foreign.length === 0, foreign.slice(0, 3).join(' '));
}

const timer = setTimeout(() => {
  console.log('FAIL the browser checks finished within 240 s');
  b.child.kill('SIGKILL');
  process.exit(1);
}, 240000);
b.child.on('error', (e) => { console.log(`FAIL Chromium starts: ${e.message}`); process.exit(2); });
main().catch((e) => {
  failed++;
  console.log(`FAIL driving the page: ${e.message}`);
  if (errors.length) console.log(`     errors in the page: ${errors.slice(0, 3).join(' | ')}`);
  const err = b.stderr();
  if (err) console.log(err.split('\n').slice(-5).join('\n'));
}).finally(() => {
  clearTimeout(timer);
  b.finish(failed ? 1 : 0);
});
