/**
 * The analyst's view of the simulator, end to end in headless Chromium (puppeteer-core, the machine's
 * browser): a launch, the influenza reminder of the simulated CDS service seen and dismissed, then the
 * simulator's "Analyst's view" button pressed from the keyboard; prints the report's text, where the
 * focus went, what Escape did and axe's violations in the view as JSON. Run under the browser lock:
 *   flock /tmp/learning-loop-browser.lock node --import tsx simulator-analyst.ts [--build]
 * Without `--build`, on Vite's dev server as `npm start` serves it; with it, on `vite preview` of a
 * production build made into a temporary folder (its CSP with Trusted Types enforced).
 * `SIMULATOR_URL=http://localhost:4173/` drives an already served simulator instead.
 * (The web test runner cannot serve PGlite: it re-encodes the 6 MB file system bundle as text.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { build, createServer, preview } from 'vite';
import { fluDuePatients } from '../../../../mocks/cds/targets';
import { generateDataset } from '../../../../mocks/data';
import { dataNow } from '../../../../mocks/sim-constants';
import { CHROME_ARGS, findChrome } from '../../../tools/chrome.mjs';

const ROOT = resolve(import.meta.dirname, '../../../..');
/** mocks/analytics.ts: the NDJSON sink's store in this origin's localStorage. */
const STORE = 'learning-loop-sim:analytics';
const CARD = 'influenza vaccination';

// Text and elements through shadow roots and same-origin frames, as a person sees them (a frame
// between two documents has no body yet: skipped until it has).
const HELPERS = `
window.deepText = (root) => { let t = ''; const walk = (n) => { if (n.nodeType === 3) t += n.textContent + ' ';
  if (n.shadowRoot) walk(n.shadowRoot); if (n.tagName === 'IFRAME' && n.contentDocument?.body) walk(n.contentDocument.body);
  n.childNodes.forEach(walk); }; if (root) walk(root); return t.replace(/\\s+/g, ' '); };
window.queryDeep = (root, selector) => { const found = []; const walk = (n) => { if (n.matches && n.matches(selector)) found.push(n);
  if (n.shadowRoot) walk(n.shadowRoot); if (n.tagName === 'IFRAME' && n.contentDocument?.body) walk(n.contentDocument.body);
  n.childNodes.forEach(walk); }; if (root) walk(root); return found; };
window.stored = () => { try { return JSON.parse(localStorage.getItem(${JSON.stringify(STORE)}) || '[]').map(([, e]) => e.type); } catch { return []; } };
`;

/** The text of the app's frame inside the simulator (ehr-simulator's iframe). */
const APP_TEXT = `deepText(document.querySelector('ehr-simulator')?.shadowRoot?.querySelector('iframe')?.contentDocument?.body)`;

/** What went wrong on the way, for a timeout's message: errors, failed and refused requests. */
const troubles: string[] = [];

