/*
 * Patient bundles for rule tests: from the synthetic generator (resources that reference the
 * patient, plus the Patient itself) and from the public samples (a copy of ../shared/fhir-samples in
 * test/fixtures/fhir-samples, so CI runs them too), with
 * their dates shifted relative to a chosen "now".
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bundle, Coding, Location, Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../../mocks/data/index';
import type { SyntheticDataset, SyntheticPatient } from '../../../mocks/data/index';
import type { PromptCard } from '../../../src/cds/cards';

export const NOW = new Date('2026-01-15T08:00:00Z');
const DAY = 86_400_000;

let dataset: SyntheticDataset | undefined;
export const data = (): SyntheticDataset => (dataset ??= generateDataset({ now: NOW }));

function refersTo(resource: Resource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const target = `Patient/${patientId}`;
  const r = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  return r.subject?.reference === target || r.patient?.reference === target;
}

export function bundleOf(resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

/** The patient's resources as one bundle. */
export function bundleFor(patientId: string, ds = data()): Bundle {
  return bundleOf(ds.resources.filter((r) => refersTo(r, patientId)));
}

/** Location.type codings of the patient's ward, or undefined when the unit is unknown. */
export function unitTypesFor(patient: SyntheticPatient, ds = data()): Coding[] | undefined {
  const ward = ds.resources.find(
    (r): r is Location => r.resourceType === 'Location' && r.id === patient.unitId,
  );
  return ward?.type?.flatMap((t) => t.coding ?? []);
}

/** The rule ids of a patient's cards (PlanDefinition ids, the card's source topic). */
export const ruleIds = (cards: PromptCard[]): string[] => cards.map((c) => c.card.source.topic?.code ?? '?');

/** Rule ids a patient's scenario tags say should fire (`<rule>:trigger...`). */
export const expectedRules = (p: SyntheticPatient): string[] =>
  p.scenarios.filter((t) => /^[^:]+:trigger/.test(t)).map((t) => t.split(':')[0] ?? '');

export const SAMPLES = fileURLToPath(new URL('../../fixtures/fhir-samples/', import.meta.url));
export const samplesPresent = existsSync(SAMPLES);

export function loadSample(path: string): Bundle {
  return JSON.parse(readFileSync(`${SAMPLES}${path}`, 'utf8')) as Bundle;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Every date and dateTime in `value` moved by whole `days` (so date-only values stay exact). */
export function shiftDates<T>(value: T, days: number): T {
  const step = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(step);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, step(x)]));
    if (typeof v === 'string' && DATE.test(v))
      return new Date(Date.parse(`${v}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
    if (typeof v === 'string' && DATE_TIME.test(v)) return new Date(Date.parse(v) + days * DAY).toISOString();
    return v;
  };
  return step(value) as T;
}

/** Days to shift so that `anchor` (an instant in the sample) lands `daysAgo` days before NOW. */
export const shiftFor = (anchor: string, daysAgo: number): number =>
  Math.round((NOW.getTime() - Date.parse(anchor)) / DAY) - daysAgo;

/** A card's Markdown detail as the clinician reads it: backslash escapes (record text is escaped) undone. */
export const shown = (markdown: string | undefined): string => (markdown ?? '').replace(/\\(.)/g, '$1');
