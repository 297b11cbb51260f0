/*
 * The loop in the simulator, in Node: the re-run the simulator's "Re-run the measures" asks the dev
 * server for (mocks/feedback/rerun.ts) over the simulator's EHR with what a clinician did in it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import type { Encounter, MeasureReport, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { canonicalOf } from '../../../mocks/feedback/audit-events';
import { rerunSimulator } from '../../../mocks/feedback/rerun';
import { feedbackSeed } from '../../../mocks/fhir/feedback-seed';
import { generateDataset } from '../../../mocks/data';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import type { LoopEvent } from '../../../src/telemetry/event';
import { SUGGESTION_IDENTIFIER_SYSTEM } from '../../../src/prompts/drafts';
import { CODE, RXNORM } from './factories';

const seed = JSON.parse(
  readFileSync(new URL('../../../mocks/feedback/feedback.json', import.meta.url), 'utf8'),
) as Resource[];
const NOW = '2026-12-14T09:00:00.000Z';
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.parse(NOW) - hoursAgo * HOUR).toISOString();
let dataset: ReturnType<typeof generateDataset>;
before(() => {
  dataset = generateDataset({ now: new Date(NOW) });
});

const isReport = (r: Resource): r is MeasureReport => r.resourceType === 'MeasureReport';
const find = (reports: MeasureReport[], type: string, measure: string, subject: string, month: string) =>
  reports.find(
    (r) =>
      r.type === type &&
      r.measure?.includes(`/Measure/${measure}|`) &&
      r.subject?.reference === subject &&
      r.period?.start?.startsWith(month),
  );
/** The patients a subject-list report lists in one population. */
function listed(report: MeasureReport | undefined, population: string): string[] {
  const ref = report?.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === population)
    ?.subjectResults?.reference;
  const list = report?.contained?.find((c) => `#${c.id ?? ''}` === ref);
  return list?.resourceType === 'List' ? (list.entry?.map((e) => e.item.reference ?? '') ?? []) : [];
}

/** The prophylaxis order the VTE card drafts, as the app writes it, accepted `hoursAgo` by pr-001. */
function prophylaxis(patient: string, status: 'draft' | 'active', hoursAgo: number): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: `draft-${patient}`,
    identifier: [{ system: SUGGESTION_IDENTIFIER_SYSTEM, value: `card-${patient}:enoxaparin` }],
    status,
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: CODE.enoxaparin40 }] },
    subject: { reference: `Patient/${patient}` },
    encounter: { reference: `Encounter/enc-${patient}` },
    authoredOn: at(hoursAgo),
    requester: { reference: 'Practitioner/pr-001' },
  };
}

const DIRECTORY = ['Practitioner', 'PractitionerRole', 'Location', 'Organization'];
/** The directory and the records of `patients`: the batch over all 40 proves nothing more here. */
const ofPatients =
  (...patients: string[]) =>
  (r: Resource): boolean => {
    if (DIRECTORY.includes(r.resourceType)) return true;
    const own = r as { subject?: { reference?: string }; patient?: { reference?: string } };
    const patient =
      r.resourceType === 'Patient' ? r.id : (own.subject ?? own.patient)?.reference?.replace('Patient/', '');
    return patients.includes(patient ?? '');
  };

/** The generated EHR's two VTE patients as they are (p-001 admitted hours ago, p-002 days ago), and `extra`. */
function record(extra: Resource[]) {
  return { now: NOW, resources: [...dataset.resources.filter(ofPatients('p-001', 'p-002')), ...extra] };
}

