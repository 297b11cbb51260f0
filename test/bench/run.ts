import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleReport, pageSize } from './bundle-size.mjs';
import { startBrowser, startPreview, waitForApp } from '../e2e/preview';
import { benchRulesNode, benchRulesWorker, median, reportRuleSizes } from './rules';
import { benchTelemetry } from './telemetry';
import { benchFeedback, reportFeedbackSizes } from './feedback';

/**
 * `npm run bench`: the launch budgets of issue 2, the rules budgets of issue 3 (see rules.ts) and the
 * interaction log's of issue 4 (see telemetry.ts), the feedback's of issue 12 (see feedback.ts), measured on
 * the production build.
 * - initial JavaScript of the launch page plus the panel shell (gzip), budget 40 KB; of the launch page
 *   alone, budget 22 KB (it paints nothing but an error: fhirclient's authorize path and the config);
 * - ready() to patient and unit painted with 100 ms added per request, and the FHIR request waves
 *   it took (budget: 1 where _include works, at most 2 otherwise), median of 5 launches, for a server
 *   with _include, one with only _has reverse chaining, and one with neither;
 * then, in processes of their own, the analysts' budgets of issue 13 (analytics.ts: 1,000,000 canonical
 * events and 1,000,000 AuditEvents; `--events 10000000` there for the ten million) and the measures
 * batch's of issue 14 (measures.ts: 10,000 patients, 1 and 2 threads). `-- --panel` skips those two.
 */
const BUDGET_BYTES = 40 * 1024;
const bundle = bundleReport('dist');
for (const row of bundle.rows) console.log(`  ${row.file.padEnd(40)} ${String(row.gzip).padStart(7)} B gzip`);
console.log(
  `initial JS, launch page + panel shell: ${bundle.total} B gzip (${(bundle.total / 1024).toFixed(1)} KiB), budget ${BUDGET_BYTES} B, ratio ${(bundle.total / BUDGET_BYTES).toFixed(2)}`,
);

const LAUNCH_BUDGET_BYTES = 22 * 1024;
const launchPage = pageSize('dist', 'launch.html');
console.log(
  `initial JS, launch page alone: ${launchPage} B gzip (${(launchPage / 1024).toFixed(1)} KiB), budget ${LAUNCH_BUDGET_BYTES} B, ratio ${(launchPage / LAUNCH_BUDGET_BYTES).toFixed(2)}`,
);

const workerAsset = reportRuleSizes('dist');
reportFeedbackSizes('dist');
const now = new Date();
const { filtered, record } = await benchRulesNode(now);

const preview = await startPreview();
const browser = await startBrowser();

/**
 * Five simulator launches with 100 ms added per request: from ready() to the `until` mark, in ms, and
 * the FHIR waves the context took (the detail of `loop:context-painted`).
 */
async function launches(
  params: Record<string, string>,
  text: string,
  until: string,
): Promise<{ ms: number[]; waves: number[] }> {
  const ms: number[] = [];
  const waves: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const query = new URLSearchParams({ auto: '1', practitioner: 'pr-001', latency: '100', ...params });
    await page.goto(`${preview.url}/index.html?${query}`);
    const app = await waitForApp(page, text, 30_000);
    const marks = (await app.evaluate(`(() => {
      const m = (n) => performance.getEntriesByName(n)[0] ?? (() => { throw new Error('no mark ' + n + ' in ' + location.href + ': ' + performance.getEntriesByType('mark').map((x) => x.name).join()); })();
      return { start: m('loop:ready-start').startTime, end: m(${JSON.stringify(until)}).startTime, waves: m('loop:context-painted').detail.waves };
    })()`)) as { start: number; end: number; waves: number };
    ms.push(marks.end - marks.start);
    waves.push(marks.waves);
    await page.close();
  }
  return { ms, waves };
}

try {
  await benchRulesWorker(browser, preview.url, workerAsset, now, filtered, record);
  await benchTelemetry(browser, preview.url);
  await benchFeedback(browser, preview.url, { runs: 5, latency: 100 });
  const firstCard = await launches({ patient: 'p-013' }, 'Creatinine rising', 'loop:first-card');
  console.log(
    `ready() to first card painted, +100 ms/request, server with _include: median ${median(firstCard.ms).toFixed(0)} ms (runs ${firstCard.ms.map((x) => x.toFixed(0)).join(', ')}); ` +
      `FHIR waves ${median(firstCard.waves)}: the rules' searches go out in the first wave beside the context's, the rules run once the unit is known (budget 3 waves)`,
  );

  const servers: [string, Record<string, string>][] = [
    ['with _include             ', {}],
    ['without _include, with _has', { noInclude: '1' }],
    ['with neither              ', { noInclude: '1', noHas: '1' }],
  ];
  for (const [label, serverParams] of servers) {
    const { ms, waves } = await launches(
      { patient: 'p-001', ...serverParams },
      'Medical Ward 4B',
      'loop:context-painted',
    );
    console.log(
      `ready() to patient and unit painted, +100 ms/request, server ${label}: median ${median(ms).toFixed(0)} ms (runs ${ms.map((x) => x.toFixed(0)).join(', ')}), FHIR waves ${median(waves)} (+1 token exchange)`,
    );
  }
} finally {
  await browser.close();
  preview.stop();
}

// The Node tools' budgets, each in a process of its own (its memory and CPU its own). measures.ts exits 1
// on a missed budget, and so does this run then; analytics.ts prints "NOT met" and exits 0.
if (!process.argv.includes('--panel')) {
  for (const script of ['analytics.ts', 'measures.ts']) {
    console.log(`\n=== ${script}`);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
      {
        stdio: 'inherit',
      },
    );
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  }
}

// Every figure is printed: end here. Something of the panel's run (the preview server's open
// keep-alive sockets, a pool of the rules' Node run) can hold the event loop open for good.
process.exit(process.exitCode ?? 0);
