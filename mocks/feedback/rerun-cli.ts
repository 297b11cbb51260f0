/**
 * `node --import tsx mocks/feedback/rerun-cli.ts [DUMP]`: re-runs the measures over a dump of the
 * simulator's EHR (JSON `{ "now": ..., "resources": [...] }`, from DUMP or stdin) and writes the reports
 * to write back as JSON on stdout (`{ periods, reports, groups, events, notes }`, see rerun.ts). The
 * simulator's dev server runs it when "Re-run the measures" is clicked (smart-launch/simulator/
 * measures-plugin.ts).
 *
 * Exit codes: 0 done; 1 the batch failed; 2 the dump is not readable (not JSON, no `now`, no
 * `resources` array).
 */
import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Resource } from '@medplum/fhirtypes';
import { rerunSimulator } from './rerun';
import type { SimulatorRecord } from './rerun';

const FEEDBACK = fileURLToPath(new URL('./feedback.json', import.meta.url));

export const HELP = `usage: node --import tsx mocks/feedback/rerun-cli.ts [DUMP] > reports.json

Re-runs the measures batch over the simulator's EHR (a JSON dump { "now": "<instant>", "resources": [...] },
from DUMP or stdin) for the current month and the one before, and prints the MeasureReports to write
back as JSON.

Exit codes: 0 done; 1 the batch failed; 2 the dump is not readable.`;

/**
 * The dump, checked; a message saying what is wrong otherwise.
 *
 * @example
 * parseDump('{"resources": []}'); // 'no "now" instant'
 */
export function parseDump(body: string): SimulatorRecord | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const dump = json as { now?: unknown; resources?: unknown } | null;
  if (typeof dump?.now !== 'string' || Number.isNaN(Date.parse(dump.now))) return 'no "now" instant';
  if (!Array.isArray(dump.resources)) return 'no "resources" array';
  return { now: dump.now, resources: dump.resources as Resource[] };
}

/**
 * The command: the exit code (0, 1 or 2, see HELP).
 *
 * @example
 * process.exitCode = await main(['dump.json']);
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const [file] = argv;
  let record: SimulatorRecord | string;
  try {
    record = parseDump(file ? readFileSync(file, 'utf8') : await text(process.stdin));
  } catch (error) {
    record = (error as Error).message;
  }
  if (typeof record === 'string') {
    console.error(`rerun: ${file ?? 'stdin'}: ${record}`);
    return 2;
  }
  try {
    const seed = JSON.parse(readFileSync(FEEDBACK, 'utf8')) as Resource[];
    const out = await rerunSimulator(record, seed);
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (error) {
    console.error(`rerun: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
