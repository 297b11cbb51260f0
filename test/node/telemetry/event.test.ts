import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { validateEvent } from '../../../src/telemetry/event';
import { errorForStatus, retryAfterMs } from '../../../src/telemetry/sink';
import { toAuditEvent } from '../../../src/telemetry/audit-event';
import { privacy } from '../../../src/telemetry/sinks';

const base = () => ({
  id: randomUUID(),
  at: '2026-11-26T08:00:00.000Z',
  session: randomUUID(),
  app: '0.1.0',
});
const problems = (value: unknown) => {
  const r = validateEvent(value);
  return 'problems' in r ? r.problems : [];
};

describe('interaction events', () => {
  it('takes a well-formed event of each kind', () => {
    assert.deepEqual(problems({ ...base(), type: 'session-started', patient: 'Patient/p-1' }), []);
    assert.deepEqual(
      problems({
        ...base(),
        type: 'card-dismissed',
        card: 'c-1',
        source: 'local:starter',
        indicator: 'info',
      }),
      [],
    );
  });

  it('names what is wrong with a malformed one', () => {
    assert.deepEqual(problems({ ...base(), type: 'card-dismissed' }), [
      '(event): a card event needs card and source',
    ]);
    assert.deepEqual(problems({ ...base(), type: 'card-overridden', card: 'c', source: 's' }), [
      '(event): card-overridden needs overrideReason',
    ]);
    assert.match(
      problems({ ...base(), type: 'session-started', at: '26/11/2026' })[0] ?? '',
      /^at: expected an RFC 3339 UTC time/,
    );
    assert.match(
      problems({ ...base(), type: 'session-started', patient: 'javascript:alert(1)' })[0] ?? '',
      /^patient: expected Type\/id/,
    );
    assert.match(problems({ ...base(), type: 'session-started', surprise: 1 })[0] ?? '', /surprise/);
    assert.match(
      problems({ ...base(), type: 'card-dismissed', card: 'c', source: 's', userComment: 'x' })[0] ?? '',
      /only card-overridden carries a comment/,
    );
  });

  it('reads Retry-After in seconds or as a date, and sorts statuses into retry and refused', () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    assert.equal(retryAfterMs('30', now), 30_000);
    assert.equal(retryAfterMs('Thu, 26 Nov 2026 08:00:10 GMT', now), 10_000);
    assert.equal(retryAfterMs('soon', now), undefined);
    for (const status of [401, 403, 408, 429, 500, 503])
      assert.equal(errorForStatus(status, null, 'x').kind, 'retry', String(status));
    for (const status of [400, 413, 415, 422])
      assert.equal(errorForStatus(status, null, 'x').kind, 'refused', String(status));
  });

  it('projects to an AuditEvent that carries the event id as its conditional-create tag', () => {
    const event = {
      ...base(),
      type: 'card-snoozed' as const,
      card: 'c-1',
      source: 'local:starter',
      patient: 'Patient/p-1',
    };
    const audit = toAuditEvent(event);
    assert.equal(audit.type.code, '110100');
    assert.equal(audit.subtype?.[0]?.code, 'card-snoozed');
    assert.equal(audit.action, 'E');
    assert.deepEqual(audit.meta?.tag, [{ system: 'urn:learning-loop:event', code: event.id }]);
    assert.equal(audit.entity?.[0]?.what?.reference, 'Patient/p-1');
  });

  it('a pseudonymising sink sees no patient, practitioner or encounter id, and no link query', async () => {
    const event = {
      ...base(),
      type: 'link-opened' as const,
      card: 'c-1',
      source: 'local:starter',
      patient: 'Patient/p-1',
      practitioner: 'Practitioner/pr-1',
      encounter: 'Encounter/enc-1',
      url: 'https://guideline.example/page?mrn=MRN-100019#x',
    };
    const [out] = await privacy({ pseudonymKey: 'a-key-of-sixteen-chars' })([event]);
    const text = JSON.stringify(out);
    assert.doesNotMatch(text, /p-1|pr-1|enc-1|MRN-100019/);
    assert.match(out?.patient ?? '', /^Patient\/[0-9a-f]{64}$/);
    assert.equal(out?.url, 'https://guideline.example/page');
    const [again] = await privacy({ pseudonymKey: 'a-key-of-sixteen-chars' })([event]);
    assert.equal(again?.patient, out?.patient, 'the same id gives the same pseudonym');
    const audit = toAuditEvent(out ?? event, { pseudonymous: true });
    assert.equal(audit.entity?.[0]?.what?.reference, undefined, 'a pseudonym is not a reference');
    assert.equal(audit.entity?.[0]?.what?.identifier?.value, out?.patient);
  });

  it('counts a gap as an events-dropped event, about no one, projected to AuditEvent details', () => {
    const gap = {
      ...base(),
      type: 'events-dropped' as const,
      dropped: {
        count: 12,
        from: '2026-11-20T08:00:00.000Z',
        to: '2026-11-20T09:00:00.000Z',
        reason: 'max-age' as const,
        sink: 'ndjson:https://analytics.example.org/events',
      },
    };
    assert.deepEqual(problems(gap), []);
    assert.match(
      problems({ ...gap, dropped: { ...gap.dropped, reason: 'bored' } })[0] ?? '',
      /^dropped\.reason/,
    );
    assert.match(
      problems({ ...gap, type: 'session-started' })[0] ?? '',
      /only events-dropped carries dropped/,
    );
    const details = toAuditEvent(gap).entity?.[0]?.detail ?? [];
    const value = (type: string) => details.find((d) => d.type === type)?.valueString;
    assert.equal(value('droppedCount'), '12');
    assert.equal(value('droppedReason'), 'max-age');
    assert.equal(value('droppedSink'), 'ndjson:https://analytics.example.org/events');
  });

  it('names in a feedback drill-down the measure and the month opened, projected to AuditEvent details', () => {
    const drill = {
      ...base(),
      type: 'feedback-drilldown' as const,
      measure: { url: 'https://learning-loop.example.org/fhir/Measure/vte-prophylaxis', month: '2026-10' },
    };
    assert.deepEqual(problems(drill), []);
    assert.match(
      problems({ ...drill, measure: { ...drill.measure, month: '2026-13' } })[0] ?? '',
      /^measure\.month: expected YYYY-MM/,
    );
    assert.match(
      problems({ ...drill, type: 'feedback-viewed' })[0] ?? '',
      /only feedback-drilldown carries measure/,
    );
    const details = toAuditEvent(drill).entity?.[0]?.detail ?? [];
    const value = (type: string) => details.find((d) => d.type === type)?.valueString;
    assert.equal(value('measure'), drill.measure.url);
    assert.equal(value('measureMonth'), '2026-10');
  });

  it('says in session-started which scopes came with a query', () => {
    const started = {
      ...base(),
      type: 'session-started' as const,
      scopeRestrictions: ['patient/Observation.rs?category=laboratory'],
    };
    assert.deepEqual(problems(started), []);
    assert.match(problems({ ...started, type: 'session-ended' })[0] ?? '', /only session-started/);
    const details = toAuditEvent(started).entity?.[0]?.detail ?? [];
    assert.deepEqual(
      details.filter((d) => d.type === 'scopeRestriction').map((d) => d.valueString),
      ['patient/Observation.rs?category=laboratory'],
    );
  });
});
