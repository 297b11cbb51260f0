import { expect, fixture, html } from '@open-wc/testing';
import type { Card, Indicator, PromptCard } from '../../../src/cds/cards';
import type { CardState } from '../../../src/prompts/prompts-model';
import type { RuleError } from '../../../src/rules/worker-protocol';
import '../../../src/ui/loop-card-list/loop-card-list';
import { prompt } from '../../factories/cards';
import type { LoopCard } from '../../../src/ui/loop-card/loop-card';
import type { LoopCardList } from '../../../src/ui/loop-card-list/loop-card-list';

/** A fresh card of the given urgency; override any field. */
const card = (indicator: Indicator, overrides: Partial<Card> = {}): PromptCard =>
  prompt({ indicator, ...overrides });

interface ListProps {
  cards?: PromptCard[];
  states?: Record<string, CardState>;
  ruleErrors?: RuleError[];
  serviceErrors?: RuleError[];
  status?: LoopCardList['status'];
}

function mount({
  cards = [],
  states = {},
  ruleErrors = [],
  serviceErrors = [],
  status = 'ready',
}: ListProps): Promise<LoopCardList> {
  return fixture<LoopCardList>(
    html`<loop-card-list
      .cards=${cards}
      .states=${states}
      .ruleErrors=${ruleErrors}
      .serviceErrors=${serviceErrors}
      .status=${status}
    ></loop-card-list>`,
  );
}

const cardsOf = (list: LoopCardList) =>
  [...(list.shadowRoot?.querySelectorAll('loop-card') ?? [])] as LoopCard[];
const summaries = (list: LoopCardList) => cardsOf(list).map((c) => c.prompt?.card.summary);
const text = (list: LoopCardList) => list.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Presses a card's button (by its text) the way a keyboard user does. */
async function press(card: LoopCard | undefined, label: string) {
  const target = [...(card?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) =>
    b.textContent?.trim().startsWith(label),
  );
  if (!target) throw new Error(`no ${label} button`);
  target.focus();
  target.click();
}

