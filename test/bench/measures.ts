/**
 * The measures batch budget of issue 14: 10,000 synthetic patients x 6 measures x one month in at most
 * 60 s on 2 cores, with the per-patient cost and the speed-up from worker threads. The patients come
 * from the simulator's history generator (mocks/feedback/history.ts) for one month, written as a Bulk
 * export (NDJSON per type), then read, evaluated, attributed and turned into a transaction, as
 * `npm run measures` does.
 *
 *   node --import tsx test/bench/measures.ts [--patients N] [--threads 1,2]   (--help: exit codes)
 *
 * Keep development runs small (--patients 500); final figures come from a quiet machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateHistory, historyResources } from '../../mocks/feedback/history';
import { runBatch } from '../../src/measures/batch';
import { ndjsonFiles, readNdjson, readPopulation } from '../../src/measures/input';
import { parsePeriod } from '../../src/measures/period';
import { transaction } from '../../src/measures/writeback';

const BUDGET_S = 60;
const HELP = `usage: node --import tsx test/bench/measures.ts [--patients N] [--threads 1,2]

The measures batch over N synthetic patients (default 10000) for one month, once per thread count
(default 1,2), with the per-patient cost, the speed-up and the time scaled to 10,000 patients (a
small N overstates it: worker start-up and measure loading are fixed costs).

Exit codes: 0 within the ${BUDGET_S} s budget; 1 over it; 2 usage error.`;

function usage(message: string): never {
  console.error(`measures bench: ${message}\n\n${HELP}`);
  process.exit(2);
}

let values: { patients?: string; threads?: string; help?: boolean };
try {
  values = parseArgs({
    options: {
      patients: { type: 'string', default: '10000' },
      threads: { type: 'string', default: '1,2' },
      help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  usage((error as Error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const patients = Number(values.patients);
const threadCounts = (values.threads ?? '1,2').split(',').map(Number);
if (!Number.isInteger(patients) || patients < 1)
  usage(`--patients ${values.patients ?? ''}: a whole number of 1 or more`);
if (!threadCounts.every((t) => Number.isInteger(t) && t >= 1))
  usage(`--threads ${values.threads ?? ''}: whole numbers of 1 or more, comma-separated`);
const period = parsePeriod('2025-10');

const history = generateHistory({
  months: [period],
  perMonth: { ward: Math.round(patients * 0.85), icu: patients - Math.round(patients * 0.85) },
});
const dir = mkdtempSync(join(tmpdir(), 'measures-bench-'));
const byType = new Map<string, string[]>();
for (const r of [
  ...historyResources(history),
  ...history.directory.practitioners.values(),
  ...history.directory.roles,
  ...history.directory.locations.values(),
])
  byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), `${lines.join('\n')}\n`);
const lineCount = [...byType.values()].reduce((n, l) => n + l.length, 0);
console.log(`measures bench: ${patients} patients, ${lineCount} NDJSON lines, period ${period.label}`);

const timings: { threads: number; seconds: number }[] = [];
try {
  for (const threads of threadCounts) {
    const started = performance.now();
    const population = await readPopulation(readNdjson(ndjsonFiles([dir])));
    const read = performance.now();
    const out = await runBatch(population, { period, date: '2025-11-01T06:00:00Z', threads });
    const evaluated = performance.now();
    const tx = transaction([...out.groups, ...out.reports]);
    const seconds = (performance.now() - started) / 1000;
    timings.push({ threads, seconds });
    console.log(
      `  threads ${threads}: ${seconds.toFixed(1)} s (read ${((read - started) / 1000).toFixed(1)} s, evaluate ${((evaluated - read) / 1000).toFixed(1)} s), ` +
        `${((seconds * 1000) / patients).toFixed(2)} ms per patient (${((seconds * 1000 * threads) / patients / 6).toFixed(2)} ms per patient-measure per thread); ` +
        `${out.results.length} results, ${tx.entry?.length ?? 0} transaction entries`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const one = timings.find((t) => t.threads === 1);
for (const t of timings.filter((x) => x.threads > 1 && one))
  console.log(`  speed-up with ${t.threads} threads: ${((one?.seconds ?? 0) / t.seconds).toFixed(2)}x`);
const best = Math.min(...timings.map((t) => t.seconds));
const scaled = (best * 10_000) / patients;
console.log(
  `measures batch: ${scaled.toFixed(1)} s for 10,000 patients (scaled from ${patients}), budget ${BUDGET_S} s, ratio ${(scaled / BUDGET_S).toFixed(2)}`,
);
process.exitCode = scaled <= BUDGET_S ? 0 : 1;
