/**
 * The analysts' budgets of issue 13, standalone:
 *   node --import tsx test/bench/analytics.ts [--events N] [--audit-events M] [--seed S]
 * - N canonical events (NDJSON) to every metric, end to end (budget 2 s for 1,000,000; 20 s and under
 *   2 GB for 10,000,000), against a plain line-by-line JavaScript pass over the same file;
 * - M AuditEvents through the ViewDefinition to every metric (budget 10 s for 1,000,000), against a
 *   plain JavaScript pass (parse every line, count by type) over the same file.
 * Input files are generated once into the OS temp dir and reused. Defaults: N = 1,000,000, M = N.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFiles } from '../../src/analytics/analyze';
import { lines } from '../../src/analytics/lines';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'audit-events': { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const events = Number(values.events);
const auditEvents = Number(values['audit-events'] ?? values.events);
const seed = values.seed;
const GENERATE = new URL('../../src/analytics/generate-cli.ts', import.meta.url).pathname;

function input(count: number, format: 'canonical' | 'audit'): string {
  const path = join(tmpdir(), `learning-loop-bench-${format}-${count}-seed${seed}.ndjson`);
  if (!existsSync(path)) {
    const started = performance.now();
    execFileSync(process.execPath, [
      '--import',
      'tsx',
      GENERATE,
      '--count',
      String(count),
      '--seed',
      seed,
      '--format',
      format,
      '--out',
      path,
    ]);
    console.log(
      `generated ${count.toLocaleString('en')} ${format} events in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path}`,
    );
  }
  return path;
}

/** The floor: read every line, parse it, count by event type. */
async function plainPass(path: string, typeOf: (value: Record<string, unknown>) => unknown): Promise<number> {
  const started = performance.now();
  const counts = new Map<unknown, number>();
  for await (const { text } of lines(path)) {
    const type = typeOf(JSON.parse(text) as Record<string, unknown>);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return performance.now() - started;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function measure(
  label: string,
  path: string,
  budgetMs: number,
  plain: number,
  format: 'canonical' | 'audit',
) {
  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const analysis = await analyzeFiles([path], { format });
  const ms = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const loaded = analysis.files.reduce((n, f) => n + f.loaded, 0);
  console.log(
    `${label}: ${loaded.toLocaleString('en')} lines to ${analysis.metrics.length} metric rows in ${(ms / 1000).toFixed(2)} s ` +
      `(budget ${(budgetMs / 1000).toFixed(1)} s at this size, linear from the 1,000,000 budget; ratio ${(ms / budgetMs).toFixed(2)}); plain JS pass ${(plain / 1000).toFixed(2)} s, ` +
      `analysis / plain pass ${(ms / plain).toFixed(2)}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
}

const scaled = (per1M: number, count: number) => (per1M * count) / 1e6;

const canonical = input(events, 'canonical');
const canonicalPlain = await plainPass(canonical, (v) => v.type);
await measure(
  `canonical NDJSON, ${events.toLocaleString('en')} events`,
  canonical,
  scaled(2000, events),
  canonicalPlain,
  'canonical',
);

if (auditEvents > 0) {
  const audit = input(auditEvents, 'audit');
  const auditPlain = await plainPass(audit, (v) => (v.subtype as { code?: string }[] | undefined)?.[0]?.code);
  await measure(
    `AuditEvents through the ViewDefinition, ${auditEvents.toLocaleString('en')}`,
    audit,
    scaled(10000, auditEvents),
    auditPlain,
    'audit',
  );
}
clearInterval(sampler);
