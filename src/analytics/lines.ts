/**
 * NDJSON read line by line in large chunks (a 1 GB file never becomes one string), with line numbers
 * for every line, so a bad one is reported where it is.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { flatProblem, utcMillis } from './flat';

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
    const text = rest + (chunk as string);
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
    for (const text of buffer.toString('utf8', 0, bytesRead).split('\n').slice(0, 20)) {
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
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Why a canonical event line cannot be counted, or undefined when it can: the same test the DuckDB
 * loader applies (a JSON object whose id is a UUID, with a type and an RFC 3339 UTC time).
 *
 * @example canonicalProblem('{"id":1}') // 'the event id is not a UUID'
 */
export function canonicalProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON (truncated or corrupt line)';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const { id, type, at } = value as Record<string, unknown>;
  const ms = typeof at === 'string' ? utcMillis(at) : NaN;
  return flatProblem({
    event_id: typeof id === 'string' ? id : null,
    event_type: type === null || type === undefined ? null : String(type),
    at_ms: Number.isNaN(ms) ? null : ms,
    event_time: typeof at === 'string' ? at : null,
  });
}