test('the month before, re-run with none of the simulator patients, gives back the seeded reports', async () => {
  const directory = dataset.resources.filter((r) =>
    ['Practitioner', 'PractitionerRole', 'Location'].includes(r.resourceType),
  );
  const out = await rerunSimulator({ now: NOW, resources: directory }, seed);
  const seeded = feedbackSeed(seed, new Date(NOW))
    .filter(isReport)
    .filter((r) => r.period?.start?.startsWith('2026-11') && r.type !== 'individual')
    .filter((r) => !/\/Measure\/prompt-/.test(r.measure ?? ''));
  const again = out.reports.filter((r) => r.period?.start?.startsWith('2026-11'));
  assert.ok(seeded.length > 50, `${seeded.length} seeded reports of November`);
  const undated = (list: MeasureReport[]) =>
    list.map((r) => ({ ...r, date: undefined })).sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  assert.deepEqual(undated(again), undated(seeded));
  assert.deepEqual(
    out.periods.map((p) => [p.period, p.evaluated]),
    [
      ['2026-11', 0],
      ['2026-12', 0],
    ],
  );
});

test("a clinician's accepted prophylaxis counts once signed, within the measure's 24 hours", async () => {
  // The generator admits p-001 hours before its now: the prompt's order, once signed, meets the measure;
  // p-002 was admitted days ago (as the simulator's other stays were), so its signed order is late.
  const stay = (id: string) => dataset.resources.find((r) => r.id === id) as Encounter;
  assert.ok(Date.parse(NOW) - Date.parse(stay('enc-p-001').period?.start ?? '') < 24 * HOUR);
  assert.ok(Date.parse(NOW) - Date.parse(stay('enc-p-002').period?.start ?? '') > 48 * HOUR);
  const draftOnly = await rerunSimulator(
    record([prophylaxis('p-001', 'draft', 1), prophylaxis('p-002', 'active', 1)]),
    seed,
  );
  const signed = await rerunSimulator(record([prophylaxis('p-001', 'active', 1)]), seed);
  const mine = (out: typeof signed, population: string) =>
    listed(
      find(out.reports, 'subject-list', 'vte-prophylaxis', 'Practitioner/pr-001', '2026-12'),
      population,
    );
  assert.ok(mine(draftOnly, 'denominator').includes('Patient/p-001'));
  assert.ok(!mine(draftOnly, 'numerator').includes('Patient/p-001'), 'a draft is not an order yet');
  assert.ok(mine(signed, 'numerator').includes('Patient/p-001'), 'signed within 24 h of admission');
  const icuList = find(
    draftOnly.reports,
    'subject-list',
    'vte-prophylaxis',
    'Location/unit-icu',
    stay('enc-p-002').period?.start?.slice(0, 7) ?? '',
  );
  assert.ok(listed(icuList, 'denominator').includes('Patient/p-002'), "p-002 is a case of the ICU's month");
  const icu = listed(icuList, 'numerator');
  assert.ok(!icu.includes('Patient/p-002'), 'ordered days after admission: late');
  const numerator = (out: typeof signed) =>
    find(
      out.reports,
      'summary',
      'vte-prophylaxis',
      'Practitioner/pr-001',
      '2026-12',
    )?.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === 'numerator')?.count ?? 0;
  assert.equal(numerator(signed), numerator(draftOnly) + 1, "her month's numerator moves by one");
  // What the simulator says of each signed order: met, or why not (the late one, as in the simulator).
  const vte = /VTE prophylaxis/;
  assert.ok(
    signed.notes.some((n) => n.includes('Patient/p-001') && vte.test(n) && n.endsWith('met (numerator)')),
    signed.notes.join('\n'),
  );
  assert.ok(
    draftOnly.notes.some((n) => n.includes('Patient/p-002') && vte.test(n) && /ordered \d+ h after/.test(n)),
    draftOnly.notes.join('\n'),
  );
  assert.ok(!draftOnly.notes.some((n) => n.includes('Patient/p-001')), 'a draft is not signed');
});

