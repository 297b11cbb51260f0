/**
 * Clinician roles. Events carry no role: it is joined from PractitionerRole resources when the analyst
 * has them (NDJSON, e.g. from the same Bulk export), matching `practitioner.reference`; otherwise every
 * role is 'unknown'. With pseudonymised events, give the sink's key so the references are
 * pseudonymised the same way (HMAC-SHA-256, as `src/telemetry/sinks.ts` does) and still match.
 */
import { createHmac } from 'node:crypto';
import { lines } from './lines';

interface PractitionerRole {
  resourceType?: unknown;
  practitioner?: { reference?: unknown };
  code?: { coding?: { code?: unknown; display?: unknown }[]; text?: unknown }[];
}

/** The pseudonym a sink with this key gives a reference. */
export function pseudonym(reference: string, key: string): string {
  return `${reference.split('/')[0]}/${createHmac('sha256', key).update(reference).digest('hex')}`;
}

/**
 * Practitioner reference to role code (the first role given for each practitioner).
 *
 * @example await readRoles('PractitionerRole.ndjson') // Map { 'Practitioner/p1' => 'doctor' }
 */
export async function readRoles(
  path: string,
  options: { pseudonymKey?: string } = {},
): Promise<{ roles: Map<string, string>; skipped: { line: number; reason: string }[] }> {
  const roles = new Map<string, string>();
  const skipped: { line: number; reason: string }[] = [];
  for await (const { number, text } of lines(path)) {
    let resource: PractitionerRole;
    try {
      resource = JSON.parse(text) as PractitionerRole;
    } catch {
      skipped.push({ line: number, reason: 'not JSON (truncated or corrupt line)' });
      continue;
    }
    const reference = resource.practitioner?.reference;
    const coding = resource.code?.[0]?.coding?.[0];
    const role = coding?.code ?? coding?.display ?? resource.code?.[0]?.text;
    if (
      resource.resourceType !== 'PractitionerRole' ||
      typeof reference !== 'string' ||
      typeof role !== 'string'
    ) {
      skipped.push({ line: number, reason: 'not a PractitionerRole with a practitioner and a code' });
      continue;
    }
    // No engine takes a NUL in a text literal (PostgreSQL none at all): named, not a failed analysis.
    if (reference.includes('\0') || role.includes('\0')) {
      skipped.push({ line: number, reason: 'a NUL character in the practitioner reference or the role' });
      continue;
    }
    const key = options.pseudonymKey ? pseudonym(reference, options.pseudonymKey) : reference;
    if (!roles.has(key)) roles.set(key, role);
  }
  return { roles, skipped };
}
