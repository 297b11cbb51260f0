/**
 * `npm run events:generate -- --count 1000000 [--seed S] [--out file] [--format canonical|audit]
 * [--pseudonym-key K] [--roles file]`: synthetic events as NDJSON, streamed (never one big string).
 * Exit codes: 0 written, 1 usage, 2 output not writable.
 */
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { toAuditEvent } from '../telemetry/audit-event';
import { clinicians, generateEvents } from './generate';

const HELP = `Usage: npm run events:generate -- --count N [options]

Writes N synthetic interaction events (duplicates included) as NDJSON.

  --count N            lines to write (required)
  --seed S             random seed (default 1): the same seed gives the same file
  --out FILE           where to write (default: standard output)
  --format F           canonical (default, as the NDJSON sink sends) or audit (FHIR AuditEvents)
  --pseudonym-key K    patient, practitioner and encounter ids as HMAC pseudonyms, as a sink with a key
  --roles FILE         also write the clinicians as PractitionerRole NDJSON (for analyze --roles)
  --start YYYY-MM-DD   first day (default 2026-01-01); --months M span (default 6)
  --clinicians N       how many clinicians (default 200)
  -h, --help           this text

Exit codes: 0 written, 1 usage error, 2 output not writable.`;

function* chunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Streams the lines with backpressure; rejects when the output cannot be opened or written. */
async function write(stream: Writable, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks(lines)), stream, { end: stream !== process.stdout });
}

function* map<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** What is wrong with the values, said plainly; undefined when nothing is. */
function usageProblem(args: Record<string, string | boolean | undefined>): string | undefined {
  const whole = (v: unknown) => typeof v === 'string' && /^\d+$/.test(v);
  if (!whole(args.count)) return `--count must be a whole number, not "${String(args.count ?? '')}"`;
  if (typeof args.seed !== 'string' || !/^-?\d+$/.test(args.seed)) return '--seed must be an integer';
  if (args.format !== 'canonical' && args.format !== 'audit') return '--format must be canonical or audit';
  for (const name of ['months', 'clinicians'])
    if (args[name] !== undefined && (!whole(args[name]) || Number(args[name]) < 1))
      return `--${name} must be a whole number of at least 1, not "${String(args[name])}"`;
  if (args.start !== undefined) {
    const start = String(args.start);
    const day = /^\d{4}-\d{2}-\d{2}$/.test(start) ? new Date(`${start}T00:00:00Z`) : undefined;
    if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== start)
      return `--start must be a day such as 2026-01-01, not "${start}"`;
  }
  return undefined;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        count: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        format: { type: 'string', default: 'canonical' },
        'pseudonym-key': { type: 'string' },
        roles: { type: 'string' },
        start: { type: 'string' },
        months: { type: 'string' },
        clinicians: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const problem = usageProblem(args);
  if (problem) {
    process.stderr.write(`${problem}\n\n${HELP}\n`);
    return 1;
  }
  const options = {
    count: Number(args.count),
    seed: Number(args.seed),
    ...(args.start ? { start: args.start } : {}),
    ...(args.months ? { months: Number(args.months) } : {}),
    ...(args.clinicians ? { clinicians: Number(args.clinicians) } : {}),
    ...(args['pseudonym-key'] ? { pseudonymKey: args['pseudonym-key'] } : {}),
  };
  const seed = options.seed;
  const pseudonymous = !!args['pseudonym-key'];
  const events = generateEvents(options);
  const lines =
    args.format === 'audit'
      ? map(events, (e) => `${JSON.stringify(toAuditEvent(e, { pseudonymous }))}\n`)
      : map(events, (e) => `${JSON.stringify(e)}\n`);
  try {
    await write(args.out ? createWriteStream(args.out) : process.stdout, lines);
    if (args.roles) {
      const roles = clinicians(options.clinicians ?? 200, seed).map((c, i) => ({
        resourceType: 'PractitionerRole',
        id: `role-${i}`,
        practitioner: { reference: c.ref },
        code: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: c.role }] },
        ],
        location: [{ reference: c.unit }],
      }));
      await write(
        createWriteStream(args.roles),
        map(roles, (r) => `${JSON.stringify(r)}\n`),
      );
    }
  } catch (error) {
    // A reader that stopped early (`| head`) is not a failure of the writer.
    if ((error as { code?: string }).code === 'EPIPE') return 0;
    process.stderr.write(`cannot write: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return 0;
}

process.exitCode = await main();
