/** A reference split into type and id, whatever form the server wrote it in. */
export interface ParsedReference {
  type: string;
  id: string;
}

const TYPE_ID = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/**
 * Parses `Patient/123`, `https://ehr/fhir/Patient/123` (Epic sends `fhirUser` absolute) and
 * `Patient/123/_history/2`. Contained (`#x`), logical-only and malformed references give undefined.
 */
export function parseReference(reference: unknown): ParsedReference | undefined {
  if (typeof reference !== 'string' || reference.startsWith('#')) return undefined;
  const match = TYPE_ID.exec(reference.split('?')[0] ?? '');
  if (!match) return undefined;
  const [, type, id] = match;
  return type && id ? { type, id } : undefined;
}

/** `Type/id`, the index key used across the app. */
export function referenceKey(ref: ParsedReference): string {
  return `${ref.type}/${ref.id}`;
}

/** A FHIR id is safe to put in a URL path or a search value as it is (the spec limits its alphabet). */
export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(value);
}

/**
 * A CDS Hooks `userId` (`Practitioner/abc`) from a SMART `fhirUser`, which some EHRs (Epic) send as an
 * absolute URL; undefined when it names no user resource type.
 */
export function toUserId(fhirUser: string): string | undefined {
  const match = /(?:^|\/)(Practitioner|PractitionerRole|Patient|RelatedPerson)\/([A-Za-z0-9\-.]{1,64})$/.exec(
    fhirUser.trim(),
  );
  return match ? `${match[1]}/${match[2]}` : undefined;
}
