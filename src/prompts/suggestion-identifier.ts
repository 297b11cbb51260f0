/**
 * Identifies a resource a suggestion drafted, so a retried or repeated accept creates nothing new, and
 * the EHR (or the simulator signing drafts) can tell our drafts from its own orders. A module of its
 * own, importing nothing, so a page that needs only this string (the simulator) does not pull the
 * drafts' FHIR code into a chunk the panel shell then has to load.
 *
 * @example resource.identifier?.some((i) => i.system === SUGGESTION_IDENTIFIER_SYSTEM)
 */
export const SUGGESTION_IDENTIFIER_SYSTEM = 'urn:learning-loop:suggestion';