async function until(page: Page, expression: string, what: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return;
    if (Date.now() - start > timeoutMs) {
      // The app's own frame (its prompts, messages and status) and the end of the whole page (the
      // simulator's side column: the outbox per sink).
      const text = String(await page.evaluate('deepText(document.body)').catch(() => ''));
      const app = String(await page.evaluate(APP_TEXT).catch(() => ''));
      const trouble = troubles.slice(-12).join('\n  ') || 'none';
      throw new Error(
        `timed out waiting for ${what}; the app shows: ${app.slice(0, 1500)}\nthe page ends: ${text.slice(-800)}\ntroubles:\n  ${trouble}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const now = dataNow();
const dataset = generateDataset({ now });
// A patient the simulated CDS service reminds (mocks/cds/targets.ts) and no local rule fires for (each
// of their scenarios a "miss"): the one card is the influenza reminder.
const flu = new Set(fluDuePatients(dataset, now));
const patient =
  dataset.patients.find((p) => flu.has(p.id) && p.scenarios.every((s) => s.includes(':miss')))?.id ?? '';
if (!patient) throw new Error('no influenza-due patient without a local prompt in the synthetic data');
const practitioner = dataset.practitioners[0]?.id ?? '';
const executablePath = findChrome();
if (!executablePath) throw new Error('no Chromium');

/** The simulator served as `npm start` serves it, or built and previewed; its base URL and a stop. */
async function serve(): Promise<{ base: string; stop: () => Promise<void> }> {
  const given = process.env.SIMULATOR_URL;
  if (given) return { base: given, stop: async () => {} };
  const configFile = resolve(ROOT, 'vite.config.ts');
  if (!process.argv.includes('--build')) {
    const server = await createServer({
      configFile,
      // Not the developer's node_modules/.vite: an `npm start` or another config's server would empty
      // the pre-bundled dependencies under this one (Vite clears a cache whose config hash differs).
      cacheDir: resolve(ROOT, 'node_modules/.vite-simulator-tests'),
      server: { port: 0, open: false, strictPort: false },
      logLevel: 'error',
    });
    await server.listen();
    return { base: server.resolvedUrls?.local[0] ?? '', stop: () => server.close() };
  }
  const outDir = await mkdtemp(join(tmpdir(), 'loop-analyst-build-'));
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, strictPort: false, open: false },
  });
  return {
    base: server.resolvedUrls?.local[0] ?? '',
    stop: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const { base, stop } = await serve();
// A fresh profile each run, removed afterwards.
const profile = await mkdtemp(join(tmpdir(), 'loop-analyst-profile-'));
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: [...CHROME_ARGS, `--user-data-dir=${profile}`],
});
try {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(HELPERS);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // A Content-Security-Policy or Trusted Types refusal is a console error, not a thrown one.
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    troubles.push(`console: ${message.text()}`);
    if (/Content.Security.Policy|Trusted ?Type|wasm/i.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => troubles.push(`page error: ${String(error)}`));
  page.on('requestfailed', (r) => troubles.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) troubles.push(`${r.status()}: ${r.url()}`);
  });
  await page.goto(`${base}index.html`, { waitUntil: 'load' });
  await page.evaluate(`localStorage.removeItem(${JSON.stringify(STORE)})`);
  const query = new URLSearchParams({ auto: '1', patient, practitioner, launch: 'ehr' });
  await page.goto(`${base}index.html?${query}`, { waitUntil: 'load' });
  // Generous: on a loaded 2-core machine the production build's rules worker and msw take their time.
  await until(page, `deepText(document.body).includes(${JSON.stringify(CARD)})`, 'the card', 150_000);
  await page.evaluate(
    `queryDeep(document.body, 'loop-card').find((c) => deepText(c).includes(${JSON.stringify(CARD)}))?.scrollIntoView()`,
  );
  await until(page, `stored().includes('card-shown')`, 'card-shown at the sink', 30_000);
  await page.evaluate(
    `queryDeep(queryDeep(document.body, 'loop-card').find((c) => deepText(c).includes(${JSON.stringify(CARD)})), 'button').find((b) => b.textContent.includes('Dismiss')).click()`,
  );
  await until(page, `stored().includes('card-dismissed')`, 'card-dismissed at the sink', 30_000);
  // From the keyboard, as a person who does not use a mouse would open it.
  await page.evaluate(
    `queryDeep(document.body, 'button').find((b) => b.textContent.includes("Analyst's view")).focus()`,
  );
  await page.keyboard.press('Enter');
  await until(
    page,
    `/Ignore rate|could not be made/.test(deepText(document.querySelector('sim-analyst-report')))`,
    'the report',
    120_000,
  );
  const view = `document.querySelector('sim-analyst-report')`;
  const result = (await page.evaluate(`({
    report: deepText(${view}),
    open: queryDeep(${view}, 'dialog')[0]?.open === true,
    download: queryDeep(${view}, 'a[download]')[0]?.getAttribute('href') ?? '',
    headings: queryDeep(${view}, 'h1, h2').map((h) => h.tagName + ' ' + h.textContent.trim()),
    tables: queryDeep(${view}, 'table').length,
    charts: queryDeep(${view}, 'svg[role=img]').length,
    stored: stored(),
  })`)) as Record<string, unknown>;
  // Where the keyboard is: showModal() puts the focus in the dialog, Tab moves within it.
  const focused = `(() => { let a = document.activeElement; while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a ? a.tagName.toLowerCase() + ' ' + (a.textContent || '').trim().slice(0, 40) : ''; })()`;
  const focusOnOpen = (await page.evaluate(focused)) as string;
  await page.keyboard.press('Tab');
  const focusAfterTab = (await page.evaluate(focused)) as string;
  // axe inside the view only: the rest of the simulator page is other elements' business.
  await page.evaluate(axe);
  const violations = (await page.evaluate(
    `axe.run(${view}, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })))`,
  )) as unknown[];
  await page.keyboard.press('Escape');
  const openAfterEscape = (await page.evaluate(`queryDeep(${view}, 'dialog')[0]?.open === true`)) as boolean;
  // Opened again: a second report is sanitised and shown like the first (one DOMPurify, one policy).
  await page.evaluate(
    `window.firstReport = queryDeep(${view}, '.report')[0]; queryDeep(document.body, 'button').find((b) => b.textContent.includes("Analyst's view")).click()`,
  );
  await until(
    page,
    `(() => { const r = queryDeep(${view}, '.report')[0]; return r !== undefined && r !== window.firstReport; })()`,
    'the report again',
    120_000,
  );
  const reopened = (await page.evaluate(`queryDeep(${view}, '.report section').length`)) as number;
  process.stdout.write(
    JSON.stringify({ ...result, focusOnOpen, focusAfterTab, violations, openAfterEscape, reopened, errors }),
  );
} finally {
  await browser.close();
  await stop();
  await rm(profile, { recursive: true, force: true });
}
