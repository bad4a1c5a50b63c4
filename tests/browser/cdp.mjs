// Headless Chromium over its DevTools protocol, with no packages: the
// browser started with --remote-debugging-pipe (file descriptors 3 and
// 4, messages ending in NUL), a fresh profile, no network services and
// no extensions; and enough of PNG to tell a screenshot from a blank
// one.  Used by check_report.mjs (the board report) and check_serve.mjs
// (the workbench of `uecsim serve`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

// Start Chromium.  Returns { send(method, params, sessionId), once(method,
// sessionId), listeners (functions given every event), child, stderr(),
// finish(code) } where finish closes the browser, removes the profile
// and exits the process with code.
export function launch(chromium) {
  const profile = mkdtempSync(join(tmpdir(), 'uecsim-browser-'));
  const args = ['--headless', '--remote-debugging-pipe', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-extensions', '--mute-audio',
    `--user-data-dir=${profile}`, 'about:blank'];
  if (process.getuid && process.getuid() === 0) args.unshift('--no-sandbox');
  const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];

  let nextId = 1;
  const waiting = new Map();
  const listeners = [];
  let pending = Buffer.alloc(0);
  fromBrowser.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let end;
    while ((end = pending.indexOf(0)) >= 0) {
      const msg = JSON.parse(pending.subarray(0, end).toString('utf8'));
      pending = pending.subarray(end + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { resolve: ok, reject } = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else ok(msg.result);
      } else if (msg.method) {
        for (const l of [...listeners]) l(msg);
      }
    }
  });

  function send(method, params = {}, sessionId) {
    const id = nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    toBrowser.write(JSON.stringify(msg) + '\0');
    return new Promise((ok, reject) => waiting.set(id, { resolve: ok, reject }));
  }

  function once(method, sessionId) {
    return new Promise((ok) => {
      const l = (msg) => {
        if (msg.method === method && msg.sessionId === sessionId) {
          listeners.splice(listeners.indexOf(l), 1);
          ok(msg.params);
        }
      };
      listeners.push(l);
    });
  }

  async function finish(code) {
    try { await Promise.race([send('Browser.close'), new Promise((ok) => setTimeout(ok, 3000))]); } catch { /* closing */ }
    const gone = () => {
      rmSync(profile, { recursive: true, force: true });
      process.exit(code);
    };
    if (child.exitCode !== null || child.signalCode !== null) gone();
    child.on('exit', gone);
    setTimeout(() => { child.kill('SIGKILL'); }, 5000);
  }

  return { send, once, listeners, child, stderr: () => stderr, finish, profile };
}

// Open a tab in browser b (what launch returns), 1280 x 1000, with the
// Page, Runtime, Log and Network domains on.  Returns { sessionId,
// errors, requests }: errors collects the page's exceptions, console
// errors and warnings and logged errors and warnings as they come,
// requests every URL the page asks for, for the checks to judge.
export async function openTab(b) {
  const errors = [];
  const requests = [];
  const { targetId } = await b.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
  b.listeners.push((msg) => {
    if (msg.sessionId !== sessionId) return;
    const p = msg.params;
    if (msg.method === 'Runtime.exceptionThrown') {
      const d = p.exceptionDetails;
      errors.push(d.exception && d.exception.description ? d.exception.description : d.text);
    }
    if (msg.method === 'Runtime.consoleAPICalled' && ['error', 'assert', 'warning'].includes(p.type))
      errors.push(`console.${p.type}: ${p.args.map((a) => a.value).join(' ')}`);
    if (msg.method === 'Log.entryAdded' && ['error', 'warning'].includes(p.entry.level))
      errors.push(`${p.entry.source}: ${p.entry.text}`);
    if (msg.method === 'Network.requestWillBeSent') requests.push(p.request.url);
  });
  for (const domain of ['Page', 'Runtime', 'Log', 'Network'])
    await b.send(`${domain}.enable`, {}, sessionId);
  await b.send('Emulation.setDeviceMetricsOverride',
    { width: 1280, height: 1000, deviceScaleFactor: 1, mobile: false }, sessionId);
  return { sessionId, errors, requests };
}

// The share of a PNG's pixels that are not white (its "ink").
export function inkShare(png) {
  const sig = '89504e470d0a1a0a';
  if (png.subarray(0, 8).toString('hex') !== sig) throw new Error('not a PNG');
  let pos = 8, width = 0, height = 0, depth = 0, type = 0;
  const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const kind = png.subarray(pos + 4, pos + 8).toString('latin1');
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; type = data[9];
      if (data[12] !== 0) throw new Error('interlaced PNG');
    } else if (kind === 'IDAT') idat.push(data);
    else if (kind === 'IEND') break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
  if (depth !== 8 || !channels) throw new Error(`PNG type ${type}/${depth}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  let prev = Buffer.alloc(stride), ink = 0;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      const px = line.subarray(x * channels, x * channels + Math.min(3, channels));
      if (Math.min(...px) < 200) ink++;
    }
    prev = line;
  }
  return ink / (width * height);
}
