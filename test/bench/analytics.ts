/**
 * The analysts' budgets of issue 13, standalone:
 *   node --import tsx test/bench/analytics.ts [--events N] [--audit-events M] [--seed S]
 *     [--threads T] [--memory-limit 1GB] [--by-clinician] [--no-plain]
 * - N canonical events (NDJSON) to every metric, end to end: budget 2 s for 1,000,000, 20 s and
 *   under 2 GB for 10,000,000;
 * - M AuditEvents through the ViewDefinition to every metric: budget 10 s for 1,000,000;
 * each against a plain line-by-line JavaScript pass over the same file (read, parse, count by type).
 * Each measurement runs in a child process of its own, so its peak resident memory is its own.
 * Input files are generated once into the OS temp dir and reused. Defaults: N = 1,000,000, M = N.
 * Every analysis is given the clinicians' PractitionerRoles (--roles), as an analyst would be: the role
 * is one of the metrics' dimensions, and joining it once cost more than the whole load.
 * Budgets are for a quiet machine: the load average is printed first, with a warning above 1.5.
 * Budgets scale linearly (2 s per million canonical events, 10 s per million AuditEvents).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFiles } from '../../src/analytics/analyze';
import { lines } from '../../src/analytics/lines';

const HELP = `usage: node --import tsx test/bench/analytics.ts [--events N] [--audit-events M] [--seed S]
         [--threads T] [--memory-limit 1GB] [--by-clinician] [--no-plain]

N canonical events (default 1,000,000; budget 2 s per million, and 20 s and 2 GB for 10,000,000) and
M AuditEvents (default N; budget 10 s per million) to every metric, each beside a plain JavaScript
read-and-parse pass over the same file (--no-plain skips it). Inputs are generated once into the OS
temp dir and reused. Prints the load average first: budgets are for a quiet machine.

Exit codes: 0 measured (a missed budget is printed as NOT met); 2 usage error.`;

let values: ReturnType<typeof parseOptions>['values'];
try {
  values = parseOptions().values;
} catch (error) {
  console.error(`analytics bench: ${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function parseOptions() {
  return parseArgs({
    options: {
      help: { type: 'boolean' },
      events: { type: 'string', default: '1000000' },
      'audit-events': { type: 'string' },
      seed: { type: 'string', default: '1' },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
      'by-clinician': { type: 'boolean' },
      'no-plain': { type: 'boolean' },
      child: { type: 'string' },
      path: { type: 'string' },
      roles: { type: 'string' },
    },
  });
}

interface Measured {
  ms: number;
  cpuMs: number;
  peakRss: number;
  lines: number;
  rows: number;
}

/** In the child: one measurement, printed as JSON on stdout. */
async function child(kind: string, path: string): Promise<Measured> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  let rows = 0;
  if (kind === 'plain' || kind === 'plain-audit') {
    const counts = new Map<unknown, number>();
    for await (const { text } of lines(path)) {
      const value = JSON.parse(text) as { type?: string; subtype?: { code?: string }[] };
      const type = kind === 'plain' ? value.type : value.subtype?.[0]?.code;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      count += 1;
    }
    rows = counts.size;
  } else {
    const analysis = await analyzeFiles([path], {
      format: kind === 'audit' ? 'audit' : 'canonical',
      ...(values.roles ? { roles: values.roles } : {}),
      ...(values.threads ? { threads: Number(values.threads) } : {}),
      ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
      perClinician: values['by-clinician'] === true,
    });
    count = analysis.files.reduce((n, f) => n + f.loaded, 0);
    rows = analysis.metrics.length;
  }
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    // maxRSS is in kilobytes: the peak of this process, DuckDB's threads included.
    peakRss: process.resourceUsage().maxRSS * 1024,
    lines: count,
    rows,
  };
}

if (values.child && values.path) {
  process.stdout.write(`${JSON.stringify(await child(values.child, values.path))}\n`);
  process.exit(0);
}

const events = Number(values.events);
const auditEvents = Number(values['audit-events'] ?? values.events);
const seed = values.seed;
const GENERATE = new URL('../../src/analytics/generate-cli.ts', import.meta.url).pathname;
const SELF = new URL(import.meta.url).pathname;

function input(count: number, format: 'canonical' | 'audit'): string {
  // v4: the generator spreads the events over the months asked for since then; older files are not reused.
  const path = join(tmpdir(), `learning-loop-bench-v4-${format}-${count}-seed${seed}.ndjson`);
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

/** The seed's clinicians as PractitionerRole NDJSON (generated once, like the inputs). */
function roles(): string {
  const path = join(tmpdir(), `learning-loop-bench-v4-roles-seed${seed}.ndjson`);
  if (!existsSync(path))
    execFileSync(process.execPath, [
      '--import',
      'tsx',
      GENERATE,
      '--count',
      '0',
      '--seed',
      seed,
      '--out',
      '/dev/null',
      '--roles',
      path,
    ]);
  return path;
}

function measure(kind: string, path: string): Measured {
  const args = ['--import', 'tsx', SELF, '--child', kind, '--path', path, '--roles', roles()];
  for (const name of ['threads', 'memory-limit'] as const)
    if (values[name]) args.push(`--${name}`, values[name]);
  if (values['by-clinician']) args.push('--by-clinician');
  return JSON.parse(
    execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 }),
  ) as Measured;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function run(label: string, kind: 'canonical' | 'audit', path: string, budgetMs: number) {
  const result = measure(kind, path);
  const plain = values['no-plain'] ? undefined : measure(kind === 'audit' ? 'plain-audit' : 'plain', path);
  console.log(
    `${label}: ${result.lines.toLocaleString('en')} lines to ${result.rows} metric rows in ${s(result.ms)} ` +
      `(${s(result.cpuMs)} of CPU; budget ${s(budgetMs)}, ${result.ms <= budgetMs ? 'met' : 'NOT met'}); ` +
      `peak RSS ${mib(result.peakRss)}` +
      (plain
        ? `; plain JS pass ${s(plain.ms)}, analysis / plain pass ${(result.ms / plain.ms).toFixed(2)}`
        : ''),
  );
}

const [load] = loadavg();
console.log(
  `load average ${load?.toFixed(2)} on ${availableParallelism()} cores${(load ?? 0) > 1.5 ? ': NOT quiet, figures are upper bounds' : ''}`,
);
const scaled = (per1M: number, count: number) => (per1M * count) / 1e6;
if (events > 0)
  run(
    `canonical NDJSON, ${events.toLocaleString('en')} events`,
    'canonical',
    input(events, 'canonical'),
    scaled(2000, events),
  );
if (auditEvents > 0)
  run(
    `AuditEvents through the ViewDefinition, ${auditEvents.toLocaleString('en')}`,
    'audit',
    input(auditEvents, 'audit'),
    scaled(10000, auditEvents),
  );
