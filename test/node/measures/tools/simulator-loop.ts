/**
 * The loop in the simulator, end to end in headless Chromium (puppeteer-core, the machine's browser),
 * as a newcomer clicks it under `npm start`: launch as pr-001 for a patient, accept the card's first
 * suggestion, "Sign drafts", "Re-run the measures", launch again; prints what the re-run said and the
 * clinician's line of the measure before and after as JSON. Run under the browser lock:
 *   flock /tmp/learning-loop-browser.lock node --import tsx test/node/measures/tools/simulator-loop.ts \
 *     [--patient p-001 --card 'VTE risk' --suggestion 'Order enoxaparin' --measure 'VTE prophylaxis'] [--build]
 * Without `--build`, on Vite's dev server with the measures middleware; with it, on `vite preview` of a
 * production build, where "Re-run the measures" must say that it needs `npm start`.
 * Exit codes: 0 the loop turned (dev: the re-run counted the signed order as met in its month; build:
 * the message); 1 it did not; 2 usage. (web-test-runner cannot serve Vite's middleware,
 * hence a tool and not a test: test/browser/e2e/loop-controls.test.ts tests the element.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer, { type Page } from 'puppeteer-core';
import { build, createServer, preview } from 'vite';
import { CHROME_ARGS, findChrome } from '../../../tools/chrome.mjs';

const ROOT = resolve(import.meta.dirname, '../../../..');
const HELP = `usage: flock /tmp/learning-loop-browser.lock node --import tsx test/node/measures/tools/simulator-loop.ts
         [--patient p-001] [--card 'VTE risk'] [--suggestion 'Order enoxaparin'] [--measure 'VTE prophylaxis'] [--build]

Launch as pr-001, accept the card's suggestion, Sign drafts, Re-run the measures, launch again (dev server);
or press Re-run on a production build (--build). Prints JSON. Exit: 0 the loop turned, 1 not, 2 usage.`;
const OPTIONS = {
  patient: { type: 'string', default: 'p-001' },
  card: { type: 'string', default: 'VTE risk' },
  suggestion: { type: 'string', default: 'Order enoxaparin' },
  measure: { type: 'string', default: 'VTE prophylaxis' },
  build: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;
let o: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
try {
  o = parseArgs({ options: OPTIONS }).values;
} catch (error) {
  console.error(`simulator-loop: ${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (o.help) {
  console.log(HELP);
  process.exit(0);
}
const executablePath = findChrome();
if (!executablePath) {
  console.error('simulator-loop: no Chromium (set CHROME_PATH)');
  process.exit(2);
}

const HELPERS = `
window.deepText = (root) => { let t = ''; const walk = (n) => { if (n.nodeType === 3) t += n.textContent + ' ';
  if (n.shadowRoot) walk(n.shadowRoot); n.childNodes.forEach(walk); }; if (root) walk(root); return t.replace(/\\s+/g, ' '); };
window.queryDeep = (root, selector) => { const found = []; const walk = (n) => { if (n.matches && n.matches(selector)) found.push(n);
  if (n.shadowRoot) walk(n.shadowRoot); n.childNodes.forEach(walk); }; if (root) walk(root); return found; };
window.app = () => document.querySelector('ehr-simulator')?.shadowRoot?.querySelector('iframe')?.contentDocument?.body;
window.loop = () => document.querySelector('ehr-simulator')?.shadowRoot?.querySelector('sim-side-column')?.shadowRoot?.querySelector('sim-loop-controls')?.shadowRoot;
window.press = (root, label) => { const b = queryDeep(root, 'button').find((x) => x.textContent.includes(label));
  if (!b) throw new Error('no button ' + label); b.click(); };
window.card = (text) => queryDeep(app(), 'loop-card').find((c) => deepText(c).includes(text));
`;

async function until(page: Page, expression: string, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return;
    if (Date.now() - start > timeoutMs) {
      const shown = await page.evaluate(`deepText(document.body)`).catch(() => '');
      throw new Error(`timed out waiting for ${what}; the page shows: ${String(shown).slice(-600)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function serve(): Promise<{ base: string; stop: () => Promise<void> }> {
  const configFile = resolve(ROOT, 'vite.config.ts');
  if (!o.build) {
    const server = await createServer({
      configFile,
      // As in test/node/analytics/tools/simulator-analyst.ts: a cache no other dev server empties.
      cacheDir: resolve(ROOT, 'node_modules/.vite-simulator-tests'),
      server: { port: 0, open: false },
      logLevel: 'error',
    });
    await server.listen();
    return { base: server.resolvedUrls?.local[0] ?? '', stop: () => server.close() };
  }
  const outDir = await mkdtemp(join(tmpdir(), 'loop-rerun-build-'));
  await build({ configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, build: { outDir }, preview: { port: 0 }, logLevel: 'error' });
  return {
    base: server.resolvedUrls?.local[0] ?? '',
    stop: async () => {
      await new Promise((r) => server.httpServer.close(r));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** The clinician's "You … n / d" of the measure in the feedback section. */
