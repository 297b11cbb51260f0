import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateDataset } from '../../../mocks/data/index';
import { fluDuePatients } from '../../../mocks/cds/targets';

describe('the simulated immunisation service', () => {
  it('reminds the patients it is meant for (65 and over), not most patients, and none of the quiet ones', () => {
    const dataset = generateDataset();
    const now = new Date(dataset.now);
    const due = fluDuePatients(dataset, now);
    assert.ok(
      due.length > 0 && due.length < dataset.patients.length / 2,
      `${due.length} of ${dataset.patients.length}`,
    );
    const quiet = dataset.patients.filter((p) => p.scenarios.length === 0).map((p) => p.id);
    assert.deepEqual(
      due.filter((id) => quiet.includes(id)),
      [],
    );
    const birthDates = new Map(
      dataset.resources.flatMap((r) =>
        r.resourceType === 'Patient' ? [[r.id, (r as { birthDate?: string }).birthDate]] : [],
      ),
    );
    for (const id of due) {
      const age = (now.getTime() - Date.parse(String(birthDates.get(id)))) / (365.25 * 86_400_000);
      assert.ok(age >= 65, `${id} is ${age.toFixed(1)}`);
    }
  });
});
