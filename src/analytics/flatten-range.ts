/**
 * NDJSON (a byte range of a file) to flat rows as NDJSON, in JavaScript (line-row.ts): AuditEvents
 * through the app's ViewDefinition, or canonical events; the work one worker thread does. Line numbers are counted from the start of the range; the caller
 * adds the lines of the ranges before it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { lineRow, viewFor } from './line-row';
import type { Format } from './lines';

export interface RangeResult {
  loaded: number;
  /** Lines in the range, blank ones included. */
  lines: number;
  skipped: { line: number; reason: string }[];
  /**
   * Lines read as events with a value their field's type cannot take, read as empty (line-row.ts):
   * the first UNREAD_LISTED of them; a sink that writes a field wrongly on every line would otherwise
   * list millions. `unreadLines` counts them all.
   */
  unread: { line: number; reason: string }[];
  unreadLines: number;
}

/** How many lines with a field read as empty are listed per file (all are counted). */
export const UNREAD_LISTED = 1000;

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
  format: Format = 'audit',
): Promise<RangeResult> {
  const compiled = await viewFor(format);
  const stream = createWriteStream(out);
  const skipped: RangeResult['skipped'] = [];
  const unread: RangeResult['unread'] = [];
  let unreadLines = 0;
  let loaded = 0;
  let number = 0;
  let rest = '';
  let chunk = '';
  let read = 0;
  const take = (text: string) => {
    number += 1;
    if (text.trim() === '') return;
    const { row, problem, unread: fields } = lineRow(text, compiled);
    if (!row) {
      skipped.push({ line: number, reason: problem });
      return;
    }
    if (fields && ++unreadLines <= UNREAD_LISTED)
      unread.push({ line: number, reason: `${fields.join('; ')}: read as empty` });
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
      // A byte order mark starts the first line of some exported files: not part of the event.
      const text =
        rest + (read === 0 && start === 0 ? (piece as string).replace(/^\uFEFF/, '') : (piece as string));
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
  return { loaded, lines: number, skipped, unread, unreadLines };
}
