/*
 * The starter rules on records nobody on this project wrote (test/fixtures/fhir-samples, a copy of
 * ../shared/fhir-samples), with dates shifted relative to NOW where the rule looks back in time: the
 * AHRQ pain patient, one Synthea record, and the eCQM test cases that match a starter rule, each firing
 * or staying silent as its guideline says. Skipped when the samples are absent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Condition, Resource } from '@medplum/fhirtypes';
import { runPack } from './run-pack';
import { starterPack } from '../../../src/rules/packs/starter/index';
import { NOW, loadSample, ruleIds, samplesPresent, shiftDates, shiftFor, shown } from './helpers';
import { ICD10, condition, order } from './factories';

const skip = samplesPresent
  ? false
  : 'the public samples (test/fixtures/fhir-samples) are not on this machine';
const run = async (bundle: Bundle) => {
  const result = await runPack(starterPack, bundle, NOW);
  assert.deepEqual(result.errors, []);
  return result;
};
const ECQM = 'ecqm-qicore-2024/';
const withResources = (bundle: Bundle, ...extra: Resource[]): Bundle => ({
  ...bundle,
  entry: [...(bundle.entry ?? []), ...extra.map((resource) => ({ resource }))],
});
const patientId = (bundle: Bundle) =>
  bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id;
/** A factory resource re-pointed at the sample's patient. */
const forPatient = <T extends Resource>(bundle: Bundle, r: T): T => ({
  ...r,
  subject: { reference: `Patient/${patientId(bundle)}` },
});

