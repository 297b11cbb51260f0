import type { Coding, Location } from '@medplum/fhirtypes';
import type { EhrConfig } from '../config/schema';

export type UnitTypeMap = EhrConfig['unitTypes'];

const token = (c: Coding) => `${c.system ?? ''}|${c.code ?? ''}`;

function coding(value: string): Coding {
  const bar = value.indexOf('|');
  return { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

/**
 * The unit types a ward counts as for the rules: its own `Location.type` codings, plus what the
 * deployment's config maps its id or its local type codes to. An empty list means the ward's type is
 * unknown (the rules then show unit-limited prompts with a note rather than stay silent).
 *
 * @example
 * unitTypesOf(ward, { byWard: {}, byType: { 'https://ehr.example.org/ward-type|MED': ['http://terminology.hl7.org/CodeSystem/v3-RoleCode|HU'] } });
 * // [{ system: 'https://ehr.example.org/ward-type', code: 'MED' }, { system: '…/v3-RoleCode', code: 'HU' }]
 */
export function unitTypesOf(ward: Location, map: UnitTypeMap): Coding[] {
  const own = (Array.isArray(ward.type) ? ward.type : [])
    .flatMap((t) => (Array.isArray(t?.coding) ? t.coding : []))
    .filter((c): c is Coding => typeof c?.system === 'string' && typeof c.code === 'string');
  const mapped = [
    ...(ward.id ? (map.byWard[ward.id] ?? []) : []),
    ...own.flatMap((c) => map.byType[token(c)] ?? []),
  ].map(coding);
  const seen = new Set<string>();
  return [...own, ...mapped].filter((c) => !seen.has(token(c)) && !!seen.add(token(c)));
}
