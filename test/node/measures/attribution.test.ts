import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Encounter, Location } from '@medplum/fhirtypes';
import { attribute, indexResources, peerGroupsOf, rulesFor, wardOf } from '../../../src/measures/attribution';
import type { AttributionRules } from '../../../src/measures/attribution';
import type { PatientMeasureResult } from '../../../src/measures/engine';
import { bundle, directory, encounter, order, patient, role } from './factories';

const transfer = (): Encounter => {
  const e = encounter('e1', 'p1', '2026-01-05T10:00:00Z', {
    end: '2026-01-15T10:00:00Z',
    clinicians: ['doc-1', 'nurse-1'],
    stays: [
      { location: 'bed-ward-a', start: '2026-01-05T10:00:00Z', end: '2026-01-07T10:00:00Z' },
      { location: 'bed-ward-b', start: '2026-01-07T10:00:00Z', end: '2026-01-15T10:00:00Z' },
    ],
  });
  e.participant = [
    { type: [{ coding: [{ code: 'ATND' }] }], individual: { reference: 'Practitioner/doc-1' } },
    { type: [{ coding: [{ code: 'PART' }] }], individual: { reference: 'PractitionerRole/r-nurse-1' } },
  ];
  return e;
};

const result = (at?: string, withOrder = false): PatientMeasureResult => ({
  patient: 'p1',
  measure: 'test',
  populations: { 'initial-population': true },
  encounter: 'Encounter/e1',
  ...(withOrder ? { order: 'MedicationRequest/m1' } : {}),
  ...(at ? { at } : {}),
});

const rules = (r: Partial<AttributionRules>): AttributionRules => ({
  clinicians: ['encounter-participants'],
  participantTypes: [],
  unit: 'at-time',
  ...r,
});

const resources = () =>
  indexResources(
    bundle(
      patient('p1'),
      transfer(),
      order('m1', 'p1', '1049621', '2026-01-08T09:00:00Z', { requester: 'doc-2' }),
    ),
  );

test('the unit follows the rule: the ward at the time, the admitting, the discharging, or all of them', () => {
  const at = (unit: AttributionRules['unit'], time?: string) =>
    attribute(result(time), resources(), directory(), rules({ unit })).units;
  assert.deepEqual(at('at-time', '2026-01-06T00:00:00Z'), ['ward-a']);
  assert.deepEqual(at('at-time', '2026-01-09T00:00:00Z'), ['ward-b']);
  assert.deepEqual(at('at-time'), ['ward-a'], 'no moment: the first ward');
  assert.deepEqual(at('admitting', '2026-01-09T00:00:00Z'), ['ward-a']);
  assert.deepEqual(at('discharging'), ['ward-b']);
  assert.deepEqual(at('all'), ['ward-a', 'ward-b']);
});

test('two clinicians on one encounter both get the result; a PractitionerRole participant counts as its practitioner', () => {
  const a = attribute(result(), resources(), directory(), rules({}));
  assert.deepEqual(a.clinicians, ['doc-1', 'nurse-1']);
  assert.deepEqual(a.problems, []);
  const attending = attribute(result(), resources(), directory(), rules({ participantTypes: ['ATND'] }));
  assert.deepEqual(attending.clinicians, ['doc-1']);
});

test("the order's requester wins when configured first; without a requester the encounter's participants do", () => {
  const byOrder = rules({ clinicians: ['order-requester', 'encounter-participants'] });
  assert.deepEqual(attribute(result(undefined, true), resources(), directory(), byOrder).clinicians, [
    'doc-2',
  ]);
  const index = resources();
  const m1 = index.get('MedicationRequest/m1');
  if (m1?.resourceType === 'MedicationRequest') delete m1.requester;
  const fallback = attribute(result(undefined, true), index, directory(), byOrder);
  assert.deepEqual(fallback.clinicians, ['doc-1', 'nurse-1']);
  assert.deepEqual(fallback.problems, ['MedicationRequest/m1 has no requester']);
});

test('wards are found up Location.partOf; a cycle or a location outside any ward gives none', () => {
  const d = directory();
  assert.equal(wardOf('bed-ward-a', d), 'ward-a');
  const loop: Location[] = [
    { resourceType: 'Location', id: 'x', partOf: { reference: 'Location/y' } },
    { resourceType: 'Location', id: 'y', partOf: { reference: 'Location/x' } },
  ];
  for (const l of loop) d.locations.set(l.id ?? '', l);
  assert.equal(wardOf('x', d), undefined);
  assert.equal(wardOf('nowhere', d), undefined);
});

test('peers are the clinicians of the same PractitionerRole code; per-measure rules override the defaults', () => {
  const d = directory();
  d.roles.push(role('r-doc-1-b', 'doc-1', 'pharmacist'));
  assert.deepEqual(peerGroupsOf('doc-1', d), ['peers-doctor', 'peers-pharmacist']);
  assert.deepEqual(peerGroupsOf('nurse-1', d), ['peers-nurse']);
  assert.equal(rulesFor('vte-prophylaxis').unit, 'admitting');
  assert.deepEqual(rulesFor('naloxone-coprescribing').clinicians, [
    'order-requester',
    'encounter-participants',
  ]);
  assert.equal(rulesFor('hba1c-poor-control').unit, 'at-time');
});
