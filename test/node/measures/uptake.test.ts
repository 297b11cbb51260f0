/*
 * Uptake process measures from the analytics' own output: synthetic interaction events (src/analytics
 * generator) analysed by src/analytics (DuckDB), then adapted to process MeasureReports.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MeasureReport } from '@medplum/fhirtypes';
import { analyzeFiles } from '../../../src/analytics/analyze';
import type { MetricRow } from '../../../src/analytics/metrics';
import { clinicians, generateEvents } from '../../../src/analytics/generate';
import { parsePeriod } from '../../../src/measures/period';
import { fromMetricRows, uptakeMeasure, uptakeReport } from '../../../src/measures/uptake';
import type { UptakeCell } from '../../../src/measures/uptake';
import { uptakeForPeriod } from '../../../src/measures/uptake-period';
import { uptakeBySubject, uptakeOfClinicians } from '../../../src/measures/uptake-subjects';

const dir = mkdtempSync(join(tmpdir(), 'measures-uptake-'));
let rows: MetricRow[];
let cells: UptakeCell[];

before(async () => {
  const events = [
    ...generateEvents({ count: 3000, seed: 7, start: '2026-10-01', months: 1, clinicians: 40 }),
  ];
  writeFileSync(join(dir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n'));
  const roles = clinicians(40, 7).map((c, i) => ({
    resourceType: 'PractitionerRole',
    id: `role-${i}`,
    practitioner: { reference: c.ref },
    code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: c.role }] }],
  }));
  writeFileSync(join(dir, 'roles.ndjson'), roles.map((r) => JSON.stringify(r)).join('\n'));
  rows = (await analyzeFiles([join(dir, 'events.ndjson')], { roles: join(dir, 'roles.ndjson'), minN: 0 }))
    .metrics;
  cells = fromMetricRows(rows, 'Organization/org-001');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const context = { period: parsePeriod('2026-10'), date: '2026-11-01T06:00:00Z' };

test('acceptance for the organisation carries the analytics counts and one stratum per rule', () => {
  const all = rows.find((r) => r.metric === 'acceptance' && r.dimension === 'all');
  const cell = cells.find((c) => c.measure === 'prompt-acceptance' && c.subject === 'Organization/org-001');
  assert.ok(all && cell);
  const report: MeasureReport = uptakeReport(cell, context);
  const pop = (code: string) =>
    report.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.count;
  assert.equal(pop('numerator'), all.numerator);
  assert.equal(pop('denominator'), all.denominator);
  const rules = rows.filter((r) => r.metric === 'acceptance' && r.dimension === 'rule');
  assert.equal(report.group?.[0]?.stratifier?.[0]?.stratum?.length, rules.length);
  assert.ok(rules.length >= 3);
  assert.equal(report.identifier?.[0]?.value, 'prompt-acceptance:summary:Organization/org-001:2026-10');
});

test('override reports carry the reason mix; units and roles become Locations and peer Groups', () => {
  const override = cells.find((c) => c.measure === 'prompt-override' && c.subject === 'Organization/org-001');
  const reasons = override?.byReason ?? [];
  assert.ok(reasons.length >= 2, JSON.stringify(reasons));
  assert.equal(
    reasons.reduce((n, r) => n + r.count, 0),
    reasons[0]?.of,
    'the reasons add up to the overrides',
  );
  assert.ok(cells.some((c) => c.measure === 'prompt-ignore' && c.subject.startsWith('Location/ward-')));
  assert.ok(cells.some((c) => c.subject === 'Group/peers-nurse'));
  assert.equal(uptakeMeasure('prompt-ignore').improvementNotation?.coding?.[0]?.code, 'decrease');
  assert.equal(uptakeMeasure('prompt-override').improvementNotation, undefined);
});

test("a clinician's own uptake is the analytics' acceptance over their events, with rule strata for a single month", async () => {
  const events = [
    ...generateEvents({ count: 2000, seed: 11, start: '2026-10-01', months: 1, clinicians: 10 }),
  ].filter((e) => e.at.startsWith('2026-10'));
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.practitioner ?? '', (counts.get(e.practitioner ?? '') ?? 0) + 1);
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const cells = await uptakeBySubject(events, [
    { subject: busiest, match: (e) => e.practitioner === busiest },
  ]);
  const acceptance = cells.find((c) => c.measure === 'prompt-acceptance');
  assert.ok(acceptance, JSON.stringify(cells.slice(0, 2)));
  assert.equal(acceptance.subject, busiest);
  assert.equal(acceptance.month, '2026-10');
  const own = events.filter((e) => e.practitioner === busiest);
  assert.ok(acceptance.numerator <= acceptance.denominator && acceptance.denominator > 0);
  assert.ok(acceptance.denominator <= new Set(own.map((e) => `${e.session}|${e.card ?? ''}`)).size);
  const byRule = acceptance.byRule ?? [];
  assert.ok(byRule.length >= 1);
  assert.equal(
    byRule.reduce((n, r) => n + r.denominator, 0),
    acceptance.denominator,
    'the rule strata add up to the total',
  );
});

test("a clinician's months from the analytics' practitioner rows equal the analysis of their own events", async () => {
  const events = [...generateEvents({ count: 3000, seed: 5, start: '2026-09-01', months: 2, clinicians: 8 })];
  const clinicians = await uptakeOfClinicians(events);
  const someone = clinicians.find((c) => c.measure === 'prompt-acceptance')?.subject ?? '';
  const own = await uptakeBySubject(events, [{ subject: someone, match: (e) => e.practitioner === someone }]);
  const totals = (cells: { measure: string; month: string; numerator: number; denominator: number }[]) =>
    cells.map((c) => `${c.measure} ${c.month} ${c.numerator}/${c.denominator}`).sort();
  assert.ok(own.length > 0);
  assert.deepEqual(totals(clinicians.filter((c) => c.subject === someone)), totals(own));
  const override = clinicians.find((c) => c.measure === 'prompt-override' && c.subject === someone);
  assert.equal(
    (override?.byRule ?? []).reduce((n, r) => n + r.denominator, 0),
    override?.denominator,
    'rule strata per month add up',
  );
});

test('the uptake of one period: every clinician, the organisation, and units and roles when the log is that month alone', async () => {
  const all = [...generateEvents({ count: 2500, seed: 3, start: '2026-10-01', months: 2, clinicians: 12 })];
  const october = all.filter((e) => e.at.startsWith('2026-10'));
  const one = join(dir, 'october.ndjson');
  const two = join(dir, 'two-months.ndjson');
  writeFileSync(one, october.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(two, all.map((e) => JSON.stringify(e)).join('\n'));
  const kinds = (reports: MeasureReport[]) =>
    [...new Set(reports.map((r) => r.subject?.reference?.split('/')[0]))].sort();

  const month = await uptakeForPeriod([one], context, 'Organization/org-001', join(dir, 'roles.ndjson'));
  assert.deepEqual(kinds(month.reports), ['Group', 'Location', 'Organization', 'Practitioner']);
  assert.deepEqual(month.notes, []);
  assert.ok(month.reports.every((r) => r.period?.start === '2026-10-01T00:00:00.000Z'));

  const longer = await uptakeForPeriod([two], context, 'Organization/org-001');
  assert.deepEqual(kinds(longer.reports), ['Organization', 'Practitioner']);
  assert.match(longer.notes.join(' '), /unit and role uptake need a log of 2026-10 alone/);
});
