/*
 * The starter rules on records nobody on this project wrote (../shared/fhir-samples), with dates
 * shifted relative to NOW where the rule looks back in time. Skipped when the samples are absent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import { runPack } from '../../../src/rules/engine/run';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, loadSample, ruleIds, samplesPresent, shiftDates, shiftFor } from './helpers';

const skip = samplesPresent ? false : 'the public samples (../shared/fhir-samples) are not on this machine';
const run = async (bundle: Bundle) => runPack(starterPack, bundle, NOW);

describe('public sample patients', { skip }, () => {
  it('AHRQ CDS Connect pain test patient: opioid with a benzodiazepine, naloxone, no MME card', async () => {
    // Brenda Jackson has active orders for oxycodone (RxNorm 1049593, 1049717) and chlordiazepoxide
    // (905505) and none for naloxone. Her MedicationRequests carry no dosageInstruction, so the daily
    // dose cannot be computed: CDC recommendation 11 (benzodiazepine) and 8 (naloxone, because of the
    // benzodiazepine) apply; the MME prompt must stay silent rather than guess a dose.
    const result = await run(loadSample('ahrq-pain/brenda_jackson.json'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(ruleIds(result.cards).sort(), ['naloxone', 'opioid-benzo']);
    const benzo = result.cards.find((c) => c.card.source.topic?.code === 'opioid-benzo');
    assert.match(benzo?.card.summary ?? '', /Chlordiazepoxide/);
    const naloxone = result.cards.find((c) => c.card.source.topic?.code === 'naloxone');
    assert.match(naloxone?.card.detail ?? '', /daily dose not computable from the orders/);
    for (const c of result.cards) assert.doesNotMatch(`${c.card.summary} ${c.card.detail}`, /\(unknown\)/);
  });

  it('Synthea patient with diabetes: silent with a recent HbA1c of 6.1%, prompts when it is 200 days old', async () => {
    // Fabian Murray: active diabetes (SNOMED 44054006), last HbA1c 6.07% (LOINC 4548-4) on 2020-12-19.
    const sample = loadSample('synthea-smart/Fabian_Murray_a120c913-9ee0-4fcc-8344-826e74335c80.json');
    const recent = await run(shiftDates(sample, shiftFor('2020-12-19T00:00:00Z', 30)));
    assert.ok(!ruleIds(recent.cards).includes('hba1c'));
    const stale = await run(shiftDates(sample, shiftFor('2020-12-19T00:00:00Z', 200)));
    const card = stale.cards.find((c) => c.card.source.topic?.code === 'hba1c');
    assert.equal(card?.card.summary, 'Diabetes: no HbA1c in the last 6 months. Order an HbA1c.');
    assert.deepEqual(stale.errors, []);
  });

  it('eCQM HbA1c > 9% test case: an unreadable result counts as tested, not as above 9%', async () => {
    // The CMS122-style case codes type 1 diabetes with neuropathy (SNOMED 102781000119107) and an
    // HbA1c (LOINC 17855-8, status corrected, effectivePeriod ending 2025-01-03) whose value is a
    // code ("Yes"), not a percentage. The measure counts it in its numerator; the rule cannot read a
    // value above 9%, so it stays silent while the test is recent, and asks for one once it is old.
    const sample = loadSample(
      'ecqm-qicore-2024/DiabetesGlycemicStatusAssessmentGreaterThan9Percent_NUMPass-HbA1cGreaterThan9_8956ebb5.json',
    );
    const recent = await run(shiftDates(sample, shiftFor('2025-01-03T00:00:00Z', 30)));
    assert.deepEqual(ruleIds(recent.cards), []);
    const old = await run(shiftDates(sample, shiftFor('2025-01-03T00:00:00Z', 200)));
    assert.deepEqual(ruleIds(old.cards), ['hba1c']);
  });
});
