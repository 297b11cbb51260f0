/**
 * NDJSON read line by line in large chunks (a 1 GB file never becomes one string), with line numbers
 * for every line, so a bad one is reported where it is.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export interface Line {
  /** 1-based, counting blank lines too, as an editor does. */
  number: number;
  text: string;
}

/**
 * Every non-blank line of a file; `onBytes` hears how far it got.
 *
 * @example for await (const { number, text } of lines('events.ndjson')) ...
 */
export async function* lines(path: string, onBytes?: (read: number) => void): AsyncGenerator<Line> {
  let rest = '';
  let number = 0;
  let read = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 << 20 })) {
    // A byte order mark before the first line is the file's, not the event's.
    const text = rest + (read === 0 ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string));
    read += Buffer.byteLength(chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      number += 1;
      const line = text.slice(start, end);
      start = end + 1;
      if (line.trim() !== '') yield { number, text: line };
    }
    rest = text.slice(start);
    onBytes?.(read);
  }
  if (rest.trim() !== '') yield { number: number + 1, text: rest };
}

export type Format = 'canonical' | 'audit';

/**
 * What a file holds, from its first parseable lines: FHIR AuditEvents or canonical events; undefined
 * for an empty file or one with no JSON object in its first 20 lines.
 *
 * @example await detectFormat('export/AuditEvent.ndjson') // 'audit'
 */
export async function detectFormat(path: string): Promise<Format | undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '');
    for (const text of head.split('\n').slice(0, 20)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      const record = value as Record<string, unknown>;
      if (record.resourceType === 'AuditEvent') return 'audit';
      if (typeof record.id === 'string' && typeof record.type === 'string') return 'canonical';
    }
    // One line longer than the buffer (an AuditEvent with a large entity) is cut off, so not JSON here.
    if (!head.includes('\n') && /^\s*\{\s*"resourceType"\s*:\s*"AuditEvent"/.test(head)) return 'audit';
    return undefined;
  } finally {
    await handle.close();
  }
}
