import { expect } from '@open-wc/testing';
import type { Telemetry } from '../../../src/telemetry/telemetry';
import { waitFor } from '../e2e/harness';

/**
 * A real reload in the middle of a flush: the page is reloaded while its batch has reached the
 * receiver but the answer has not come back. The outbox survives; the new page sends again, and the
 * receiver (which keeps one copy per id, as real receivers do) ends with every event.
 */
describe('telemetry: a reload in the middle of a flush', () => {
  it('loses nothing, and the receiver ends with each event', async () => {
    const db = `reload-${Date.now()}`;
    const received = () =>
      JSON.parse(localStorage.getItem(`${db}:received`) ?? '{}') as Record<string, number>;
    const frame = document.createElement('iframe');
    frame.src = `/test/browser/telemetry/fixtures/outbox-page.html?phase=first&db=${db}`;
    document.body.append(frame);
    await waitFor(() => Object.keys(received()).length === 300, 'the first batch at the receiver', 20_000);

    frame.src = `/test/browser/telemetry/fixtures/outbox-page.html?phase=second&db=${db}`; // the reload
    const page = () => (frame.contentWindow as (Window & { outboxPage?: Telemetry }) | null)?.outboxPage;
    await waitFor(
      () => page()?.state.sinks.ndjson?.pending === 0 && (page()?.state.sinks.ndjson?.delivered ?? 0) > 0,
      'the resent batch',
      20_000,
    );
    const counts = received();
    expect(Object.keys(counts)).to.have.length(300);
    // The batch whose answer never came was sent again by the new page: at least once, as promised,
    // and the receiver keeps one copy per id.
    expect(Object.values(counts).every((n) => n === 2)).to.equal(true);
    frame.remove();
  });
});