const MINE = `(() => { const t = deepText(queryDeep(app(), 'loop-feedback')[0]);
  const at = t.indexOf(${JSON.stringify(o.measure)}); if (at < 0) return null;
  const m = /You (?:[\\d.]+% )?(\\d+) \\/ (\\d+)|You Too few patients/.exec(t.slice(at, at + 400));
  return m ? m[0] : null; })()`;

const { base, stop } = await serve();
const profile = await mkdtemp(join(tmpdir(), 'loop-rerun-profile-'));
const browser = await puppeteer.launch({
  executablePath,
  args: [...CHROME_ARGS, `--user-data-dir=${profile}`],
});
let ok = false;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const url = new URL(`index.html?auto=1&launch=ehr&practitioner=pr-001&patient=${o.patient}`, base).href;
  const launch = async (withCard: boolean) => {
    await page.goto(url);
    await page.evaluate(HELPERS);
    if (withCard) await until(page, `!!card(${JSON.stringify(o.card)})`, `the card "${o.card}"`);
    await until(page, `!!${MINE}`, `the feedback on ${o.measure}`).catch(() => undefined);
    return (await page.evaluate(MINE)) as string | null;
  };
  const status = () => page.evaluate(`deepText(loop().querySelector('[role=status]'))`) as Promise<string>;
  if (o.build) {
    await page.goto(new URL('index.html', base).href);
    await page.evaluate(HELPERS);
    await until(page, `!!loop()?.querySelector('button:not([disabled])')`, 'the loop controls');
    await page.evaluate(`press(loop(), 'Re-run the measures')`);
    await until(page, `/could not|Wrote/.test(deepText(loop()))`, 'the answer');
    const said = await status();
    ok = said.includes('static build') && said.includes('npm start');
    console.log(JSON.stringify({ served: 'vite preview', rerun: said }, null, 2));
  } else {
    const before = await launch(true);
    await page.evaluate(`press(card(${JSON.stringify(o.card)}), ${JSON.stringify(o.suggestion)})`);
    await until(page, `deepText(card(${JSON.stringify(o.card)})).includes('Draft saved')`, 'the draft');
    await new Promise((r) => setTimeout(r, 3000)); // the outbox delivers the acceptance to the FHIR sink
    await page.evaluate(`press(loop(), 'Sign drafts')`);
    await until(page, `/Signed|No draft/.test(deepText(loop()))`, 'the signature');
    const signed = await status();
    await page.evaluate(`press(loop(), 'Re-run the measures')`);
    await until(page, `/could not|Wrote/.test(deepText(loop()))`, 'the re-run', 180_000);
    const rerun = await status();
    const after = await launch(false);
    // The measure's verdict on the signed order, for the month of its stay. The compact line before and
    // after may be different months (the history's last month, then the current one with its few
    // cases), so it is printed, not compared.
    ok = new RegExp(
      `for Patient/${o.patient}: ${o.measure}[^)]*\\(\\d{4}-\\d{2}\\): met \\(numerator\\)`,
    ).test(rerun);
    console.log(JSON.stringify({ served: 'vite dev server', before, signed, rerun, after }, null, 2));
  }
} finally {
  await browser.close();
  await rm(profile, { recursive: true, force: true });
  await stop();
}
process.exitCode = ok ? 0 : 1;