describe('public sample patients', { skip }, () => {
  it('AHRQ CDS Connect pain patient: opioid with a benzodiazepine, naloxone, and an MME card that names what it cannot count', async () => {
    // Brenda Jackson has active orders for oxycodone (RxNorm 1049593, 1049717) and chlordiazepoxide
    // (905505) and none for naloxone. Her MedicationRequests carry no dosageInstruction and no category
    // (and she has no stay in progress), so they count as outpatient orders: CDC recommendations 11
    // (benzodiazepine) and 8 (naloxone, because of the benzodiazepine) apply. The daily dose cannot be
    // computed: the MME card is information only and names the orders, never a guessed 0.
    const result = await run(loadSample('ahrq-pain/brenda_jackson.json'));
    assert.deepEqual(ruleIds(result.cards).sort(), ['naloxone', 'opioid-benzo', 'opioid-mme']);
    const card = (rule: string) => result.cards.find((c) => c.card.source.topic?.code === rule)?.card;
    assert.match(card('opioid-benzo')?.summary ?? '', /Chlordiazepoxide/);
    assert.equal(card('opioid-mme')?.indicator, 'info');
    assert.match(
      shown(card('opioid-mme')?.detail),
      /dose not counted for 12 HR Oxycodone .*\(no dose on the order\)/,
    );
    assert.match(shown(card('naloxone')?.detail), /daily dose not computable/);
    for (const c of result.cards)
      assert.doesNotMatch(`${c.card.summary} ${shown(c.card.detail)}`, /\(unknown\)/);
  });

  it('Synthea patient with diabetes: silent with a recent HbA1c of 6.1%, prompts when it is 200 days old', async () => {
    // Fabian Murray: active diabetes (SNOMED 44054006), last HbA1c 6.07% (LOINC 4548-4) on 2020-12-19.
    const sample = loadSample('synthea-smart/Fabian_Murray_a120c913-9ee0-4fcc-8344-826e74335c80.json');
    const recent = await run(shiftDates(sample, shiftFor('2020-12-19T00:00:00Z', 30)));
    assert.ok(!ruleIds(recent.cards).includes('hba1c'));
    const stale = await run(shiftDates(sample, shiftFor('2020-12-19T00:00:00Z', 200)));
    const card = stale.cards.find((c) => c.card.source.topic?.code === 'hba1c');
    assert.equal(card?.card.summary, 'Diabetes: no HbA1c in the last 6 months. Order an HbA1c.');
  });

  it('eCQM HbA1c > 9% test case: an unreadable result counts as tested, not as above 9%', async () => {
    // Type 1 diabetes with neuropathy (SNOMED 102781000119107, in the CMS122 Diabetes set), born 2006 (19
    // at NOW: in CMS122's 18 to 75), and an HbA1c (17855-8, effectivePeriod ending 2025-01-03) whose
    // value is a code, not a percentage. The measure counts it; the rule cannot read a value above 9%,
    // so it stays silent while the test is recent, and asks for one once it is old.
    const sample = loadSample(
      `${ECQM}DiabetesGlycemicStatusAssessmentGreaterThan9Percent_NUMPass-HbA1cGreaterThan9_8956ebb5.json`,
    );
    assert.deepEqual(
      ruleIds((await run(shiftDates(sample, shiftFor('2025-01-03T00:00:00Z', 30)))).cards),
      [],
    );
    assert.deepEqual(ruleIds((await run(shiftDates(sample, shiftFor('2025-01-03T00:00:00Z', 200)))).cards), [
      'hba1c',
    ]);
  });

  it('eCQM CMS506 (safe use of opioids): a community opioid order with a benzodiazepine fires CDC recommendations 11 and 8', async () => {
    // acetaminophen 300 mg / oxycodone 7.5 mg (RxNorm 1014632) and flurazepam 15 mg (1298088), both
    // category community, written at discharge; no dosage, so the dose card only names them.
    const sample = shiftDates(
      loadSample(`${ECQM}CMS506SafeUseofOpioids_NUMERPass-OpioidAndBenzodiazepine_6bbda026.json`),
      shiftFor('2026-01-02T00:15:00Z', 1),
    );
    const result = await run(sample);
    assert.deepEqual(ruleIds(result.cards).sort(), ['naloxone', 'opioid-benzo', 'opioid-mme']);
    assert.equal(
      result.cards.find((c) => c.card.source.topic?.code === 'opioid-mme')?.card.indicator,
      'info',
    );
    // The same record with sickle cell disease on the problem list is out of the guideline's scope.
    const sickle = withResources(sample, forPatient(sample, condition(ICD10, 'D57.00') as Condition));
    assert.deepEqual(ruleIds((await run(sickle)).cards), []);
  });

  it('eCQM statin case with palliative care: silent; without it, the recorded 20% risk is used', async () => {
    // Male, born 1982; a recorded 10-year ASCVD risk of 20% (LOINC 79423-0) and a finding "seen by
    // palliative care physician" (305686008, CMS347 exception). With the palliative finding removed and
    // a risk factor added (essential hypertension), USPSTF 2022 applies with the recorded risk.
    const sample = shiftDates(
      loadSample(
        `${ECQM}StatinTherapyforthePreventionandTreatmentofCardiovascularDisease_DENEXCEPPop4Pass-PalliativeCareDiagnosis_95ab5fd7.json`,
      ),
      shiftFor('2025-01-01T08:00:00Z', 30),
    );
    assert.deepEqual(ruleIds((await run(sample)).cards), []);
    const notPalliative: Bundle = {
      ...sample,
      entry: (sample.entry ?? []).filter((e) => e.resource?.resourceType !== 'Condition'),
    };
    const hypertensive = withResources(notPalliative, forPatient(sample, condition(ICD10, 'I10')));
    const result = await run(hypertensive);
    const statin = result.cards.find((c) => c.card.source.topic?.code === 'statin')?.card;
    assert.match(statin?.summary ?? '', /^10-year ASCVD risk 20% and no statin/);
    assert.match(shown(statin?.detail), /as recorded in the chart/);
  });

  it('eCQM CMS832 (AKI) case: creatinine without a KDIGO rise stays silent, with or without a nephrotoxin', async () => {
    // Creatinine 0.9, 1.0, 0.8, 1.1 then 0.6 mg/dL over two days: the latest is lower, not higher.
    const sample = shiftDates(
      loadSample(`${ECQM}CMS832HHAKI_DENOMPass-CreatinineAfter48HoursPJM_0d0134b6.json`),
      shiftFor('2025-10-01T07:50:00Z', 1),
    );
    assert.deepEqual(ruleIds((await run(sample)).cards), []);
    const vancomycin = forPatient(sample, order({ code: '1807513', name: 'vancomycin 1000 MG Injection' }));
    assert.deepEqual(ruleIds((await run(withResources(sample, vancomycin))).cards), []);
  });

  it('eCQM VTE cases (CMS108, CMS190): finished stays, prophylaxis given: no VTE card', async () => {
    for (const name of [
      'CMS108VTEProphylaxis_NUMERPass-DAVFPDayOfICUWICULOSEQ0Day_2899457d.json',
      'CMS190VTEProphylaxisICU_NUMERPass-FactorXa1DayAfterAnesDxAFib_a2563ca7.json',
    ]) {
      const result = await run(loadSample(`${ECQM}${name}`));
      assert.ok(!ruleIds(result.cards).includes('vte'), name);
    }
  });
});
