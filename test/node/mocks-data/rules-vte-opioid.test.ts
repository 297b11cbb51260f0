import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ANTICOAGULANTS,
  BENZODIAZEPINES,
  OPIOIDS,
  activeMeds,
  age,
  hasActiveNaloxone,
  hasCondition,
  inpatient,
  latest,
  mmePerDay,
  patientOf,
} from './clinical';
import type { PatientRecord } from './clinical';
import { cohort } from './cohort';

const NOW = new Date('2026-01-15T08:00:00Z');
const { data, all, withTag, tagsOf, unitOf } = cohort(NOW);
const RULES = ['vte', 'opioid-mme', 'naloxone', 'opioid-benzo', 'aki', 'hba1c', 'statin'];

describe('scenario tags', () => {
  it('give every starter rule at least one trigger and one near miss, spread over both units', () => {
    const tags = data.patients.flatMap((p) => p.scenarios);
    for (const rule of RULES) {
      assert.ok(
        tags.some((t) => t.startsWith(`${rule}:trigger`)),
        `${rule} has a trigger`,
      );
      assert.ok(
        tags.some((t) => t.startsWith(`${rule}:miss`)),
        `${rule} has a near miss`,
      );
    }
    for (const unit of ['unit-4b', 'unit-icu']) {
      const onUnit = data.patients.filter((p) => p.unitId === unit).flatMap((p) => p.scenarios);
      assert.ok(onUnit.some((t) => t.includes(':trigger')) && onUnit.some((t) => t.includes(':miss')), unit);
    }
  });
});

describe('VTE prophylaxis', () => {
  const padua = (rec: PatientRecord) =>
    (hasCondition(rec, '363346000') ? 3 : 0) +
    (age(patientOf(rec)?.birthDate ?? '', NOW) >= 70 ? 1 : 0) +
    (hasCondition(rec, '84114007') ? 1 : 0) +
    (['91302008', '233604007', '128045006', '68566005'].some((c) => hasCondition(rec, c)) ? 1 : 0);
  const platelets = (rec: PatientRecord) => latest(rec, '777-3')?.valueQuantity?.value ?? Number.NaN;

  it('triggers for an inpatient at risk, without anticoagulant, with platelets of 50 or more', () => {
    for (const rec of withTag('vte:trigger')) {
      assert.ok(inpatient(rec) && padua(rec) >= 4 && activeMeds(rec, ANTICOAGULANTS).length === 0);
      assert.ok(platelets(rec) >= 50);
      assert.equal(latest(rec, '777-3')?.valueQuantity?.code, '10*3/uL');
    }
  });

  it('misses when already anticoagulated (enoxaparin and heparin both covered)', () => {
    const recs = withTag('vte:miss-anticoagulated');
    const drugs = new Set(
      recs.flatMap((r) => activeMeds(r, ANTICOAGULANTS).map((m) => m.medicationCodeableConcept?.text)),
    );
    assert.ok(recs.every((r) => padua(r) >= 4 && activeMeds(r, ANTICOAGULANTS).length === 1));
    assert.deepEqual([...drugs].sort(), [
      '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe',
      '1 ML heparin sodium, porcine 5000 UNT/ML Injection',
    ]);
  });

  it('misses when the latest platelet count is below 50', () => {
    for (const rec of withTag('vte:miss-low-platelets')) {
      assert.ok(padua(rec) >= 4 && activeMeds(rec, ANTICOAGULANTS).length === 0 && platelets(rec) < 50);
    }
  });

  it('stays quiet for every other inpatient: prophylaxis given, or low risk outside the ICU', () => {
    for (const rec of all.filter((r) => inpatient(r) && !tagsOf(r.id).some((t) => t.startsWith('vte:')))) {
      const icu = unitOf(rec.id) === 'unit-icu';
      assert.ok(activeMeds(rec, ANTICOAGULANTS).length > 0 || (padua(rec) < 4 && !icu), rec.id);
    }
  });
});

