/**
 * A patient the measure engine could not evaluate: reported by patient and measure with the engine's
 * own words, instead of one malformed record failing every patient evaluated with it.
 */

/** A patient the engine could not evaluate for a measure, and the engine's own words why. */
export interface EvaluationFailure {
  /** `Patient/<id>`. */
  patient: string;
  measure: string;
  message: string;
}

/**
 * cql-execution's message without its banner: the error and the library it came from.
 *
 * @example engineMessage(error) // "Invalid UCUM unit: 'percent'. (in FHIRHelpers|4.0.1)"
 */
export function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const message = /Error Message:\s*(.*)/.exec(text)?.[1]?.trim();
  const library = /CQL Library:\s*(.*)/.exec(text)?.[1]?.trim();
  return message ? `${message}${library ? ` (in ${library})` : ''}` : (text.split('\n')[0] ?? text);
}
