import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { CdsMockLog } from '../../../mocks/cds/handlers';
import { CDS_SIM_BASE, CDS_SIM_SERVICE_ID } from '../../../mocks/cds/options';
import { callService, buildPatientViewRequest } from '../../../src/cds/call';
import { CdsError } from '../../../src/cds/errors';
import { feedbackBody, sendFeedback } from '../../../src/cds/feedback';
import { GENERATED_UUID_PREFIX } from '../../../src/cds/validate';
import { NON_ADHERENCE_SYSTEM } from '../../../src/cds/cards';
import { available, context, fluService, serveCds, state } from './helpers';

const server = setupServer();
const at = new Date('2026-06-14T12:34:56.789+02:00');
let log: CdsMockLog;

describe('CDS Hooks feedback', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  beforeEach(() => {
    log = serveCds(server);
  });

  it('POSTs accepted and overridden outcomes in exactly the 2.0 shape', async () => {
    const [prompt] = await callService(
      fluService,
      buildPatientViewRequest(fluService, context, available).request,
    );
    assert.ok(prompt);
    const suggestion = prompt.card.suggestions?.[0]?.uuid ?? '';
    const result = await sendFeedback(CDS_SIM_BASE, CDS_SIM_SERVICE_ID, [
      { card: prompt.card.uuid, outcome: 'accepted', acceptedSuggestions: [suggestion], at },
      {
        card: prompt.card.uuid,
        outcome: 'overridden',
        reason: {
          system: NON_ADHERENCE_SYSTEM,
          code: 'cds-not-applicable',
          display: 'Not applicable',
          userSelected: true,
        },
        comment: '  Had it at the pharmacy  ',
        at,
      },
      { card: prompt.card.uuid, outcome: 'overridden', at },
    ]);
    assert.deepEqual(result, { sent: 3, skipped: 0 });
    assert.deepEqual(log.feedback, [
      {
        feedback: [
          {
            card: prompt.card.uuid,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: suggestion }],
            outcomeTimestamp: '2026-06-14T10:34:56.789Z',
          },
          {
            card: prompt.card.uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: { system: NON_ADHERENCE_SYSTEM, code: 'cds-not-applicable', display: 'Not applicable' },
              userComment: 'Had it at the pharmacy',
            },
            outcomeTimestamp: '2026-06-14T10:34:56.789Z',
          },
          { card: prompt.card.uuid, outcome: 'overridden', outcomeTimestamp: '2026-06-14T10:34:56.789Z' },
        ],
      },
    ]);
  });

  it('sends a comment without a reason', () => {
    const body = feedbackBody([{ card: 'c', outcome: 'overridden', comment: 'Wrong patient', at }]);
    assert.deepEqual(body.feedback[0]?.overrideReason, { userComment: 'Wrong patient' });
  });

  it('leaves out what the spec says not to send, and POSTs nothing when nothing remains', async () => {
    const result = await sendFeedback(CDS_SIM_BASE, CDS_SIM_SERVICE_ID, [
      { card: `${GENERATED_UUID_PREFIX}x`, outcome: 'overridden', at },
      { card: 'c-1', outcome: 'accepted', acceptedSuggestions: [], at },
    ]);
    assert.deepEqual(result, { sent: 0, skipped: 2 });
    assert.deepEqual(log.feedback, []);
  });

  it('rejects with a CdsError when the endpoint fails, so the outbox can retry', async () => {
    state.flags = { feedbackFailure: true };
    await assert.rejects(
      sendFeedback(CDS_SIM_BASE, CDS_SIM_SERVICE_ID, [{ card: 'c-1', outcome: 'overridden', at }]),
      (error) => error instanceof CdsError && error.kind === 'http' && error.status === 500,
    );
  });
});