describe('opioids', () => {
  const expectMme: [string, (mme: number) => boolean][] = [
    ['opioid-mme:trigger-50', (m) => m >= 50 && m < 90],
    ['opioid-mme:trigger-90', (m) => m >= 90],
    ['opioid-mme:miss-45', (m) => m === 45],
  ];
  for (const [tag, ok] of expectMme) {
    it(`${tag}: MME/day by CDC 2022 conversion factors`, () => {
      for (const rec of withTag(tag)) assert.ok(ok(mmePerDay(rec)), `${rec.id}: ${mmePerDay(rec)} MME/day`);
    });
  }

  it('computes the 45 MME/day near miss from one oxycodone 5 mg tablet every 4 hours, with no route', () => {
    const [rec] = withTag('opioid-mme:miss-45');
    const [oxy] = rec ? activeMeds(rec, OPIOIDS) : [];
    assert.equal(oxy?.medicationCodeableConcept?.coding?.[0]?.code, '1049621');
    assert.deepEqual(oxy?.dosageInstruction?.[0]?.timing?.repeat, {
      frequency: 1,
      period: 4,
      periodUnit: 'h',
    });
    assert.deepEqual(oxy?.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.code, '{tbl}');
    assert.equal(oxy?.dosageInstruction?.[0]?.route, undefined);
  });

  it('orders opioids and benzodiazepines as home medications (category community), others as inpatient', () => {
    const category = (m: { category?: { coding?: { code?: string }[] }[] }) =>
      m.category?.[0]?.coding?.[0]?.code;
    for (const rec of all) {
      for (const m of activeMeds(rec, new Set([...OPIOIDS, ...BENZODIAZEPINES])))
        assert.equal(category(m), 'community', rec.id);
      for (const m of activeMeds(rec, ANTICOAGULANTS)) assert.equal(category(m), 'inpatient', rec.id);
    }
  });

  it('gives the 90 MME/day naloxone near miss a dose range (1 to 2 tablets), counted at its top', () => {
    const [rec] = withTag('naloxone:miss-has-naloxone');
    const [oxy] = rec ? activeMeds(rec, OPIOIDS) : [];
    assert.deepEqual(oxy?.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseRange?.high?.value, 2);
    assert.equal(rec && mmePerDay(rec), 90);
  });

  it('tags every patient at 50 MME/day or more, and only them', () => {
    for (const rec of all) {
      const tagged = tagsOf(rec.id).some((t) => t.startsWith('opioid-mme:trigger'));
      assert.equal(mmePerDay(rec) >= 50, tagged, rec.id);
    }
  });

  it('naloxone: offered at 50 MME/day or more when not already prescribed', () => {
    for (const rec of withTag('naloxone:trigger')) assert.ok(mmePerDay(rec) >= 50 && !hasActiveNaloxone(rec));
    for (const rec of withTag('naloxone:miss-has-naloxone'))
      assert.ok(mmePerDay(rec) >= 50 && hasActiveNaloxone(rec));
    for (const rec of withTag('naloxone:miss-below-50')) {
      assert.ok(mmePerDay(rec) < 50 && activeMeds(rec, BENZODIAZEPINES).length === 0);
    }
  });

  it('opioid with benzodiazepine: both active triggers; a stopped benzodiazepine or no opioid misses', () => {
    const opioids = OPIOIDS;
    const both = (r: PatientRecord) =>
      activeMeds(r, opioids).length > 0 && activeMeds(r, BENZODIAZEPINES).length > 0;
    for (const rec of withTag('opioid-benzo:trigger')) assert.ok(both(rec));
    for (const rec of withTag('opioid-benzo:miss-benzo-stopped')) {
      assert.ok(!both(rec) && activeMeds(rec, opioids).length > 0);
      assert.ok(rec.meds.some((m) => m.status === 'stopped'));
    }
    for (const rec of withTag('opioid-benzo:miss-no-opioid')) {
      assert.ok(activeMeds(rec, opioids).length === 0 && activeMeds(rec, BENZODIAZEPINES).length > 0);
    }
    for (const rec of all) assert.equal(both(rec), tagsOf(rec.id).includes('opioid-benzo:trigger'), rec.id);
  });
});
