/**
 * The names a JSON object gives twice, which JSON.parse reads silently (the last value wins) and
 * DuckDB's strict reader refuses. Written by hand: no JSON library in the project reports them, and
 * the check runs only on a line that might have one (a cheap count first, then one pass over it).
 * Keys with a dot or brackets in their names are not given paths that withoutRepeated can follow; no
 * field the app reads has one.
 */

/** Every key of the parsed value, at every depth. */
function keysIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item: unknown) => n + keysIn(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const item of Object.values(value)) n += 1 + keysIn(item);
  return n;
}

/**
 * Every place in `text` that could be a key: a closing quote, then a colon. A key always is one, so
 * when there are no more of them than keys JSON.parse kept, no key was given twice.
 */
const keyLike = (text: string) => text.match(/"\s*:/g)?.length ?? 0;

interface Level {
  /** The names given so far in an object; undefined in an array. */
  names: Set<string> | undefined;
  /** Where this object or array is (`entity[1].detail`; '' at the top). */
  path: string;
  /** The last key read in an object, or the index of the current item in an array. */
  key: string;
  index: number;
}

/** The end (index after the closing quote) of the JSON string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** The keys given twice in one pass over valid JSON text, each with its path (`entity[1].detail`). */
function scan(text: string): string[] {
  const repeated: string[] = [];
  const stack: Level[] = [];
  const here = () => {
    const parent = stack[stack.length - 1];
    if (!parent) return '';
    return parent.names ? join(parent.path, parent.key) : `${parent.path}[${parent.index}]`;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const level = stack[stack.length - 1];
    if (c === '{' || c === '[')
      stack.push({ names: c === '{' ? new Set() : undefined, path: here(), key: '', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && level && !level.names) level.index += 1;
    else if (c === '"') {
      const end = stringEnd(text, i);
      let next = end;
      while (/\s/.test(text[next] ?? '')) next += 1;
      if (level?.names && text[next] === ':') {
        const name = JSON.parse(text.slice(i, end)) as string;
        if (level.names.has(name)) repeated.push(join(level.path, name));
        level.names.add(name);
        level.key = name;
      }
      i = end - 1;
    }
  }
  return repeated;
}

/** `path`'s segments: object keys and array indices (`a[1].b` is a, 1, b). */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] === undefined ? (m[1] ?? '') : Number(m[2]),
  );
}

/**
 * Takes the value at each of `paths` out of the parsed `value` (in place): a key given twice has no
 * one value to trust, so it is read as empty, as DuckDB's strict reader refuses the line.
 */
export function withoutRepeated(value: unknown, paths: readonly string[]): void {
  for (const path of paths) {
    const steps = segments(path);
    const last = steps.pop();
    let at: unknown = value;
    for (const step of steps) at = (at as Record<string | number, unknown> | null)?.[step];
    if (at !== null && typeof at === 'object' && typeof last === 'string')
      delete (at as Record<string, unknown>)[last];
  }
}

/**
 * The keys `text` (valid JSON, parsed as `value`) gives more than once in one object, as dotted paths.
 *
 * @example repeatedKeys('{"a":1,"a":2}', { a: 2 }) // ['a']
 */
export function repeatedKeys(text: string, value: unknown): string[] {
  return keyLike(text) > keysIn(value) ? scan(text) : [];
}
