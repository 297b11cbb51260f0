/*
 * A freshly generated dataset with the look-ups the rule tests share. Each test file builds its own.
 */
import assert from 'node:assert/strict';
import { generateDataset } from '../../../mocks/data/index';
import type { SyntheticDataset } from '../../../mocks/data/index';
import { recordOf } from './clinical';
import type { PatientRecord } from './clinical';

export interface Cohort {
  data: SyntheticDataset;
  /** Every patient's record, in id order. */
  all: PatientRecord[];
  /** The records tagged `tag`; fails the test when there is none. */
  withTag: (tag: string) => PatientRecord[];
  tagsOf: (patientId: string) => string[];
  unitOf: (patientId: string) => string | undefined;
}

export function cohort(now: Date, seed = 42): Cohort {
  const data = generateDataset({ seed, now });
  const summary = (id: string) => data.patients.find((p) => p.id === id);
  return {
    data,
    all: data.patients.map((p) => recordOf(data, p.id)),
    withTag: (tag) => {
      const found = data.patients.filter((p) => p.scenarios.includes(tag)).map((p) => recordOf(data, p.id));
      assert.ok(found.length > 0, `a patient is tagged ${tag}`);
      return found;
    },
    tagsOf: (id) => summary(id)?.scenarios ?? [],
    unitOf: (id) => summary(id)?.unitId,
  };
}
