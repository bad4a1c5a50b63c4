// Render a uecsim board report in headless Chromium and check it as a
// reader's browser shows it.  No dependencies: Chromium's own DevTools
// protocol over --remote-debugging-pipe (file descriptors 3 and 4,
// messages ending in NUL), and Node's zlib to read the screenshots.
//
// Usage: node check_report.mjs CHROMIUM REPORT_HTML OUT_DIR EXPECT_JSON
//   EXPECT_JSON: {"charts": N, "headline": ["ED attendances", ...]}
// Prints one line per check, "PASS name" or "FAIL name: why", and writes
// OUT_DIR/screen-top.png and OUT_DIR/screen-chart.png.  Exit status 0
// when every check passed, 1 otherwise, 2 when Chromium could not be
// driven at all.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { inkShare, launch, openTab } from './cdp.mjs';

// `node check_report.mjs --ink FILE.png`: the share of the image that is
// not white (a page printed from the PDF), for the shell to judge.
if (process.argv[2] === '--ink') {
  const { readFileSync } = await import('node:fs');
  console.log(inkShare(readFileSync(process.argv[3])).toFixed(4));
  process.exit(0);
}

const [chromium, reportPath, outDir, expectJson] = process.argv.slice(2);
if (!expectJson) {
  console.error('usage: node check_report.mjs CHROMIUM REPORT_HTML OUT_DIR EXPECT_JSON');
  process.exit(2);
}
const expect = JSON.parse(expectJson);
let failed = 0;
const check = (name, ok, why = '') => {
  if (ok) console.log(`PASS ${name}`);
  else { failed++; console.log(`FAIL ${name}${why ? ': ' + why : ''}`); }
};

// --- the browser (tests/browser/cdp.mjs) ----------------------------------

const browser = launch(chromium);
const { send, once, child } = browser;

// --- what the page must be ----------------------------------------------

// Runs in the page: the facts the checks below judge.
const inspect = () => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const rgbOf = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgbOf(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let worst = { ratio: 99, text: '' };
  for (const el of document.querySelectorAll('h1,h2,h3,p,li,th,td,dt,dd,figcaption,small,span,code,a,caption')) {
    if (!el.textContent.trim()) continue;
    const fg = luminance(rgbOf(getComputedStyle(el).color).slice(0, 3));
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: el.textContent.trim().slice(0, 40) };
  }
  const charts = [...document.querySelectorAll('figure')].map((f) => {
    const svg = f.querySelector('svg');
    const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const cs = svg ? getComputedStyle(svg) : null;
    const label = svg && svg.getAttribute('aria-labelledby');
    const title = label ? document.getElementById(label) : null;
    return {
      id: f.id,
      svg: !!svg,
      role: svg ? svg.getAttribute('role') : null,
      alt: title ? title.textContent.trim() : '',
      visible: !!svg && r.width > 300 && r.height > 150 && cs.display !== 'none' &&
        cs.visibility === 'visible' && Number(cs.opacity) > 0.9,
      paths: svg ? svg.querySelectorAll('path').length : 0,
      caption: (f.querySelector('figcaption') || { textContent: '' }).textContent.trim(),
      height: r.height,
    };
  });
  const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
  const tables = [...document.querySelectorAll('table')].map((t) => ({
    id: t.id,
    ths: t.querySelectorAll('th').length,
    noScope: [...t.querySelectorAll('th')].filter((th) => !['col', 'row'].includes(th.getAttribute('scope'))).length,
  }));
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  return {
    title: document.title,
    lang: document.documentElement.lang,
    scripts: document.scripts.length,
    external: [...document.querySelectorAll('[src],link[href]')].length,
    headline: [...document.querySelectorAll('#headline-table tbody th')].map((th) => th.textContent.trim()),
    charts, levels, tables,
    duplicateIds: ids.length - new Set(ids).size,
    contrast: worst,
    sections: [...document.querySelectorAll('main > section')].map((s) => s.id),
  };
};

