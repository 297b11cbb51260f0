/*
 * The simulator's feedback data (mocks/feedback/feedback.json) is this batch's output over the generated
 * population history: recomputed here, it must equal the committed file, and tell the story it is for.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { MeasureReport, Resource } from '@medplum/fhirtypes';
import { buildFeedback, isCurrent } from '../../mocks/feedback/generate';

let resources: Resource[];

before(
  async () => {
    resources = await buildFeedback();
  },
  { timeout: 300_000 },
);

test('the committed feedback data equals a fresh run (node --import tsx mocks/feedback/generate.ts)', () => {
  assert.ok(isCurrent(resources), 'mocks/feedback/feedback.json is stale: regenerate it');
});

const summaries = (measure: string, subject: string): MeasureReport[] =>
  resources.filter(
    (r): r is MeasureReport =>
      r.resourceType === 'MeasureReport' &&
      r.type === 'summary' &&
      !!r.measure?.includes(`/Measure/${measure}|`) &&
      r.subject?.reference === subject,
  );

function pooled(reports: MeasureReport[]): number {
  const count = (r: MeasureReport, code: string) =>
    r.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.count ?? 0;
  const num = reports.reduce((n, r) => n + count(r, 'numerator'), 0);
  const den = reports.reduce((n, r) => n + count(r, 'denominator') - count(r, 'denominator-exclusion'), 0);
  return num / den;
}

test('Dr Castellanos (pr-001) gives VTE prophylaxis and naloxone more often once the prompts start', () => {
  for (const measure of ['vte-prophylaxis', 'naloxone-coprescribing']) {
    const months = summaries(measure, 'Practitioner/pr-001').sort((a, b) =>
      (a.period?.start ?? '').localeCompare(b.period?.start ?? ''),
    );
    assert.equal(months.length, 24, measure);
    const before = pooled(months.slice(0, 12));
    const after = pooled(months.slice(12));
    assert.ok(after - before > 0.25, `${measure}: ${before.toFixed(2)} -> ${after.toFixed(2)}`);
  }
});

test('the ICU is the small unit: most of its monthly denominators are under 5 (suppressed in the view)', () => {
  const icu = summaries('vte-prophylaxis', 'Location/unit-icu');
  const small = icu.filter(
    (r) =>
      (r.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === 'denominator')?.count ?? 0) < 5,
  );
  assert.ok(small.length >= icu.length * 0.75, `${small.length} of ${icu.length}`);
  const ward = summaries('vte-prophylaxis', 'Location/unit-4b');
  assert.ok(ward.every((r) => (r.group?.[0]?.population?.[1]?.count ?? 0) >= 5));
});

test('the data stays small enough for the browser (under 300 KB gzip) and every subject-list patient is served', () => {
  const size = gzipSync(JSON.stringify(resources)).length;
  assert.ok(size < 300 * 1024, `${size} bytes gzip`);
  const patients = new Set(
    resources.filter((r) => r.resourceType === 'Patient').map((r) => `Patient/${r.id ?? ''}`),
  );
  const listed = resources.flatMap((r) =>
    r.resourceType === 'MeasureReport' && r.type === 'subject-list'
      ? (r.contained ?? []).flatMap((c) =>
          c.resourceType === 'List' ? (c.entry ?? []).map((e) => e.item.reference ?? '') : [],
        )
      : [],
  );
  assert.ok(listed.length > 1000);
  assert.deepEqual(
    listed.filter((ref) => !patients.has(ref)),
    [],
  );
});

test('prompt uptake from the simulated log: every clinician with cards has it monthly once the prompts run', () => {
  const uptake = resources.filter(
    (r): r is MeasureReport =>
      r.resourceType === 'MeasureReport' && !!r.measure?.includes('/Measure/prompt-'),
  );
  const mine = uptake.filter((r) => r.subject?.reference === 'Practitioner/pr-001');
  assert.equal(mine.length, 3 * 12, 'acceptance, override and ignore for 2025-01 to 2025-12');
  assert.equal(mine.map((r) => r.period?.start).sort()[0], '2025-01-01T00:00:00.000Z');
  for (const r of uptake.filter((x) => x.measure?.includes('prompt-override'))) {
    const overridden =
      r.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === 'numerator')?.count ?? 0;
    const reasons = r.group?.[0]?.stratifier?.find((s) => s.code?.[0]?.text === 'reason')?.stratum ?? [];
    const sum = reasons.reduce(
      (n, s) => n + (s.population?.find((p) => p.code?.coding?.[0]?.code === 'numerator')?.count ?? 0),
      0,
    );
    assert.equal(sum, overridden, `${r.subject?.reference} ${r.period?.start}`);
  }
});
