/*
 * The cluster run (src/measures/README.md): each partition of the export (patients split apart, the
 * directory in each) is evaluated on its own (--map), then one reduce step builds the reports. They must
 * be the reports of a single run over the whole export.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { DEFAULT_ATTRIBUTION } from '../../../src/measures/attribution';
import { evaluateStep, reduceStep } from '../../../src/measures/cli-steps';
import type { Setup } from '../../../src/measures/cli-steps';
import { ndjsonFiles } from '../../../src/measures/input';
import { parsePeriod } from '../../../src/measures/period';
import { directory } from './factories';
import { handWorkedPatients } from './hand-worked';

const root = mkdtempSync(join(tmpdir(), 'measures-partitions-'));
after(() => rmSync(root, { recursive: true, force: true }));

function writeExport(dir: string, patients: Bundle[], withDirectory = true): string {
  mkdirSync(dir, { recursive: true });
  const d = directory();
  const all: Resource[] = [
    ...patients.flatMap((b) => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []))),
    ...(withDirectory ? [...d.practitioners.values(), ...d.roles, ...d.locations.values()] : []),
  ];
  const byType = new Map<string, string[]>();
  for (const r of all) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
  for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), `${lines.join('\n')}\n`);
  return dir;
}

const setup = (dir: string): Setup => ({
  period: parsePeriod('2026-01'),
  files: ndjsonFiles([dir]),
  threads: 1,
  asOf: '2026-02-01T06:00:00.000Z',
  config: DEFAULT_ATTRIBUTION,
  individual: true,
});

test('two partitions mapped apart and reduced give the reports of one run over everything', async () => {
  const patients = handWorkedPatients();
  const whole = await evaluateStep(setup(writeExport(join(root, 'whole'), patients)));
  const parts = [patients.filter((_, i) => i % 2 === 0), patients.filter((_, i) => i % 2 === 1)];
  const results: string[] = [];
  for (const [i, part] of parts.entries()) {
    const out = join(root, `results-${i}.ndjson`);
    const mapped = await evaluateStep(setup(writeExport(join(root, `part-${i}`), part)), out);
    assert.deepEqual(mapped.resources, [], 'a map step writes no reports');
    results.push(out);
  }
  const directoryOnly = writeExport(join(root, 'directory'), []);
  const reduced = await reduceStep(setup(directoryOnly), results);
  const byKey = (list: typeof whole.resources) =>
    new Map(
      list.map((r) => [
        r.resourceType === 'Group' ? `Group/${r.id ?? ''}` : (r.identifier?.[0]?.value ?? ''),
        r,
      ]),
    );
  const expected = byKey(whole.resources);
  const actual = byKey(reduced.resources);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [key, report] of expected) assert.deepEqual(actual.get(key), report, key);
});

test("a reduce refuses another period's results, overlapping partitions and lines that are not results", async () => {
  const patients = handWorkedPatients();
  const out = join(root, 'results-jan.ndjson');
  await evaluateStep(setup(writeExport(join(root, 'jan'), patients)), out);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const junk = join(root, 'junk.ndjson');
  writeFileSync(junk, ['1', '{}', '{"patient": "p1"}', 'not json'].join('\n'));
  const directoryOnly = writeExport(join(root, 'directory-2'), []);
  const february = await reduceStep({ ...setup(directoryOnly), period: parsePeriod('2026-02') }, [out]);
  assert.equal(february.problems, lines.length, 'every January result refused under --period 2026-02');
  assert.ok(!february.resources.some((r) => r.resourceType === 'MeasureReport'));
  const twice = await reduceStep(setup(directoryOnly), [out, out, junk]);
  assert.equal(twice.problems, lines.length + 4, 'the second copy of each result and four junk lines');
  const once = await reduceStep(setup(directoryOnly), [out]);
  assert.equal(once.problems, 0);
  assert.deepEqual(twice.resources, once.resources);
});

test('a reduce refuses a result line whose populations are null or whose subjects are not references', async () => {
  const out = join(root, 'results-shapes.ndjson');
  await evaluateStep(setup(writeExport(join(root, 'shapes'), handWorkedPatients())), out);
  const [first] = readFileSync(out, 'utf8').trim().split('\n');
  assert.ok(first);
  const result = JSON.parse(first) as Record<string, unknown>;
  const bad = join(root, 'bad-shapes.ndjson');
  const shapes = [
    { ...result, populations: null },
    { ...result, populations: [] },
    { ...result, subjects: [1] },
    { ...result, subjects: 'Practitioner/doc-1' },
  ];
  writeFileSync(bad, shapes.map((r) => JSON.stringify(r)).join('\n'));
  const reduced = await reduceStep(setup(writeExport(join(root, 'directory-3'), [])), [bad]);
  assert.equal(reduced.problems, shapes.length, 'each line is a problem, none a crash');
  assert.ok(!reduced.resources.some((r) => r.resourceType === 'MeasureReport'));
});
