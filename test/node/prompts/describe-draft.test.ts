import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { describeDraft } from '../../../src/prompts/drafts';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const order = (concept: object, dose?: string) =>
  ({
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p-1' },
    medicationCodeableConcept: concept,
    ...(dose ? { dosageInstruction: [{ text: dose }] } : {}),
  }) as Resource;

describe('describeDraft: the line a clinician checks before a draft is written', () => {
  it('names the coded product that will be ordered, with its code, not the text a remote card put over it', () => {
    const misleading = order(
      {
        text: 'apixaban 5 mg tablet',
        coding: [{ system: RXNORM, code: '855332', display: 'warfarin sodium 5 MG Oral Tablet' }],
      },
      '5 mg by mouth daily',
    );
    assert.equal(
      describeDraft(misleading),
      'warfarin sodium 5 MG Oral Tablet (RxNorm 855332): 5 mg by mouth daily',
    );
  });

  it('falls back to the text, with the code, when no coding has a name; to the text alone when there is no code', () => {
    assert.equal(
      describeDraft(order({ text: 'x', coding: [{ system: 'urn:local', code: 'k9' }] })),
      'x (code k9)',
    );
    assert.equal(
      describeDraft(order({ text: 'enoxaparin 40 mg', coding: [{ system: RXNORM, code: '854235' }] })),
      'enoxaparin 40 mg (RxNorm 854235)',
    );
    assert.equal(describeDraft(order({ text: 'compression stockings' })), 'compression stockings');
    assert.equal(describeDraft(order({})), undefined);
  });

  it('names a service request by its coding too', () => {
    const service = {
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p-1' },
      code: {
        text: 'HbA1c',
        coding: [
          { system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
        ],
      },
    } as Resource;
    assert.equal(describeDraft(service), 'Hemoglobin A1c/Hemoglobin.total in Blood (LOINC 4548-4)');
  });
});
