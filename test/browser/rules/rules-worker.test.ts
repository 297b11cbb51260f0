import { expect, fixture, html } from '@open-wc/testing';
import type { LoopCard } from '../../../src/ui/loop-card/loop-card';
import '../../../src/ui/loop-card/loop-card';
import type { Location, Resource } from '@medplum/fhirtypes';
import { generateDataset } from '../../../mocks/data';
import { RulesWorkerClient } from '../../../src/rules/worker-client';
import { createRulesWorker, workerRulesRunner } from '../../../src/rules/worker-runner';

/** The real rules worker (engine, starter pack) on synthetic patients, in Chromium. */
const now = new Date('2026-01-15T08:00:00Z');
const dataset = generateDataset({ now });

function recordOf(patientId: string): Resource[] {
  const ref = `Patient/${patientId}`;
  return dataset.resources.filter((r) => {
    const x = r as { id?: string; subject?: { reference?: string }; patient?: { reference?: string } };
    if (r.resourceType === 'Patient') return x.id === patientId;
    return x.subject?.reference === ref || x.patient?.reference === ref;
  });
}

function unitTypesOf(patientId: string) {
  const unitId = dataset.patients.find((p) => p.id === patientId)?.unitId;
  const ward = dataset.resources.find((r): r is Location => r.resourceType === 'Location' && r.id === unitId);
  return ward?.type?.flatMap((t) => t.coding ?? []);
}

const triggering = (rule: string) =>
  dataset.patients.find((p) => p.scenarios.some((s) => s.startsWith(`${rule}:trigger`)));

describe('rules worker (real engine, Chromium)', () => {
  it('gives each trigger patient its card, and no card to a background patient', async () => {
    const client = new RulesWorkerClient(createRulesWorker, 30_000);
    for (const rule of ['hba1c', 'aki', 'vte']) {
      const patient = triggering(rule);
      if (!patient) throw new Error(`no ${rule} trigger patient`);
      const unitTypes = unitTypesOf(patient.id);
      const { cards, errors } = await client.run(patient.id, recordOf(patient.id), now, {
        packs: ['starter'],
        ...(unitTypes ? { unitTypes } : {}),
      });
      expect(errors, patient.id).to.deep.equal([]);
      expect(
        cards.map((c) => c.card.source.topic?.code),
        patient.id,
      ).to.include(rule);
    }
    const background = dataset.patients.find((p) => p.scenarios.length === 0);
    const quiet = await client.run(background?.id ?? '', recordOf(background?.id ?? ''), now, {
      packs: ['starter'],
    });
    expect(quiet.cards).to.deep.equal([]);
    client.terminate();
  });

  it('names a pack this build does not have instead of failing the run', async () => {
    const client = new RulesWorkerClient(createRulesWorker, 30_000);
    const result = await client.run('p-001', recordOf('p-001'), now, { packs: ['nope'] });
    expect(result.errors[0]?.message).to.match(/no rule pack "nope"/);
    client.terminate();
  });

  it('the runner asks only for what the starter rules need', () => {
    const queries = workerRulesRunner(['starter']).queries('p-001', now);
    expect(queries.some((q) => q.startsWith('Observation?patient=Patient%2Fp-001&code='))).to.equal(true);
    expect(
      queries.every((q) =>
        /^(Patient|Observation|Condition|MedicationRequest|Encounter|Procedure)\?/.test(q),
      ),
    ).to.equal(true);
  });

  it('hostile text in the patient record reaches the card as inert text', async () => {
    const patient = triggering('aki');
    if (!patient) throw new Error('no aki trigger patient');
    const hostile =
      '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>[x](javascript:alert(1))';
    const record = recordOf(patient.id).map((r) => {
      if (r.resourceType !== 'MedicationRequest' || !r.medicationCodeableConcept) return r;
      const concept = r.medicationCodeableConcept;
      return {
        ...r,
        medicationCodeableConcept: {
          ...concept,
          text: `${concept.text ?? ''} ${hostile}`,
          coding: (concept.coding ?? []).map((c) => ({ ...c, display: `${c.display ?? ''} ${hostile}` })),
        },
      };
    });
    const client = new RulesWorkerClient(createRulesWorker, 30_000);
    const unitTypes = unitTypesOf(patient.id);
    const { cards } = await client.run(patient.id, record, now, {
      packs: ['starter'],
      ...(unitTypes ? { unitTypes } : {}),
    });
    client.terminate();
    const aki = cards.find((c) => c.card.source.topic?.code === 'aki');
    expect(aki, 'the AKI card still fires').to.not.equal(undefined);
    expect(JSON.stringify(aki)).to.include('onerror'); // the hostile text did reach the card
    const el = await fixture<LoopCard>(html`<loop-card .prompt=${aki}></loop-card>`);
    el.shadowRoot?.querySelector<HTMLButtonElement>('.card__details-toggle')?.click();
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    const root = el.shadowRoot;
    expect(root?.querySelector('.card__detail')?.innerHTML.length).to.be.greaterThan(0);
    expect(root?.querySelectorAll('img, script, iframe, [onerror]').length).to.equal(0);
    expect(
      [...(root?.querySelectorAll('a') ?? [])].some((a) =>
        /^javascript:/i.test(a.getAttribute('href') ?? ''),
      ),
    ).to.equal(false);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
