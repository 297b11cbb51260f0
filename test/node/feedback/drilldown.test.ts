import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { drillGroups, drillPatients, subjectLists } from '../../../src/feedback/drilldown';
import { person, subjectList } from './factories';

const NOW = new Date('2026-01-15T00:00:00Z');
const lists = {
  'initial-population': ['a', 'b', 'c', 'd', 'e'],
  denominator: ['a', 'b', 'c', 'd', 'e'],
  'denominator-exclusion': ['e'],
  numerator: ['a', 'c'],
};
const patients = drillPatients(
  [
    person('a', 'Zeller', 'M-1'),
    person('b', 'Brown', 'M-2'),
    person('c', 'Adams', 'M-3'),
    person('e', 'Evans', 'M-5'),
  ],
  NOW,
);

describe('the patients behind a number', () => {
  it('reads every population list of a subject-list report', () => {
    const read = subjectLists(subjectList('vte', 'Practitioner/pr-1', '2025-12', lists));
    assert.ok('byPopulation' in read);
    assert.deepEqual(read.byPopulation.get('numerator'), ['a', 'c']);
    assert.deepEqual(read.notes, []);
  });

  it('puts who did not get it first where higher is better, then who did, then the excluded', () => {
    const read = subjectLists(subjectList('vte', 'Practitioner/pr-1', '2025-12', lists));
    assert.ok('byPopulation' in read);
    const groups = drillGroups(read.byPopulation, 'increase', patients);
    assert.deepEqual(
      groups.map((g) => [g.label, g.patients.map((p) => p.id)]),
      [
        ['Not met', ['b', 'd']],
        ['Met', ['c', 'a']],
        ['Excluded', ['e']],
      ],
    );
    // Names and MRNs where the EHR returned them; a patient it did not return is still listed by id.
    assert.deepEqual(groups[0]?.patients, [
      { id: 'b', name: 'Alex Brown', mrn: 'M-2' },
      { id: 'd', name: undefined, mrn: undefined },
    ]);
  });

  it('puts the counted patients first where lower is better (poor control, harm)', () => {
    const read = subjectLists(subjectList('hba1c', 'Practitioner/pr-1', '2025-12', lists));
    assert.ok('byPopulation' in read);
    const groups = drillGroups(read.byPopulation, 'decrease', patients);
    assert.deepEqual(
      groups[0]?.patients.map((p) => p.id),
      ['c', 'a'],
    );
    assert.match(groups[0]?.label ?? '', /lower is better/);
  });

  it('says so when a list is missing, and refuses what is not a subject-list report', () => {
    const report = subjectList('vte', 'Practitioner/pr-1', '2025-12', lists);
    report.contained = report.contained?.filter((c) => c.id !== 'numerator');
    const read = subjectLists(report);
    assert.ok('notes' in read);
    assert.deepEqual(read.notes, ['The list of patients for numerator is missing from the report.']);
    assert.deepEqual(subjectLists({ resourceType: 'MeasureReport', id: 'x' }), { problem: 'has no groups' });
  });
});
