import type { Encounter, HumanName, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';

/** What the patient banner shows. Every field tolerates a malformed or partial resource. */
export interface PatientSummary {
  id: string;
  /** `undefined` means the record has no usable name: the banner says so rather than guess. */
  name: string | undefined;
  /** Whole years at `now`; `undefined` when birthDate is missing or not a date. */
  ageYears: number | undefined;
  sex: string | undefined;
  mrn: string | undefined;
}

export interface EncounterSummary {
  id: string;
  /** e.g. "inpatient"; `undefined` when the class is not coded. */
  classLabel: string | undefined;
  status: string | undefined;
  /** ISO start of the encounter, when it parses as a date. */
  start: string | undefined;
}

export interface ClinicianSummary {
  id: string;
  name: string | undefined;
  roles: string[];
}

const CLASS_LABELS: Record<string, string> = {
  IMP: 'inpatient',
  ACUTE: 'inpatient acute',
  NONAC: 'inpatient non-acute',
  EMER: 'emergency',
  AMB: 'ambulatory',
  OBSENC: 'observation',
  SS: 'short stay',
  HH: 'home health',
  VR: 'virtual',
  PRENC: 'pre-admission',
};

const strings = (values: unknown): string[] =>
  Array.isArray(values) ? values.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];

/** The name to show: official, then usual, then any; `text` when given, else given + family. */
export function displayName(names: unknown): string | undefined {
  if (!Array.isArray(names)) return undefined;
  const valid = names.filter((n): n is HumanName => typeof n === 'object' && n !== null);
  const current = valid.filter((n) => !n.period?.end);
  const pick =
    current.find((n) => n.use === 'official') ??
    current.find((n) => n.use === 'usual') ??
    current[0] ??
    valid[0];
  if (!pick) return undefined;
  if (typeof pick.text === 'string' && pick.text.trim()) return pick.text.trim();
  const parts = [
    ...strings(pick.prefix),
    ...strings(pick.given),
    ...(typeof pick.family === 'string' ? [pick.family] : []),
  ];
  return parts.length ? parts.join(' ') : undefined;
}

/** Whole years between a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) and now. */
export function ageInYears(birthDate: unknown, now: Date): number | undefined {
  if (typeof birthDate !== 'string') return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  let age = now.getUTCFullYear() - y;
  const beforeBirthday = now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 0 && age < 150 ? age : undefined;
}

export function summarisePatient(patient: Patient, now: Date): PatientSummary {
  const identifiers = Array.isArray(patient.identifier) ? patient.identifier : [];
  const mrn = identifiers.find((i) => i?.type?.coding?.some((c) => c?.code === 'MR')) ?? identifiers[0];
  return {
    id: String(patient.id),
    name: displayName(patient.name),
    ageYears: ageInYears(patient.birthDate, now),
    sex: typeof patient.gender === 'string' ? patient.gender : undefined,
    mrn: typeof mrn?.value === 'string' ? mrn.value : undefined,
  };
}

export function summariseEncounter(encounter: Encounter): EncounterSummary {
  const klass = (encounter as { class?: { code?: unknown; display?: unknown } }).class;
  const code = typeof klass?.code === 'string' ? klass.code : undefined;
  const start = encounter.period?.start;
  return {
    id: String(encounter.id),
    classLabel: (code && CLASS_LABELS[code]) ?? (typeof klass?.display === 'string' ? klass.display : code),
    status: typeof encounter.status === 'string' ? encounter.status : undefined,
    start: typeof start === 'string' && !Number.isNaN(Date.parse(start)) ? start : undefined,
  };
}

export function summariseClinician(
  practitioner: Practitioner | undefined,
  id: string,
  roles: PractitionerRole[],
): ClinicianSummary {
  const roleNames = roles
    .flatMap((r) => (Array.isArray(r.code) ? r.code : []))
    .map((c) => c?.text ?? c?.coding?.find((x) => x?.display)?.display)
    .filter((x): x is string => typeof x === 'string');
  return {
    id,
    name: practitioner ? displayName(practitioner.name) : undefined,
    roles: [...new Set(roleNames)],
  };
}
