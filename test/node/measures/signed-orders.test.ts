/* What the simulator's re-run says of each order Learning Loop drafted and the clinician signed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import { signedOrderNotes } from '../../../mocks/feedback/signed-orders';
import type { PatientMeasureResult } from '../../../src/measures/engine';
import { SUGGESTION_IDENTIFIER_SYSTEM } from '../../../src/prompts/drafts';

function order(id: string, patient: string, status: 'draft' | 'active', ours = true): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    authoredOn: '2026-12-10T10:00:00.000Z',
    subject: { reference: `Patient/${patient}` },
    ...(ours ? { identifier: [{ system: SUGGESTION_IDENTIFIER_SYSTEM, value: `card:${id}` }] } : {}),
  };
}
const result = (
  patient: string,
  measure: string,
  populations: PatientMeasureResult['populations'],
  at = '2026-12-07T10:00:00.000Z',
): PatientMeasureResult => ({ patient, measure, at, populations });
const CASE = { 'initial-population': true, denominator: true } as const;

test('each signed order of ours is told met, or not met with how late it was signed and what the measure counts', () => {
  const resources: Resource[] = [
    order('a', 'p-1', 'active'),
    order('b', 'p-2', 'active'),
    order('c', 'p-3', 'draft'),
    order('d', 'p-4', 'active', false),
  ];
  const notes = signedOrderNotes(resources, [
    {
      period: '2026-12',
      results: [
        result('p-1', 'statin-primary-prevention', { ...CASE, numerator: true }),
        result('p-2', 'vte-prophylaxis', CASE),
        result('p-3', 'vte-prophylaxis', { ...CASE, numerator: true }),
        result('p-4', 'vte-prophylaxis', { ...CASE, numerator: true }),
      ],
    },
  ]);
  assert.deepEqual(notes, [
    'Signed order MedicationRequest/a for Patient/p-1: Statin for primary prevention in adults at 10% or more 10-year ASCVD risk (2026-12): met (numerator)',
    'Signed order MedicationRequest/b for Patient/p-2: VTE prophylaxis within 24 hours of admission for medical inpatients at risk (2026-12): in the denominator, not met; ordered 72 h after the case began: it counts prophylaxis ordered within 24 hours of admission',
  ]);
});

test('an outcome measure (lower is better) never calls its numerator met; exclusions and non-cases are said', () => {
  const notes = signedOrderNotes(
    [order('a', 'p-1', 'active'), order('b', 'p-2', 'active')],
    [
      {
        period: '2026-12',
        results: [
          result('p-1', 'nephrotoxin-aki', { ...CASE, numerator: true }),
          result('p-1', 'hba1c-poor-control', CASE),
          result('p-1', 'naloxone-coprescribing', { ...CASE, 'denominator-exclusion': true }),
        ],
      },
    ],
  );
  assert.deepEqual(
    notes.slice(0, 3).map((n) => n.replace(/^.*\(2026-12\): /, '')),
    [
      'in the numerator (lower is better)',
      'in the denominator, not the numerator (lower is better)',
      'excluded',
    ],
  );
  assert.match(notes[3] ?? '', /MedicationRequest\/b for Patient\/p-2: the patient is a case of no measure/);
});
