/**
 * What sinks receive: least data by default, and pseudonyms that do not give the patient back to
 * someone who has everything public (rule urls, the uuid namespace, the app's code) and a list of
 * candidate patient ids, but not the deployment's key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { LoopEvent } from '../../../src/telemetry/event';
import { privacy } from '../../../src/telemetry/privacy';
import { uuidV5 } from '../../../src/rules/engine/uuid';
import { toAuditEvent } from '../../../src/telemetry/audit-event';

const RULE = 'https://learning-loop.example.org/fhir/PlanDefinition/hba1c-above-9';
const KEY = 'a3f9c0e1d2b4a6987f0e1d2c3b4a59687f0e1d2c3b4a5968';
const patients = Array.from({ length: 40 }, (_, i) => `p-${String(i + 1).padStart(3, '0')}`);

/** The events a session of the app sends about one card for each patient, as the rules make them. */
function session(): LoopEvent[] {
  return patients.flatMap((id) => {
    const card = uuidV5(`${RULE}|Patient/${id}`);
    const common = {
      at: '2026-03-02T08:00:00.000Z',
      session: randomUUID(),
      app: '0.1.0',
      patient: `Patient/${id}`,
      practitioner: 'Practitioner/pr-001',
      encounter: `Encounter/e-${id}`,
      rule: { url: RULE, version: '1.0.0' },
      card,
      source: 'local:starter',
    };
    return [
      { ...common, id: randomUUID(), type: 'card-shown', visibleMs: 1200 },
      { ...common, id: randomUUID(), type: 'suggestion-accepted', suggestion: uuidV5(`${card}|order`) },
      {
        ...common,
        id: randomUUID(),
        type: 'card-overridden',
        overrideReason: { code: 'cds-not-applicable' },
        userComment: `MRN 1000${id} says otherwise`,
      },
    ] as LoopEvent[];
  });
}

/**
 * The attacker: everything public, every candidate id, no key. Tries the card uuid (uuid v5 of the
 * rule and patient), the suggestion uuid derived from it, and unkeyed hashes of the references.
 */
function reidentify(events: readonly LoopEvent[]): Map<string, string> {
  const found = new Map<string, string>();
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const guessKey = (s: string) =>
    createHmac('sha256', 'simulator-demo-key-not-secret').update(s).digest('hex');
  for (const id of patients) {
    const ref = `Patient/${id}`;
    const card = uuidV5(`${RULE}|${ref}`);
    const candidates = new Set([
      ref,
      card,
      uuidV5(`${card}|order`),
      `Patient/${sha(ref)}`,
      `Patient/${guessKey(ref)}`,
    ]);
    for (const e of events)
      for (const value of [e.patient, e.card, e.suggestion, e.encounter])
        if (value && candidates.has(value)) found.set(e.id, id);
  }
  return found;
}

describe('privacy of what sinks receive', () => {
  it('a re-identification attempt recovers every patient from raw events, none from pseudonymised ones', async () => {
    const raw = session();
    assert.equal(new Set(reidentify(raw).values()).size, 40, 'the attack works on what it can work on');
    const sent = await privacy({ pseudonymKey: KEY })(raw);
    assert.equal(reidentify(sent).size, 0);
    const text = JSON.stringify(sent);
    for (const id of patients) assert.ok(!text.includes(id), `${id} appears in what the sink receives`);
  });

  it('keeps what analysts count: the same card, suggestion and patient give the same pseudonyms', async () => {
    const raw = session().slice(0, 3);
    const [shown, accepted] = await privacy({ pseudonymKey: KEY })(raw);
    const [again] = await privacy({ pseudonymKey: async () => KEY })(raw);
    assert.equal(shown?.card, accepted?.card);
    assert.equal(again?.card, shown?.card);
    assert.match(shown?.card ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(accepted?.suggestion ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(accepted?.suggestion, raw[1]?.suggestion);
    assert.match(shown?.patient ?? '', /^Patient\/[0-9a-f]{64}$/);
    // The analytics' --pseudonym-key computes the same reference pseudonym (HMAC-SHA-256 hex).
    assert.equal(
      shown?.practitioner,
      `Practitioner/${createHmac('sha256', KEY).update('Practitioner/pr-001').digest('hex')}`,
    );
    const other = await privacy({ pseudonymKey: `${KEY}x` })(raw);
    assert.notEqual(other[0]?.card, shown?.card, 'another deployment, other pseudonyms');
  });

  it('leaves out comments unless a sink keeps them, and always strips link queries', async () => {
    const overridden = session()[2] as LoopEvent;
    const link: LoopEvent = { ...overridden, type: 'link-opened', url: 'https://g.example/x?mrn=100019#top' };
    delete link.userComment;
    delete link.overrideReason;
    const [plain, plainLink] = await privacy({})([overridden, link]);
    assert.equal(plain?.userComment, undefined);
    assert.equal(plainLink?.url, 'https://g.example/x');
    const [kept] = await privacy({ keepComments: true })([overridden]);
    assert.equal(kept?.userComment, overridden.userComment);
    const [dropped] = await privacy({ keepComments: true, dropComments: true })([overridden]);
    assert.equal(dropped?.userComment, undefined);
  });

  it('a key that cannot be had makes the transform fail (events wait), and is asked for again', async () => {
    let calls = 0;
    const transform = privacy({
      pseudonymKey: async () => {
        calls++;
        if (calls === 1) throw new Error('the key endpoint answered 503');
        return KEY;
      },
    });
    await assert.rejects(transform(session().slice(0, 1)), /503/);
    const [out] = await transform(session().slice(0, 1));
    assert.match(out?.patient ?? '', /^Patient\/[0-9a-f]{64}$/);
    assert.equal(calls, 2);
  });

  it('an AuditEvent of a pseudonymised event names no one and carries no comment by default', async () => {
    const [out] = await privacy({ pseudonymKey: KEY })(session().slice(2, 3));
    const audit = JSON.stringify(toAuditEvent(out as LoopEvent, { pseudonymous: true }));
    assert.ok(!audit.includes('p-001'));
    assert.ok(!audit.includes('MRN'));
  });
});
