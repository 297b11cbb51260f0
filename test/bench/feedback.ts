/**
 * The feedback budgets of issue 12, for `npm run bench` (or on its own after `npx vite build`:
 * `node --import tsx test/bench/feedback.ts [--runs 5] [--latency 100]`), on the production build:
 * - the chart chunk at most 60 KB gzip, and neither it nor chart.js code in the initial JS;
 * - the feedback data in one request wave after the context's first;
 * - the simulator's 6 measures x 24 months rendered within 100 ms of the data's arrival (performance
 *   marks `loop:feedback-data` and `loop:feedback-painted`, in Chromium);
 * - a trend opened and drawn under the build's CSP and Trusted Types, with no violation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Frame } from 'puppeteer-core';
import { startBrowser, startPreview, waitForApp } from '../e2e/preview';
import { gzipSize, initialScripts } from './bundle-size.mjs';

const CHART_BUDGET = 60 * 1024;
const RENDER_BUDGET_MS = 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** Code only chart.js has: its presence in a chunk means chart.js is in it. */
const CHART_JS = /setActiveElements|_resizeBeforeDraw/;

/** Sizes of the chart and feedback chunks, and whether chart.js reached the initial JS. */
export function reportFeedbackSizes(dist: string): void {
  const assets = readdirSync(join(dist, 'assets'));
  const chart = assets.find((f) => /^chart-render-.*\.js$/.test(f));
  const feature = assets.find((f) => /^feedback-feature-.*\.js$/.test(f));
  if (!chart || !feature) throw new Error('no chart-render or feedback-feature chunk in dist/assets');
  const initial = [...new Set([...initialScripts(dist, 'launch.html'), ...initialScripts(dist, 'app.html')])];
  const inInitial = initial.filter(
    (f) => f === `assets/${chart}` || CHART_JS.test(readFileSync(join(dist, f), 'utf8')),
  );
  const size = gzipSize(dist, `assets/${chart}`);
  console.log(
    `feedback chart chunk: ${size} B gzip (${(size / 1024).toFixed(1)} KiB), budget ${CHART_BUDGET} B, ratio ${(size / CHART_BUDGET).toFixed(2)}; ` +
      `feedback feature chunk: ${gzipSize(dist, `assets/${feature}`)} B gzip; chart.js in the initial JS: ${inInitial.length ? `YES (${inInitial.join(', ')})` : 'no'}`,
  );
}

interface Run {
  readyToData: number;
  dataToPainted: number;
  waves: number;
  measures: number;
  months: number;
}

/** One simulator launch: marks and the model's own count of waves, read in the app's frame. */
async function oneRun(frame: Frame): Promise<Run> {
  const read = `(async () => {
    const panel = document.querySelector('learning-loop');
    const start = Date.now();
    while (!performance.getEntriesByName('loop:feedback-painted').length) {
      if (Date.now() - start > 30000) throw new Error('no loop:feedback-painted mark');
      await new Promise((r) => setTimeout(r, 20));
    }
    const at = (n) => performance.getEntriesByName(n)[0].startTime;
    const state = panel.app.state.feedback.state;
    return {
      readyToData: at('loop:feedback-data') - at('loop:ready-start'),
      dataToPainted: at('loop:feedback-painted') - at('loop:feedback-data'),
      waves: state.waves,
      measures: state.view.measures.length,
      months: Math.max(...state.view.measures.map((m) => m.trend.length)),
    };
  })()`;
  return (await frame.evaluate(read)) as Run;
}

/** Opens every measure's trend in turn: click to drawn, and any CSP or Trusted Types violation. */
async function openTrends(
  frame: Frame,
): Promise<{ firstMs: number; laterMs: number[]; violations: string[] }> {
  const script = `(async () => {
    const deep = (root, sel, out = []) => { if (root.matches?.(sel)) out.push(root); if (root.shadowRoot) deep(root.shadowRoot, sel, out); root.childNodes?.forEach((c) => deep(c, sel, out)); return out; };
    const measures = deep(document.body, 'loop-feedback-measure');
    const times = [];
    for (const m of measures) {
      const before = performance.getEntriesByName('loop:feedback-chart-drawn').length;
      const t0 = performance.now();
      deep(m, 'button').find((b) => b.textContent.trim() === 'Trend').click();
      while (performance.getEntriesByName('loop:feedback-chart-drawn').length === before) {
        if (performance.now() - t0 > 20000) throw new Error('no chart drawn');
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.getEntriesByName('loop:feedback-chart-drawn')[before].startTime - t0);
    }
    return { times, violations: window.__violations ?? [] };
  })()`;
  const r = (await frame.evaluate(script)) as { times: number[]; violations: string[] };
  return { firstMs: r.times[0] ?? NaN, laterMs: r.times.slice(1), violations: r.violations };
}

/**
 * The feedback budgets against a running preview of the build.
 *
 * @example await benchFeedback(browser, preview.url, { runs: 5, latency: 100 });
 */
export async function benchFeedback(
  browser: Browser,
  previewUrl: string,
  options: { runs?: number; latency?: number } = {},
): Promise<void> {
  const { runs = 5, latency = 100 } = options;
  const results: Run[] = [];
  let trends: Awaited<ReturnType<typeof openTrends>> | undefined;
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(
      `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));`,
    );
    const query = new URLSearchParams({
      auto: '1',
      practitioner: 'pr-001',
      patient: 'p-001',
      latency: String(latency),
    });
    await page.goto(`${previewUrl}/index.html?${query}`);
    const app = await waitForApp(page, 'Your outcomes', 30_000);
    results.push(await oneRun(app));
    if (i === runs - 1) trends = await openTrends(app);
    await page.close();
  }
  const last = results[results.length - 1];
  const painted = results.map((r) => r.dataToPainted);
  console.log(
    `feedback, +${latency} ms/request: ${last?.measures} measures x ${last?.months} months; FHIR waves after the context's ${median(results.map((r) => r.waves))} (budget 1); ` +
      `ready() to data ${median(results.map((r) => r.readyToData)).toFixed(0)} ms; data to painted median ${median(painted).toFixed(1)} ms ` +
      `(runs ${painted.map((x) => x.toFixed(1)).join(', ')}), budget ${RENDER_BUDGET_MS} ms, ratio ${(median(painted) / RENDER_BUDGET_MS).toFixed(2)}`,
  );
  if (trends)
    console.log(
      `feedback trend, click to drawn: first ${trends.firstMs.toFixed(0)} ms (chart chunk loaded), then median ${median(trends.laterMs).toFixed(0)} ms; ` +
        `CSP or Trusted Types violations: ${trends.violations.length ? trends.violations.join('; ') : 'none'}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, latency: { type: 'string' } } });
  reportFeedbackSizes('dist');
  const preview = await startPreview();
  const browser = await startBrowser();
  try {
    await benchFeedback(browser, preview.url, {
      runs: Number(values.runs ?? 5),
      latency: Number(values.latency ?? 100),
    });
  } finally {
    await browser.close();
    preview.stop();
  }
}
