import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ndjsonFiles, readNdjson, readPopulation } from '../../../src/measures/input';
import { encounter, patient, practitioner, ward } from './factories';

const dir = mkdtempSync(join(tmpdir(), 'measures-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An Observation of patient a with the given fields. */
const observation = (id: string, fields: Record<string, string>) => ({
  resourceType: 'Observation',
  id,
  subject: { reference: 'Patient/a' },
  ...fields,
});
const lines = (...rows: unknown[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

test('NDJSON of a Bulk export is grouped per patient; every bad line is counted with its file and line', async () => {
  writeFileSync(
    join(dir, 'Patient.ndjson'),
    `\uFEFF${lines(patient('a'), patient('b'), '{"resourceType": "Patient", "id": ', patient('a'))}`,
  );
  writeFileSync(
    join(dir, 'Encounter.ndjson'),
    lines(
      encounter('e1', 'a', '2026-01-01T00:00:00Z'),
      '',
      { resourceType: 'Encounter', id: 'e2', status: 'finished' },
      encounter('e3', 'ghost', '2026-01-01T00:00:00Z'),
    ),
  );
  writeFileSync(join(dir, 'Practitioner.ndjson'), lines(practitioner('doc-1'), { id: 'no-type' }));
  writeFileSync(join(dir, 'Location.ndjson'), lines(...ward('ward-a')));
  writeFileSync(
    join(dir, 'Claim.NDJSON'),
    lines({ resourceType: 'Claim', id: 'c1' }, { resourceType: 'Claim', id: 'c2' }),
  );
  writeFileSync(join(dir, 'notes.txt'), 'not an export file');
  writeFileSync(join(dir, 'Empty.ndjson'), '\n');

  const files = ndjsonFiles([dir]);
  assert.deepEqual(
    files.map((f) => f.slice(dir.length + 1)),
    [
      'Claim.NDJSON',
      'Empty.ndjson',
      'Encounter.ndjson',
      'Location.ndjson',
      'Patient.ndjson',
      'Practitioner.ndjson',
    ],
  );
  const pop = await readPopulation(readNdjson(files));

  assert.deepEqual(
    pop.patients.map((b) => b.entry?.map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)),
    [['Patient/a', 'Encounter/e1'], ['Patient/b']],
  );
  assert.equal(pop.directory.practitioners.size, 1);
  assert.equal(pop.directory.locations.size, 3);
  const where = pop.problems.map(
    (p) => `${p.file.slice(dir.length + 1)}:${p.line} ${p.message.split(':')[0]}`,
  );
  assert.deepEqual(where.sort(), [
    'Empty.ndjson:0 empty file',
    'Encounter.ndjson:3 Encounter/e2 names no Patient subject',
    'Encounter.ndjson:4 resources about Patient/ghost, who is not in the export',
    'Patient.ndjson:3 not JSON',
    'Patient.ndjson:4 Patient/a was already read',
    'Practitioner.ndjson:2 not a FHIR resource with a resourceType and an id',
  ]);
  // A type the measures do not read is counted once, not listed line by line as a problem.
  assert.deepEqual([...pop.unread], [['Claim', { count: 2, file: join(dir, 'Claim.NDJSON'), line: 1 }]]);
  assert.equal(pop.resources, 8);
});

test('a date the measures read that is not a FHIR date is reported with its place, not silently absent', async () => {
  const sub = join(dir, 'dates');
  mkdirSync(sub);
  const stay = encounter('e1', 'a', '2026-01-01T00:00:00Z');
  writeFileSync(
    join(sub, 'all.ndjson'),
    lines(
      { ...patient('a'), birthDate: '19xx-01-01' },
      { ...stay, period: { start: '2026-01-01T00:00:00Z', end: 'garbage' } },
      observation('o1', { effectiveDateTime: 'yesterday' }),
      observation('o2', { effectiveDateTime: '2026-02-30' }),
      observation('o3', { effectiveDateTime: '2026-01-05T10:00:00+01:00' }),
      // A time without a zone: not FHIR's letter, but cql-execution reads it (in the run's zone).
      observation('o4', { effectiveDateTime: '2026-01-05T10:00:00', issued: '2026-01-05T10:00:00.250' }),
    ),
  );
  const pop = await readPopulation(readNdjson(ndjsonFiles([sub])));
  assert.deepEqual(
    pop.problems.map((p) => `${p.line} ${p.message}`),
    [
      '1 Patient/a birthDate "19xx-01-01" is not a FHIR date: read as absent',
      '2 Encounter/e1 period.end "garbage" is not a FHIR date: read as absent',
      '3 Observation/o1 effectiveDateTime "yesterday" is not a FHIR date: read as absent',
      '4 Observation/o2 effectiveDateTime "2026-02-30" is not a FHIR date: read as absent',
    ],
  );
});

test('an id with control characters is reported escaped, not as a terminal escape', async () => {
  const sub = join(dir, 'controls');
  mkdirSync(sub);
  const red = { ...patient('\u001b[31mred'), birthDate: '19xx' };
  writeFileSync(join(sub, 'Patient.ndjson'), lines(red, red));
  const pop = await readPopulation(readNdjson(ndjsonFiles([sub])));
  assert.deepEqual(
    pop.problems.map((p) => `${p.line} ${p.message}`),
    [
      '1 Patient/\\x1b[31mred birthDate "19xx" is not a FHIR date: read as absent',
      '2 Patient/\\x1b[31mred was already read: this second copy is left out',
    ],
  );
});
