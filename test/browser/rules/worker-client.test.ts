import { expect } from '@open-wc/testing';
import { RulesUnavailableError, RulesWorkerClient } from '../../../src/rules/worker-client';

/** Real Web Workers, built from small scripts, standing in for the rules worker. */
const ANSWERS = `self.onmessage = (e) => self.postMessage({ id: e.data.id, cards: [{ card: { uuid: 'c-' + e.data.patientId } }], errors: [] });`;
const CRASHES = `self.onmessage = () => { throw new Error('rule engine exploded'); };`;
const HANGS = `self.onmessage = () => { while (true) {} };`;

function workerOf(source: string): Worker {
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

describe('rules worker client', () => {
  it('runs in the worker and returns its cards', async () => {
    const client = new RulesWorkerClient(() => workerOf(ANSWERS));
    const result = await client.run('p-1', [], new Date());
    expect(result.cards[0]?.card.uuid).to.equal('c-p-1');
    client.terminate();
  });

  it('restarts a crashed worker once and retries the run', async () => {
    let created = 0;
    const client = new RulesWorkerClient(() => workerOf(created++ === 0 ? CRASHES : ANSWERS));
    const result = await client.run('p-2', [], new Date());
    expect(result.cards[0]?.card.uuid).to.equal('c-p-2');
    expect(created).to.equal(2);
    client.terminate();
  });

  it('gives up after a second crash with a clear error', async () => {
    let created = 0;
    const client = new RulesWorkerClient(() => {
      created++;
      return workerOf(CRASHES);
    });
    let error: unknown;
    await client.run('p-3', [], new Date()).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RulesUnavailableError);
    expect(created).to.equal(2);
  });

  it('stops a rule that runs away, and starts a fresh worker next time', async () => {
    let created = 0;
    const client = new RulesWorkerClient(() => workerOf(created++ === 0 ? HANGS : ANSWERS), 300);
    let error: unknown;
    await client.run('p-4', [], new Date()).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/did not finish/);
    const next = await client.run('p-5', [], new Date());
    expect(next.cards[0]?.card.uuid).to.equal('c-p-5');
    client.terminate();
  });
});