async function main() {
  const { sessionId, errors, requests } = await openTab(browser);
  const url = pathToFileURL(resolve(reportPath)).href;
  const loaded = once('Page.loadEventFired', sessionId);
  const nav = await send('Page.navigate', { url }, sessionId);
  check('the page loads', !nav.errorText, nav.errorText);
  await loaded;
  const { result } = await send('Runtime.evaluate',
    { expression: `(${inspect.toString()})()`, returnByValue: true }, sessionId);
  const page = result.value;

  check('no console errors or warnings', errors.length === 0, errors.slice(0, 3).join(' | '));
  check('nothing fetched but the page itself', requests.every((u) => u === url),
    requests.filter((u) => u !== url).slice(0, 3).join(' '));
  check('no script', page.scripts === 0, `${page.scripts} scripts`);
  check('nothing loaded from elsewhere (src or link)', page.external === 0, `${page.external}`);
  check('the title names the report', /^uecsim report: /.test(page.title), page.title);
  check('the language is set', page.lang === 'en-GB', page.lang);
  check(`every chart is present (${expect.charts})`, page.charts.length === expect.charts,
    `${page.charts.length} figures`);
  const bad = page.charts.filter((c) => !c.svg || !c.visible || c.paths < 5);
  check('every chart is visible and drawn', page.charts.length > 0 && bad.length === 0,
    bad.map((c) => `${c.id} visible=${c.visible} paths=${c.paths}`).join(', '));
  const noAlt = page.charts.filter((c) => c.role !== 'img' || c.alt.length < 30);
  check('every chart has role img and alt text', noAlt.length === 0, noAlt.map((c) => c.id).join(', '));
  const noCap = page.charts.filter((c) => !/^Figure \d+\. .{40,}\.$/.test(c.caption));
  check('every chart has a caption sentence', noCap.length === 0, noCap.map((c) => c.id).join(', '));
  check('the headline table has the expected rows',
    JSON.stringify(page.headline) === JSON.stringify(expect.headline),
    `got ${JSON.stringify(page.headline)}`);
  const skips = page.levels.filter((l, i) => (i === 0 ? l !== 1 : l > page.levels[i - 1] + 1));
  check('headings start at h1 and skip no level', page.levels.length > 3 && skips.length === 0,
    page.levels.join(' '));
  const badTables = page.tables.filter((t) => t.ths === 0 || t.noScope > 0);
  check('every table has header cells with a scope', page.tables.length > 0 && badTables.length === 0,
    badTables.map((t) => t.id || '?').join(', '));
  check('no id twice (inlined charts do not clash)', page.duplicateIds === 0, `${page.duplicateIds}`);
  check('text contrast at least 4.5:1 (WCAG AA)', page.contrast.ratio >= 4.5,
    `${page.contrast.ratio.toFixed(2)} on "${page.contrast.text}"`);
  for (const s of expect.sections || [])
    check(`section ${s} is there`, page.sections.includes(s), page.sections.join(' '));

  const top = Buffer.from((await send('Page.captureScreenshot', { format: 'png' }, sessionId)).data, 'base64');
  writeFileSync(join(outDir, 'screen-top.png'), top);
  check('the screenshot of the top is not blank', inkShare(top) > 0.02, `ink ${inkShare(top).toFixed(4)}`);
  await send('Runtime.evaluate', { expression: 'document.querySelector("figure").scrollIntoView()' }, sessionId);
  const fig = Buffer.from((await send('Page.captureScreenshot', { format: 'png' }, sessionId)).data, 'base64');
  writeFileSync(join(outDir, 'screen-chart.png'), fig);
  check('the screenshot of the first chart is not blank', inkShare(fig) > 0.02, `ink ${inkShare(fig).toFixed(4)}`);

  // In print, each chart must fit on an A4 page (less the margins) so
  // that the print stylesheet can keep it whole.
  await send('Emulation.setEmulatedMedia', { media: 'print' }, sessionId);
  const printed = (await send('Runtime.evaluate',
    { expression: `(${inspect.toString()})()`, returnByValue: true }, sessionId)).result.value;
  const tall = printed.charts.filter((c) => !(c.height > 100 && c.height < 1000));
  check('in print every chart fits on an A4 page', printed.charts.length > 0 && tall.length === 0,
    tall.map((c) => `${c.id}: ${Math.round(c.height)} px`).join(', '));
}

const timer = setTimeout(() => {
  console.log('FAIL the browser answered within 60 s');
  child.kill('SIGKILL');
  process.exit(1);
}, 60000);
child.on('error', (e) => { console.log(`FAIL Chromium starts: ${e.message}`); process.exit(2); });
main().catch((e) => {
  failed++;
  console.log(`FAIL driving Chromium: ${e.message}`);
  const err = browser.stderr();
  if (err) console.log(err.split('\n').slice(-5).join('\n'));
  child.kill('SIGKILL');
}).finally(() => {
  clearTimeout(timer);
  browser.finish(failed ? 1 : 0);
});