/** The element that has focus, looking through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<loop-card-list>', () => {
  it('after a card is dismissed, focus moves to the next card and the list says what happened', async () => {
    const cards = [card('critical'), card('warning'), card('info')];
    const list = await mount({ cards });
    list.addEventListener('loop-dismiss-request', (e) => {
      list.states = { ...list.states, [e.detail.cardUuid]: { status: 'dismissed' } };
    });
    await press(cardsOf(list)[0], 'Dismiss');
    await list.updateComplete;
    await list.updateComplete;
    expect(focused()?.closest('article')).to.equal(cardsOf(list)[0]?.shadowRoot?.querySelector('article'));
    expect(cardsOf(list)[0]?.prompt?.card.uuid).to.equal(cards[1]?.card.uuid);
    expect(list.shadowRoot?.querySelector('.announce')?.textContent).to.equal(
      `Dismissed: ${cards[0]?.card.summary}`,
    );
  });

  it('after the last card is answered, focus goes to the list’s own line, not the page', async () => {
    const only = card('warning');
    const list = await mount({ cards: [only] });
    list.addEventListener('loop-dismiss-request', (e) => {
      list.states = { ...list.states, [e.detail.cardUuid]: { status: 'dismissed' } };
    });
    await press(cardsOf(list)[0], 'Dismiss');
    await list.updateComplete;
    await list.updateComplete;
    expect(focused()?.classList.contains('empty')).to.equal(true);
    expect(focused()?.textContent?.trim()).to.equal('No more prompts for now.');
  });

  it('while an accept is on its way focus stays on the card; once done it moves on', async () => {
    const cards = [card('warning'), card('info')];
    const list = await mount({ cards });
    const first = cards[0]?.card.uuid ?? '';
    list.addEventListener('loop-accept-request', () => {
      list.states = { ...list.states, [first]: { status: 'accepting' } };
    });
    await press(cardsOf(list)[0], `Act on ${first}`);
    await list.updateComplete;
    expect(focused()).to.equal(cardsOf(list)[0]?.shadowRoot?.querySelector('article'));
    list.states = { ...list.states, [first]: { status: 'accepted', message: 'Draft saved.' } };
    await list.updateComplete;
    expect(focused()).to.equal(cardsOf(list)[1]?.shadowRoot?.querySelector('article'));
  });

  it('shows critical first, then warning, then info, as a list', async () => {
    const [info, warning, critical, info2] = [card('info'), card('warning'), card('critical'), card('info')];
    const list = await mount({ cards: [info, warning, critical, info2].flatMap((p) => (p ? [p] : [])) });
    expect(cardsOf(list).map((c) => c.prompt?.card.indicator)).to.deep.equal([
      'critical',
      'warning',
      'info',
      'info',
    ]);
    expect(summaries(list)[2]).to.equal(info?.card.summary);
    const ul = list.shadowRoot?.querySelector('ul[role="list"]');
    expect(ul?.children).to.have.length(4);
    expect([...(ul?.children ?? [])].every((c) => c.tagName === 'LI')).to.equal(true);
  });

  it('hides snoozed and dismissed cards and keeps accepted and overridden ones with their outcome', async () => {
    const cards = [card('info'), card('info'), card('warning'), card('critical'), card('info')];
    const [snoozed, dismissed, accepted, overridden, open] = cards.map((p) => p.card.uuid);
    const states: Record<string, CardState> = {
      [snoozed ?? '']: { status: 'snoozed' },
      [dismissed ?? '']: { status: 'dismissed' },
      [accepted ?? '']: { status: 'accepted', message: 'Done: Act on 3.' },
      [overridden ?? '']: { status: 'overridden', message: 'Not followed: Not feasible now.' },
    };
    const list = await mount({ cards, states });
    expect(cardsOf(list).map((c) => c.prompt?.card.uuid)).to.deep.equal([overridden, accepted, open]);
    const statusOf = (i: number) =>
      cardsOf(list)[i]?.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim();
    expect([statusOf(0), statusOf(1), statusOf(2)]).to.deep.equal([
      'Not followed: Not feasible now.',
      'Done: Act on 3.',
      '',
    ]);
  });

  it('says so quietly when a rule could not run, and still shows the other cards', async () => {
    const list = await mount({
      cards: [card('warning')],
      ruleErrors: [{ rule: 'AKI and nephrotoxins', message: 'timed out after 2000 ms' }],
    });
    expect(text(list)).to.include('The AKI and nephrotoxins rule could not run; other prompts are shown.');
    expect(text(list)).not.to.include('timed out');
    expect(cardsOf(list)).to.have.length(1);
    await expect(list).to.be.accessible();
  });

  it('with nothing else to show, a service that gave no prompts is not said to leave others', async () => {
    const list = await mount({
      cards: [],
      serviceErrors: [{ rule: 'https://cds.example.org', message: 'No answer within 1000 ms' }],
    });
    expect(text(list)).to.include('The https://cds.example.org service gave no prompts this time.');
    expect(text(list)).to.include('No other prompts for this patient.');
    expect(text(list)).not.to.include('other prompts are shown');
    expect(text(list)).not.to.include('No prompts for this patient');
    await expect(list).to.be.accessible();
  });

  it('says how many prompts a service sent that could not be shown, never "No prompts"', async () => {
    const list = await mount({
      cards: [],
      serviceErrors: [{ rule: 'odd', message: '2 card(s) left out', unreadable: 2 }],
    });
    expect(text(list)).to.include('The odd service sent 2 prompts Learning Loop could not show.');
    expect(text(list)).to.include('No other prompts for this patient.');
    await expect(list).to.be.accessible();
  });

  it('shows a status while prompts are checked', async () => {
    const list = await mount({ status: 'pending' });
    expect(list.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim()).to.equal(
      'Checking prompts…',
    );
    expect(list.shadowRoot?.querySelector('.skeleton')?.getAttribute('aria-hidden')).to.equal('true');
    expect(cardsOf(list)).to.have.length(0);
    await expect(list).to.be.accessible();
  });

  it('says when there are no prompts for this patient', async () => {
    const list = await mount({ cards: [] });
    expect(text(list)).to.equal('No prompts for this patient.');
    const idle = await mount({ status: 'idle' });
    expect(text(idle)).to.equal('');
  });

  it('shows an error a clinician can act on', async () => {
    const list = await mount({ status: 'error' });
    const message = list.shadowRoot?.querySelector('loop-message');
    expect(message?.shadowRoot?.textContent).to.include('open it again from the patient chart');
  });

  it("lets its cards' requests bubble out", async () => {
    const critical = card('critical');
    const list = await mount({ cards: [critical] });
    const seen: string[] = [];
    list.addEventListener('loop-dismiss-request', (e) => seen.push(e.detail.cardUuid));
    const dismiss = [...(cardsOf(list)[0]?.shadowRoot?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent?.trim() === 'Dismiss',
    );
    dismiss?.click();
    expect(seen).to.deep.equal([critical.card.uuid]);
  });

  it('passes axe with one card of each indicator, details expanded and the override form open', async () => {
    const list = await mount({
      cards: [
        card('info', {
          links: [
            { label: 'Guideline', url: 'https://example.org/g', type: 'absolute' },
            { label: 'Calculator', url: 'https://example.org/c', type: 'smart' },
          ],
        }),
        card('warning'),
        card('critical'),
      ],
    });
    await expect(list).to.be.accessible();
    for (const card of cardsOf(list)) {
      const buttons = [...(card.shadowRoot?.querySelectorAll('button') ?? [])];
      buttons.find((b) => b.textContent?.trim() === 'Details')?.click();
      buttons.find((b) => b.textContent?.trim() === 'Override')?.click();
      await card.updateComplete;
    }
    expect(cardsOf(list).every((c) => c.shadowRoot?.querySelector('form'))).to.equal(true);
    await expect(list).to.be.accessible();
    const [first] = cardsOf(list);
    [...(first?.shadowRoot?.querySelectorAll('button') ?? [])]
      .find((b) => b.textContent?.trim() === 'Snooze')
      ?.click();
    await first?.updateComplete;
    await expect(list).to.be.accessible();
  });

  it('announces the number of prompts, again when late remote cards arrive', async () => {
    const list = await mount({ cards: [card('warning')] });
    const count = () => list.shadowRoot?.querySelector('.count[role="status"]')?.textContent?.trim();
    expect(count()).to.equal('1 prompt');
    list.cards = [...list.cards, card('info')];
    await list.updateComplete;
    expect(count()).to.equal('2 prompts');
  });

  it('says a card was seen once it has been on screen long enough, once', async () => {
    const shown: { cardUuid: string; visibleMs: number }[] = [];
    const cards = [card('warning')];
    const list = await fixture<LoopCardList>(
      html`<loop-card-list
        .cards=${cards}
        status="ready"
        seenAfterMs="150"
        @loop-card-shown=${(e: CustomEvent<{ cardUuid: string; visibleMs: number }>) => shown.push(e.detail)}
      ></loop-card-list>`,
    );
    await new Promise((r) => setTimeout(r, 60));
    expect(shown, 'not before seenAfterMs').to.have.length(0);
    await new Promise((r) => setTimeout(r, 250));
    expect(shown.map((s) => s.cardUuid)).to.deep.equal([cards[0]?.card.uuid]);
    expect(shown[0]?.visibleMs).to.be.at.least(150);
    list.cards = [...cards];
    await list.updateComplete;
    await new Promise((r) => setTimeout(r, 250));
    expect(shown).to.have.length(1);
  });

  it('does not count a card that is off screen as seen', async () => {
    const shown: unknown[] = [];
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="height: 100px; overflow: hidden">
        <div style="height: 400px"></div>
        <loop-card-list
          .cards=${[card('info')]}
          status="ready"
          seenAfterMs="50"
          @loop-card-shown=${() => shown.push(1)}
        ></loop-card-list>
      </div>`,
    );
    await new Promise((r) => setTimeout(r, 250));
    expect(shown).to.have.length(0);
    wrapper.remove();
  });
});
