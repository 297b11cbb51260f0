/**
 * The JavaScript way to flat rows: for AuditEvents when the SQL compiler does not take the view
 * (view/sql.ts), and for any file whose lines DuckDB's JSON reader miscounted (load.ts). The
 * ViewDefinition runner (or the canonical reading) in one worker thread per core, each on its own range of whole lines, its flat
 * rows written to temporary NDJSON files that DuckDB then reads. The app's own view compiles to SQL,
 * which is several times faster; this keeps any other view working.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FLAT_COLUMNS } from './flat';
import { flattenRange, UNREAD_LISTED, type RangeResult } from './flatten-range';
import type { Format } from './lines';
import { readJson } from './view/sql-run';
import { sqlText } from './view/sql-paths';

const flatTypes = `{${FLAT_COLUMNS.map(([n, t]) => `${sqlText(n)}: ${sqlText(t)}`).join(', ')}}`;

/** Byte offsets that cut a file into `parts` ranges of whole lines. */
async function ranges(path: string, size: number, parts: number): Promise<[number, number][]> {
  const cuts = [0];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let k = 1; k < parts; k += 1) {
      let at = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] ?? 0);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) {
          at = size;
          break;
        }
        const nl = buffer.subarray(0, bytesRead).indexOf(10);
        if (nl !== -1) {
          at += nl + 1;
          break;
        }
        at += bytesRead;
      }
      cuts.push(Math.min(at, size));
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((c, i) => [c, cuts[i + 1] ?? size]);
}

function runWorker(
  data: { path: string; start: number; end: number; out: string; format: Format },
  onBytes: (read: number) => void,
): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    // Module hooks (tsx) do not follow a thread: the worker loads tsx's API and imports through it.
    const entry = new URL('./flatten-worker.ts', import.meta.url).href;
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(code, { eval: true, workerData: data });
    worker.on('message', (message: { read?: number; result?: RangeResult }) => {
      if (message.result) resolve(message.result);
      else if (message.read !== undefined) onBytes(message.read);
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`a loader thread stopped (${code})`)),
    );
  });
}

export interface FlattenedFile {
  /** A query giving the flat rows (the view's readable lines only). */
  flat: string;
  loaded: number;
  skipped: { line: number; reason: string }[];
  /** Lines counted whose value of some field was read as empty: the first UNREAD_LISTED (flatten-range.ts). */
  unread: { line: number; reason: string }[];
  /** All such lines. */
  unreadLines: number;
  /** Removes the temporary files; call once the rows are loaded. */
  cleanup: () => Promise<void>;
}

/**
 * Flattens an AuditEvent (or canonical) file in JavaScript: large files in one worker thread per core.
 *
 * @example const file = await flattenFile('AuditEvent.ndjson'); await insertEvents(duck, file.flat); await file.cleanup()
 */
export async function flattenFile(
  path: string,
  onBytes?: (read: number) => void,
  options: { threads?: number; format?: Format } = {},
): Promise<FlattenedFile> {
  const format = options.format ?? 'audit';
  const { size } = await stat(path);
  const threads = options.threads ?? (size < 16 << 20 ? 1 : Math.min(availableParallelism(), 4));
  const dir = await mkdtemp(join(tmpdir(), 'learning-loop-flat-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const parts = await ranges(path, size, threads);
    const read = parts.map(() => 0);
    const report = (i: number) => (bytes: number) => {
      read[i] = bytes;
      onBytes?.(read.reduce((a, b) => a + b, 0));
    };
    const outs = parts.map((_, i) => join(dir, `flat-${i}.ndjson`));
    const results =
      threads === 1
        ? [await flattenRange(path, 0, size, outs[0] ?? '', report(0), format)]
        : await Promise.all(
            parts.map(([start, end], i) =>
              runWorker({ path, start, end, out: outs[i] ?? '', format }, report(i)),
            ),
          );
    let before = 0;
    const skipped: FlattenedFile['skipped'] = [];
    const unread: FlattenedFile['unread'] = [];
    for (const result of results) {
      skipped.push(...result.skipped.map((s) => ({ ...s, line: s.line + before })));
      unread.push(...result.unread.map((s) => ({ ...s, line: s.line + before })));
      before += result.lines;
    }
    const loaded = results.reduce((n, r) => n + r.loaded, 0);
    const names = FLAT_COLUMNS.map(([n]) => n).join(', ');
    const none = FLAT_COLUMNS.map(([n, t]) => `NULL::${t} AS ${n}`).join(', ');
    const flat =
      loaded > 0 ? `SELECT ${names} FROM ${readJson(outs, flatTypes)}` : `SELECT ${none} WHERE false`;
    const unreadLines = results.reduce((n, r) => n + r.unreadLines, 0);
    return { flat, loaded, skipped, unread: unread.slice(0, UNREAD_LISTED), unreadLines, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
