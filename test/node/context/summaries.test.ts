import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ageInYears,
  displayName,
  summariseEncounter,
  summarisePatient,
} from '../../../src/context/summaries';
import { encounter, patient } from '../../factories/fhir';

const now = new Date('2026-06-14T12:00:00Z');

describe('patient summary', () => {
  it('shows the official name, age on the day before a birthday, sex and MRN', () => {
    assert.deepEqual(summarisePatient(patient(), now), {
      id: 'p-1',
      name: 'Ada Example',
      ageYears: 75,
      sex: 'female',
      mrn: 'MRN-001',
    });
  });

  it('prefers text, skips ended names, and says nothing rather than guess', () => {
    assert.equal(
      displayName([{ text: 'Old Name', period: { end: '2000-01-01' } }, { text: ' New Name ' }]),
      'New Name',
    );
    assert.equal(displayName(undefined), undefined);
    assert.equal(displayName('not a list'), undefined);
    assert.equal(displayName([{}]), undefined);
    assert.equal(summarisePatient(patient({ name: undefined }), now).name, undefined);
  });

  it('handles partial and malformed birth dates', () => {
    assert.equal(ageInYears('1950', now), 76);
    assert.equal(ageInYears('1950-07', now), 75);
    assert.equal(ageInYears('not-a-date', now), undefined);
    assert.equal(ageInYears('1950-13-01', now), undefined);
    assert.equal(ageInYears(19500101, now), undefined);
    assert.equal(ageInYears('2030-01-01', now), undefined);
  });

  it('copes with wrong types in every field', () => {
    const hostile = {
      resourceType: 'Patient',
      id: 'p-9',
      name: [{ given: [7, '<img src=x onerror=alert(1)>'] }],
      gender: 5,
      identifier: 'x',
    };
    const summary = summarisePatient(hostile as never, now);
    assert.equal(summary.name, '<img src=x onerror=alert(1)>');
    assert.equal(summary.sex, undefined);
    assert.equal(summary.mrn, undefined);
  });
});

describe('encounter summary', () => {
  it('labels the class and keeps a valid start', () => {
    assert.deepEqual(summariseEncounter(encounter()), {
      id: 'enc-1',
      classLabel: 'inpatient',
      status: 'in-progress',
      start: '2026-01-10T08:00:00Z',
    });
  });

  it('drops an unparseable start and an uncoded class', () => {
    const s = summariseEncounter(encounter({ period: { start: 'yesterday' }, class: undefined as never }));
    assert.equal(s.start, undefined);
    assert.equal(s.classLabel, undefined);
  });
});
