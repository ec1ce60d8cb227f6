// Lighthouse 12 on the login page and the package editor (logged in as
// admin through the API, the session cookie sent with every request), with
// the mobile and desktop presets, RUNS runs each in a fresh headless
// Chromium; prints the medians as a table. Usage: node run.mjs BASE_URL
// (started by `cargo xtask bench lighthouse` against the release build).
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const RUNS = 3;
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

const base = (process.argv[2] ?? '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node run.mjs BASE_URL');
  process.exit(2);
}

async function adminCookie() {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo' }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie').split(';')[0];
}

async function editorPath(cookie) {
  const res = await fetch(`${base}/api/packages`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`packages: ${res.status}`);
  const packages = await res.json();
  if (!packages.length) throw new Error('no package to open in the editor');
  return `/systemadministration/opgavepakke/${encodeURIComponent(packages[0].noegle)}`;
}

async function once(url, preset, cookie) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
    if (cookie) flags.extraHeaders = { Cookie: cookie };
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (c) => Math.round((lhr.categories[c].score ?? 0) * 100);
    const ms = (a) => lhr.audits[a].numericValue ?? NaN;
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      fcp: ms('first-contentful-paint'),
      lcp: ms('largest-contentful-paint'),
      tbt: ms('total-blocking-time'),
      speedIndex: ms('speed-index'),
      // The element of the largest paint, to say what LCP waited for.
      lcpElement: lcpElementOf(lhr),
      // Accessibility and best-practices audits that did not pass, to say why a score is below 100.
      failed: ['accessibility', 'best-practices'].flatMap((c) =>
        lhr.categories[c].auditRefs.filter((r) => r.weight > 0 && (lhr.audits[r.id].score ?? 1) < 1).map((r) => r.id),
      ),
    };
  } finally {
    await chrome.kill();
  }
}

function lcpElementOf(lhr) {
  const items = lhr.audits['largest-contentful-paint-element']?.details?.items ?? [];
  const node = items.flatMap((t) => t.items ?? [t]).find((i) => i.node)?.node;
  return node ? `${node.selector ?? ''} ${(node.snippet ?? '').slice(0, 80)}`.trim() : 'unknown';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cookie = await adminCookie();
const pages = [
  ['login', '/logind', null],
  ['package editor', await editorPath(cookie), cookie],
];
const rows = [];
for (const [name, path, pageCookie] of pages) {
  for (const preset of ['mobile', 'desktop']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(`${base}${path}`, preset, pageCookie));
    const m = (k) => median(runs.map((r) => r[k]));
    const failed = [...new Set(runs.flatMap((r) => r.failed))];
    const lcpElements = [...new Set(runs.map((r) => r.lcpElement))];
    rows.push({ name, preset, perf: m('performance'), a11y: m('accessibility'), bp: m('bestPractices'), fcp: m('fcp'), lcp: m('lcp'), tbt: m('tbt'), si: m('speedIndex'), failed, lcpElements });
  }
}

const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`\nLighthouse 12, median of ${RUNS} runs (scores 0-100, times in ms)`);
console.log(`${pad('page', 16)}${pad('preset', 9)}${num('perf', 5)}${num('a11y', 6)}${num('best', 6)}${num('FCP', 8)}${num('LCP', 8)}${num('TBT', 7)}${num('SI', 7)}`);
for (const r of rows) {
  console.log(`${pad(r.name, 16)}${pad(r.preset, 9)}${num(r.perf, 5)}${num(r.a11y, 6)}${num(r.bp, 6)}${num(Math.round(r.fcp), 8)}${num(Math.round(r.lcp), 8)}${num(Math.round(r.tbt), 7)}${num(Math.round(r.si), 7)}`);
}
// Lighthouse 12 with Debian's Chromium often cannot name the element
// (its trace gatherer fails); then nothing is printed.
for (const r of rows.filter((r) => r.lcpElements.some((e) => e !== 'unknown'))) {
  console.log(`  ${r.name}, ${r.preset}: largest paint ${r.lcpElements.join(' | ')}`);
}
for (const r of rows.filter((r) => r.failed.length)) {
  console.log(`  ${r.name}, ${r.preset}: audits not passed: ${r.failed.join(', ')}`);
}
