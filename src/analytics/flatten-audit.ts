/**
 * AuditEvent NDJSON (a byte range of a file) through the app's ViewDefinition to flat rows as NDJSON:
 * the work one worker thread does. Line numbers are counted from the start of the range; the caller
 * adds the lines of the ranges before it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { flatFromView, flatProblem, type FlatRow } from './flat';
import { compileView, type CompiledView } from './view/run';

export interface RangeResult {
  loaded: number;
  /** Lines in the range, blank ones included. */
  lines: number;
  skipped: { line: number; reason: string }[];
}

let view: CompiledView | undefined;

/** The app's ViewDefinition, compiled once per thread. */
export async function appView(): Promise<CompiledView> {
  view ??= compileView(
    JSON.parse(await readFile(new URL('./views/audit-event.json', import.meta.url), 'utf8')),
  );
  return view;
}

/**
 * An AuditEvent's flat row through the app's view, or undefined when the view gives no row.
 *
 * @example auditRow(toAuditEvent(event), await appView())?.event_id
 */
export function auditRow(resource: unknown, compiled: CompiledView): FlatRow | undefined {
  const row = compiled.rows(resource)[0];
  return row ? flatFromView(row) : undefined;
}

/**
 * Flattens bytes [start, end) of `path` (whole lines) into `out`.
 *
 * @example await flattenRange('AuditEvent.ndjson', 0, size, '/tmp/flat-0.ndjson')
 */
export async function flattenRange(
  path: string,
  start: number,
  end: number,
  out: string,
  onBytes?: (read: number) => void,
): Promise<RangeResult> {
  const compiled = await appView();
  const stream = createWriteStream(out);
  const skipped: RangeResult['skipped'] = [];
  let loaded = 0;
  let number = 0;
  let rest = '';
  let chunk = '';
  let read = 0;
  const take = (text: string) => {
    number += 1;
    if (text.trim() === '') return;
    let resource: unknown;
    try {
      resource = JSON.parse(text);
    } catch {
      skipped.push({ line: number, reason: 'not JSON (truncated or corrupt line)' });
      return;
    }
    const row = auditRow(resource, compiled);
    const problem = row ? flatProblem(row) : 'not an AuditEvent of this app (no event tag)';
    if (!row || problem) {
      skipped.push({ line: number, reason: problem ?? '' });
      return;
    }
    chunk += `${JSON.stringify(row)}\n`;
    loaded += 1;
  };
  if (end > start)
    for await (const piece of createReadStream(path, {
      encoding: 'utf8',
      start,
      end: end - 1,
      highWaterMark: 4 << 20,
    })) {
      const text = rest + (piece as string);
      read += Buffer.byteLength(piece as string);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
        take(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
      }
      onBytes?.(read);
    }
  if (rest !== '') take(rest);
  stream.end(chunk);
  await once(stream, 'finish');
  return { loaded, lines: number, skipped };
}