test("the EHR's audit trail gives the clinician's uptake this month; its ids replace the seeded reports'", async () => {
  const base = {
    session: '7f1c8a52-33d1-4c35-9b0e-2f3a4b5c6d7e',
    app: '0.1.0',
    practitioner: 'Practitioner/pr-001',
    patient: 'Patient/p-001',
    encounter: 'Encounter/enc-p-001',
    unit: 'Location/unit-4b',
    rule: { url: 'https://learning-loop.example.org/fhir/PlanDefinition/vte-prophylaxis', version: '1.0.0' },
    card: '0d6f3f4e-6c1a-4b7e-8f3e-1a2b3c4d5e6f',
    indicator: 'warning',
    source: 'local:starter',
  } as const;
  const events: LoopEvent[] = [
    { ...base, id: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', type: 'card-shown', at: at(2) },
    {
      ...base,
      id: '2c9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      type: 'suggestion-accepted',
      at: at(1),
      suggestion: '3d9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    },
  ];
  const audits = events.map((e) => ({ ...toAuditEvent(e), id: e.id }));
  const accepted = audits[1];
  assert.ok(accepted);
  assert.deepEqual(canonicalOf(accepted), events[1]);
  const out = await rerunSimulator(record(audits), seed);
  const acceptance = find(out.reports, 'summary', 'prompt-acceptance', 'Practitioner/pr-001', '2026-12');
  const counts = acceptance?.group?.[0]?.population?.map((p) => p.count);
  assert.deepEqual(counts, [1, 1], 'one card shown, its suggestion accepted');
  assert.equal(out.events, 2);
  const seededIds = new Set(feedbackSeed(seed, new Date(NOW)).map((r) => r.id));
  const november = out.reports.filter(
    (r) => r.period?.start?.startsWith('2026-11') && r.type !== 'individual',
  );
  assert.ok(
    november.every((r) => seededIds.has(r.id)),
    'November reports replace the seeded ones',
  );
  assert.ok(!out.reports.some((r) => r.period?.start?.startsWith('2026-12') && seededIds.has(r.id)));
});

test('on the generated EHR as it is, a signed statin meets the statin measure of the current month', async () => {
  // The statin card's first suggestion (atorvastatin 20 mg, RxNorm 617310) for p-024, signed an hour
  // ago: the measure counts a statin ordered in the month, whenever in the stay.
  const statin: MedicationRequest = {
    ...prophylaxis('p-024', 'active', 1),
    id: 'draft-statin',
    identifier: [{ system: SUGGESTION_IDENTIFIER_SYSTEM, value: 'card-p-024:atorvastatin-20-daily' }],
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '617310' }] },
  };
  const resources = dataset.resources.filter(ofPatients('p-024'));
  const before = await rerunSimulator({ now: NOW, resources }, seed);
  const after = await rerunSimulator({ now: NOW, resources: [...resources, statin] }, seed);
  const subjects = (out: typeof after, population: string) =>
    ['Practitioner/pr-001', 'Location/unit-4b'].map((subject) =>
      listed(find(out.reports, 'subject-list', 'statin-primary-prevention', subject, '2026-12'), population),
    );
  for (const denominator of subjects(before, 'denominator')) assert.ok(denominator.includes('Patient/p-024'));
  for (const numerator of subjects(before, 'numerator')) assert.ok(!numerator.includes('Patient/p-024'));
  for (const numerator of subjects(after, 'numerator')) assert.ok(numerator.includes('Patient/p-024'));
  assert.deepEqual(
    after.notes.filter((n) => n.includes('Patient/p-024')),
    [
      'Signed order MedicationRequest/draft-statin for Patient/p-024: Statin for primary prevention in adults at 10% or more 10-year ASCVD risk (2026-12): met (numerator)',
    ],
  );
});

test("a record the batch cannot use is counted and named by its place in the EHR's resources", async () => {
  const resources: Resource[] = [
    ...dataset.resources.filter(ofPatients()),
    { resourceType: 'MedicationRequest', id: 'no-subject', status: 'active', intent: 'order' } as Resource,
  ];
  const out = await rerunSimulator({ now: NOW, resources }, seed);
  assert.deepEqual(
    out.notes.filter((n) => n.includes('could not be read')),
    [
      `1 of the EHR's resources could not be read: resources[${resources.length - 1}]: MedicationRequest/no-subject names no Patient subject`,
    ],
  );
});
