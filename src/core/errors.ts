/**
 * The message of anything thrown: an Error's message, or the thrown value as text (a string, a
 * rejected fetch's reason, a DOMException from IndexedDB).
 *
 * @example
 * messageOf(new Error('timed out')); // 'timed out'
 * messageOf('quota exceeded'); // 'quota exceeded'
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
