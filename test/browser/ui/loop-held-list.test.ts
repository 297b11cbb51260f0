import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/ui/loop-held-list/loop-held-list';
import type { LoopHeldList } from '../../../src/ui/loop-held-list/loop-held-list';
import type { HeldCard } from '../../../src/prompts/prompts-model';
import { prompt } from '../../factories/cards';

const snoozed: HeldCard = {
  prompt: prompt({ uuid: 'a', summary: 'Start VTE prophylaxis' }),
  response: {
    kind: 'snoozed',
    cardUuid: 'a',
    summary: 'Start VTE prophylaxis',
    at: '2026-06-14T10:00:00Z',
    forMs: 4 * 3_600_000,
  },
  until: '2026-06-14T14:00:00Z',
};
const overridden: HeldCard = {
  prompt: prompt({ uuid: 'b', summary: 'Offer naloxone' }),
  response: {
    kind: 'overridden',
    cardUuid: 'b',
    summary: 'Offer naloxone',
    at: '2026-06-13T09:30:00Z',
    reason: { code: 'does-not-align-preferences', display: 'Patient preference' },
    comment: 'declined twice',
    fingerprint: 'x',
  },
};

const mount = (held: HeldCard[], kept = true) =>
  fixture<LoopHeldList>(html`<loop-held-list .held=${held} ?kept=${kept}></loop-held-list>`);

describe('<loop-held-list>', () => {
  it('says how many cards are held back, and opens to list what was done and when, with undo', async () => {
    const el = await mount([snoozed, overridden]);
    const summary = el.shadowRoot?.querySelector('summary');
    expect(summary?.textContent?.trim()).to.equal('Snoozed or overridden (2)');
    summary?.click();
    await el.updateComplete;
    const items = [...(el.shadowRoot?.querySelectorAll('li') ?? [])].map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(items[0]).to.match(/^Start VTE prophylaxis Snoozed until 14 Jun, \d\d:\d\d Undo$/);
    expect(items[1]).to.match(
      /^Offer naloxone Overridden on 13 Jun, \d\d:\d\d: Patient preference \("declined twice"\) Undo$/,
    );
    await expect(el).to.be.accessible();
  });

  it('asks for an undo of the card whose Undo was pressed', async () => {
    const el = await mount([snoozed, overridden]);
    const asked: string[] = [];
    el.addEventListener('loop-undo-request', (e) => asked.push(e.detail.cardUuid));
    const undo = el.shadowRoot?.querySelectorAll('button')[1];
    expect(undo?.getAttribute('aria-label')).to.equal('Undo: ask again about Offer naloxone');
    undo?.click();
    expect(asked).to.deep.equal(['b']);
  });

  it('says when answers last for this launch only, even with nothing held', async () => {
    const el = await mount([], false);
    expect(el.shadowRoot?.textContent).to.match(/last for this launch only/);
    const quiet = await mount([], true);
    expect(quiet.shadowRoot?.textContent?.trim()).to.equal('');
  });
});
