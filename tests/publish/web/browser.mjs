// The web edition in a browser: every page of a site folder, opened from disk in Debian's
// headless Chromium (driven by playwright-core, never a downloaded browser), at each width:
// axe-core's WCAG 2.1 A and AA rules, no sideways scrolling, the page's lang and dir, the
// keyboard (Tab from the top, opening each closed <details> it meets) reaching every link,
// and every request the page makes (anything but a file of the site is refused and
// reported). The home pages (and one chapter) are photographed at each width.
//
//   node tests/publish/web/browser.mjs SITE_DIR OUT_DIR [WIDTH ...]
//
// Writes OUT_DIR/browser.json (what tests/publish/web/test_web_browser.py asserts) and
// OUT_DIR/<page>-<lang>-<width>.png. One browser, one page reused for every load.

import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const [siteArg, outArg, ...widthArgs] = process.argv.slice(2);
const site = resolve(siteArg);
const out = resolve(outArg);
const widths = widthArgs.length ? widthArgs.map(Number) : [360, 1280];
const HEIGHT = 800;
const SHOTS = ['index.html', 'ar/index.html', 'fr/index.html', 'ar/figures.html', 'fr/figures.html'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  }).sort();
}

// Tab through the page from its start; return the links and controls focus reached.
async function keyboard(page) {
  const total = await page.evaluate(() => {
    document.querySelectorAll('a[href], summary, [tabindex="0"]').forEach((el, i) => {
      el.dataset.kb = String(i);
    });
    window.scrollTo(0, 0);
    document.activeElement?.blur();
    return document.querySelectorAll('[data-kb]').length;
  });
  const reached = new Set();
  let first = null;
  for (let i = 0; i < total * 2 + 10; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const closed = el.tagName === 'SUMMARY' && !el.parentElement.open;
      return { kb: el.dataset.kb ?? null, closed };
    });
    if (!now) continue;
    if (now.kb !== null && now.kb === first) break; // round the page once
    if (first === null) first = now.kb;
    if (now.kb !== null) reached.add(now.kb);
    if (now.closed) await page.keyboard.press('Enter'); // open it: its content follows
  }
  return page.evaluate((seen) => {
    const visible = (el) => el.getClientRects().length > 0
      && getComputedStyle(el).visibility !== 'hidden';
    const links = [...document.querySelectorAll('a[href]')];
    const missed = links.filter((a) => !seen.includes(a.dataset.kb) && visible(a))
      .map((a) => a.getAttribute('href'));
    const langSwitch = document.querySelector('a.lang-switch');
    return {
      links: links.length,
      missed,
      langSwitch: !!langSwitch && seen.includes(langSwitch.dataset.kb),
    };
  }, [...reached]);
}

async function check(page, file, width) {
  const url = pathToFileURL(file).href;
  const errors = [];
  const onError = (e) => errors.push(String(e));
  page.on('pageerror', onError);
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const facts = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    fonts: [...document.fonts].filter((f) => f.status === 'error').map((f) => f.family),
  }));
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, TAGS);
  const rel = relative(site, file).split(sep).join('/');
  if (SHOTS.includes(rel)) {
    const name = rel.replace('.html', '').replace('/', '-');
    await page.screenshot({ path: join(out, `${name}-${width}.png`), fullPage: true });
  }
  const keys = await keyboard(page);
  page.off('pageerror', onError);
  return { page: rel, width, ...facts, violations: axe, keyboard: keys, errors };
}

const started = Date.now();
const profile = mkdtempSync(join(tmpdir(), 'cnclt-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-quic',
         '--disable-default-apps', '--disable-extensions'],
});
const outside = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(pathToFileURL(site).href)) return route.continue();
  outside.push(url);
  return route.abort();
});
const page = context.pages()[0] ?? await context.newPage();
const results = [];
try {
  for (const width of widths) {
    await page.setViewportSize({ width, height: HEIGHT });
    for (const file of htmlFiles(site)) results.push(await check(page, file, width));
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
const seconds = (Date.now() - started) / 1000;
writeFileSync(join(out, 'browser.json'), JSON.stringify({ seconds, widths, outside, results }, null, 1));
console.log(`${results.length} page loads in ${seconds.toFixed(1)} s`);
