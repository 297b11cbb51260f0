/**
 * Text from the data (ids, file names from an export's manifest, the engine's messages) made safe for
 * a terminal: an escape sequence in a resource id would otherwise recolour, move or hide what a command
 * prints, a newline would forge a line of its own, and a bidi override would show a message reordered.
 * One set of characters for both command lines: the measures show them escaped, the analytics (whose
 * lines quote input files) leave them out.
 *
 * @example printable('Patient/\u001b[31mp1') // 'Patient/\\x1b[31mp1'
 */

/** C0 and C1 controls (with DEL; newline and tab too: a message is one line) and the bidi overrides. */
const UNPRINTABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The text with each control or bidi override as a visible escape (`\x1b`, `\u202e`). Applying it twice
 * changes nothing more (the escapes are printable), so a message escaped where it is made can be
 * escaped again where it is printed.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The text without its controls and bidi overrides (newline and tab too: call it per line).
 *
 * @example withoutControls('2026\u001b[2J') // '2026[2J'
 */
export const withoutControls = (text: string): string => text.replace(UNPRINTABLE, '');

/**
 * A URL as it may be shown or logged: without its query and fragment (where a signed link or a
 * followed guideline carries a secret or a patient id) and its credentials; '' when it is not a URL.
 *
 * @example withoutQuery('https://u:p@cdn.example.org/f.ndjson?sig=x#y') // 'https://cdn.example.org/f.ndjson'
 */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '';
  }
}
