import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LoopCardExpandedEvent, LoopLinkOpenedEvent } from '../../../src/ui/events';
import { STANDARD_OVERRIDE_REASONS, type Card, type PromptCard } from '../../../src/cds/cards';
import '../../../src/ui/loop-card/loop-card';
import { prompt } from '../../factories/cards';
import type { LoopCard } from '../../../src/ui/loop-card/loop-card';

/** A VTE prophylaxis warning with two suggestions; override any field. */
const vteCard = (overrides: Partial<Card> = {}): PromptCard =>
  prompt({
    summary: 'Start VTE prophylaxis: no anticoagulant ordered',
    detail: 'Risk **high**.\n\n- Padua score 5\n- [NICE NG89](https://www.nice.org.uk/guidance/ng89)',
    source: {
      label: 'NICE NG89',
      url: 'https://www.nice.org.uk/guidance/ng89',
      topic: { code: 'vte', display: 'VTE prevention' },
    },
    suggestions: [
      { uuid: 's-enox', label: 'Order enoxaparin 40 mg daily', isRecommended: true },
      { uuid: 's-stock', label: 'Order compression stockings' },
    ],
    ...overrides,
  });

async function mount(p: PromptCard, state: LoopCard['state'] = { status: 'open' }): Promise<LoopCard> {
  return fixture<LoopCard>(html`<loop-card .prompt=${p} .state=${state}></loop-card>`);
}

const $ = <T extends Element = HTMLElement>(el: LoopCard, selector: string): T => {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const $$ = (el: LoopCard, selector: string) => [...(el.shadowRoot?.querySelectorAll(selector) ?? [])];
const button = (el: LoopCard, text: string): HTMLButtonElement => {
  const found = $$(el, 'button').find((b) => b.textContent?.trim().startsWith(text));
  if (!(found instanceof HTMLButtonElement)) throw new Error(`no button ${text}`);
  return found;
};
const buttons = (el: LoopCard) => $$(el, 'button') as HTMLButtonElement[];
/** Collects the details of one event type fired from the element. */
function collect<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K): HTMLElementEventMap[K][] {
  const seen: HTMLElementEventMap[K][] = [];
  el.addEventListener(type, (e) => seen.push(e));
  return seen;
}
const details = <T extends CustomEvent>(events: T[]): T['detail'][] => events.map((e) => e.detail);

describe('<loop-card>', () => {
  it("shows a caveat about the unit on the card's face, not in its details", async () => {
    const note =
      "The ward's unit type is not recorded: this prompt is meant for medical wards. Check it applies here.";
    const el = await mount({ ...vteCard(), notes: [note] });
    const shown = $(el, '.card__note');
    expect(shown.textContent).to.equal(note);
    expect(shown.closest('[hidden]')).to.equal(null);
    expect($(el, '#detail').textContent).not.to.include('unit type');
    await expect(el).to.be.accessible();
  });

  it('shows urgency in words and icon, the summary as a heading, and the source with its topic', async () => {
    const el = await mount(vteCard({ indicator: 'critical' }));
    expect($(el, '.card__indicator').textContent?.trim()).to.equal('Critical');
    expect($(el, '.card__indicator svg').getAttribute('aria-hidden')).to.equal('true');
    expect($(el, 'h3').textContent?.trim()).to.equal('Start VTE prophylaxis: no anticoagulant ordered');
    const source = $<HTMLAnchorElement>(el, '.card__source a');
    expect(source.href).to.equal('https://www.nice.org.uk/guidance/ng89');
    expect(source.rel).to.equal('noopener noreferrer');
    expect($(el, '.card__source').textContent).to.include('VTE prevention');
    await expect(el).to.be.accessible();
  });

  it('renders a summary holding markup as text', async () => {
    const el = await mount(vteCard({ summary: '<b>eGFR</b> < 30 & falling' }));
    expect($(el, 'h3').textContent?.trim()).to.equal('<b>eGFR</b> < 30 & falling');
    expect($$(el, 'h3 b')).to.have.length(0);
  });

  it('asks to accept a suggestion by click and by keyboard, and emphasises the recommended one', async () => {
    const el = await mount(vteCard());
    const accepts = collect(el, 'loop-accept-request');
    const recommended = button(el, 'Order enoxaparin');
    expect(recommended.classList.contains('button--primary')).to.equal(true);
    expect(recommended.textContent).to.include('Recommended');
    recommended.click();
    button(el, 'Order compression').focus();
    await sendKeys({ press: 'Enter' });
    expect(details(accepts)).to.deep.equal([
      { cardUuid: el.prompt?.card.uuid, suggestionUuid: 's-enox' },
      { cardUuid: el.prompt?.card.uuid, suggestionUuid: 's-stock' },
    ]);
    expect(accepts[0]?.bubbles && accepts[0].composed).to.equal(true);
  });

  it('disables every suggestion while accepting and once accepted, and shows the outcome', async () => {
    const el = await mount(vteCard(), { status: 'accepting' });
    expect($$(el, '.card__suggestions button').every((b) => (b as HTMLButtonElement).disabled)).to.equal(
      true,
    );
    expect($(el, '[role="status"]').textContent).to.include('Saving the draft');
    el.state = { status: 'accepted', message: 'Done: Order enoxaparin 40 mg daily.' };
    await el.updateComplete;
    expect($$(el, '.card__suggestions button').every((b) => (b as HTMLButtonElement).disabled)).to.equal(
      true,
    );
    expect($(el, '[role="status"]').textContent?.trim()).to.equal('Done: Order enoxaparin 40 mg daily.');
    expect($$(el, '.card__actions')).to.have.length(0);
  });

  it('asks to dismiss with the keyboard', async () => {
    const el = await mount(vteCard());
    const dismissals = collect(el, 'loop-dismiss-request');
    button(el, 'Dismiss').focus();
    await sendKeys({ press: 'Space' });
    expect(details(dismissals)).to.deep.equal([{ cardUuid: el.prompt?.card.uuid }]);
  });

  it('needs a reason to override, sends the comment, and counts its characters', async () => {
    const el = await mount(vteCard());
    const overrides = collect(el, 'loop-override-request');
    const toggle = button(el, 'Override');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const radios = $$(el, 'input[type="radio"]') as HTMLInputElement[];
    expect(radios.map((r) => r.parentElement?.textContent?.trim())).to.deep.equal(
      STANDARD_OVERRIDE_REASONS.map((r) => r.display),
    );
    expect(el.shadowRoot?.activeElement).to.equal(radios[0]);
    expect(button(el, 'Submit').disabled).to.equal(true);
    await sendKeys({ press: 'ArrowDown' }); // moves to and checks the second reason
    await el.updateComplete;
    expect(button(el, 'Submit').disabled).to.equal(false);
    $<HTMLTextAreaElement>(el, 'textarea').focus();
    await sendKeys({ type: '  Patient on DOAC at home  ' });
    await el.updateComplete;
    expect($(el, '#comment-count').textContent).to.equal('27 of 500 characters');
    expect($<HTMLTextAreaElement>(el, 'textarea').maxLength).to.equal(500);
    button(el, 'Submit').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(details(overrides)).to.deep.equal([
      {
        cardUuid: el.prompt?.card.uuid,
        reason: STANDARD_OVERRIDE_REASONS[1],
        comment: 'Patient on DOAC at home',
      },
    ]);
    expect($$(el, 'form')).to.have.length(0);
    expect(el.shadowRoot?.activeElement).to.equal(button(el, 'Override'));
  });

  it("offers the card's own override reasons and leaves out an empty comment", async () => {
    const own = { system: 'urn:x', code: 'on-doac', display: 'Already anticoagulated' };
    const el = await mount(vteCard({ overrideReasons: [own] }));
    const overrides = collect(el, 'loop-override-request');
    button(el, 'Override').click();
    await el.updateComplete;
    expect($$(el, 'input[type="radio"]')).to.have.length(1);
    $<HTMLInputElement>(el, 'input[type="radio"]').click();
    await el.updateComplete;
    button(el, 'Submit').click();
    expect(details(overrides)).to.deep.equal([{ cardUuid: el.prompt?.card.uuid, reason: own }]);
  });

  it('closes the override form on Escape and gives focus back to Override, sending nothing', async () => {
    const el = await mount(vteCard());
    const overrides = collect(el, 'loop-override-request');
    button(el, 'Override').click();
    await el.updateComplete;
    await sendKeys({ press: 'Space' });
    $<HTMLTextAreaElement>(el, 'textarea').focus();
    await sendKeys({ type: 'half a thought' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($$(el, 'form')).to.have.length(0);
    expect(el.shadowRoot?.activeElement).to.equal(button(el, 'Override'));
    expect(button(el, 'Override').getAttribute('aria-expanded')).to.equal('false');
    expect(overrides).to.have.length(0);
    button(el, 'Override').click();
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, 'textarea').value).to.equal('');
    expect(button(el, 'Submit').disabled).to.equal(true);
  });

  it('asks to snooze for 4 hours, 1 day or 1 week, under a visible label', async () => {
    const el = await mount(vteCard());
    const snoozes = collect(el, 'loop-snooze-request');
    for (const label of ['4 hours', '1 day', '1 week']) {
      button(el, 'Snooze').click();
      await el.updateComplete;
      button(el, label).focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.shadowRoot?.activeElement).to.equal(button(el, 'Snooze'));
    }
    const hours = details(snoozes).map((d) => d.forMs / 3_600_000);
    expect(hours).to.deep.equal([4, 24, 168]);
    button(el, 'Snooze').click();
    await el.updateComplete;
    const group = $(el, '#snooze');
    expect($(el, `#${group.getAttribute('aria-labelledby')}`).textContent).to.equal(
      'Snooze for you, for this patient:',
    );
    expect(details(snoozes).every((d) => d.cardUuid === el.prompt?.card.uuid)).to.equal(true);
  });

  it('closes the snooze choices on Escape', async () => {
    const el = await mount(vteCard());
    button(el, 'Snooze').click();
    await el.updateComplete;
    button(el, '1 day').focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($$(el, '#snooze')).to.have.length(0);
    expect(el.shadowRoot?.activeElement).to.equal(button(el, 'Snooze'));
  });

  it('renders the Markdown detail on first expand and says so once', async () => {
    const el = await mount(vteCard());
    const expanded = collect(el, 'loop-card-expanded');
    const toggle = button(el, 'Details');
    expect($(el, '#detail').hidden).to.equal(true);
    expect($(el, '#detail').children).to.have.length(0);
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '#detail strong').textContent).to.equal('high');
    expect($$(el, '#detail li')).to.have.length(2);
    const link = $<HTMLAnchorElement>(el, '#detail a');
    expect([link.target, link.rel]).to.deep.equal(['_blank', 'noopener noreferrer']);
    toggle.click();
    toggle.click();
    await el.updateComplete;
    expect(details(expanded as LoopCardExpandedEvent[])).to.deep.equal([{ cardUuid: el.prompt?.card.uuid }]);
  });

  it('lists absolute links, keeps SMART links disabled, and says when a link is opened', async () => {
    const el = await mount(
      vteCard({
        links: [
          { label: 'Padua score', url: 'https://example.org/padua', type: 'absolute' },
          { label: 'VTE app', url: 'https://example.org/launch', type: 'smart', appContext: 'x' },
          { label: 'Old page', url: 'http://example.org/old', type: 'absolute' },
        ],
      }),
    );
    const opened = collect(el, 'loop-link-opened');
    el.addEventListener('click', (e) => e.preventDefault()); // no new tab in the test browser
    const anchors = $$(el, '.card__links a') as HTMLAnchorElement[];
    expect(anchors.map((a) => a.href)).to.deep.equal(['https://example.org/padua']);
    const smart = button(el, 'VTE app');
    expect(smart.disabled).to.equal(true);
    expect(smart.title).to.match(/EHR/);
    expect($(el, '.card__links').textContent).to.include('Old page');
    anchors[0]?.click();
    expect(details(opened as LoopLinkOpenedEvent[])).to.deep.equal([
      { cardUuid: el.prompt?.card.uuid, url: 'https://example.org/padua' },
    ]);
  });

  it('shows what a suggestion drafts before it is accepted', async () => {
    const el = await mount(
      vteCard({
        suggestions: [
          {
            uuid: 's-enox',
            label: 'Order enoxaparin 40 mg daily',
            actions: [
              {
                type: 'create',
                description: 'enoxaparin',
                resource: {
                  resourceType: 'MedicationRequest',
                  status: 'draft',
                  intent: 'order',
                  subject: { reference: 'Patient/p-1' },
                  medicationCodeableConcept: { text: 'enoxaparin 40 MG in 0.4 ML Prefilled Syringe' },
                  dosageInstruction: [{ text: '40 mg subcutaneously once daily' }],
                },
              },
            ],
          },
        ],
      }),
    );
    expect($(el, '.card__draft').textContent).to.equal(
      'Drafts for this patient, to sign in the EHR: enoxaparin 40 MG in 0.4 ML Prefilled Syringe: 40 mg subcutaneously once daily',
    );
  });

  it('for a clinician who does not act on it: information, "tell the prescriber", no order or override', async () => {
    const el = await mount(vteCard(), { status: 'open', infoOnly: true });
    expect($$(el, '.card__suggestions')).to.have.length(0);
    expect($(el, '.card__info-only').textContent).to.match(
      /tell the prescriber\.\s+They may: Order enoxaparin 40 mg daily; Order compression stockings\./,
    );
    expect(buttons(el).map((b) => b.textContent?.trim())).to.include.members(['Snooze', 'Dismiss']);
    expect(buttons(el).map((b) => b.textContent?.trim())).not.to.include('Override');
    await expect(el).to.be.accessible();
  });

  it('offers no Override on a card with nothing to follow', async () => {
    const el = await mount(vteCard({ suggestions: [] }));
    expect(buttons(el).map((b) => b.textContent?.trim())).not.to.include('Override');
  });

  it('a draft awaiting signature closes the card and says so', async () => {
    const el = await mount(vteCard(), {
      status: 'drafted',
      message: "Draft awaiting signature since 14 Jun, 10:02: enoxaparin. Sign it in the EHR's orders.",
    });
    expect($(el, '[role="status"]').textContent?.trim()).to.match(/^Draft awaiting signature since/);
    expect($$(el, '.card__actions')).to.have.length(0);
    expect(buttons(el).filter((b) => !b.disabled && /Order/.test(b.textContent ?? ''))).to.have.length(0);
  });

  it('links each guideline once: the source link is not repeated in the link list', async () => {
    const el = await mount(
      vteCard({
        links: [
          { label: 'NICE NG89', url: 'https://www.nice.org.uk/guidance/ng89', type: 'absolute' },
          { label: 'Padua', url: 'https://example.org/padua', type: 'absolute' },
        ],
      }),
    );
    const hrefs = $$(el, 'a[href]').map((a) => (a as HTMLAnchorElement).href);
    expect(hrefs.filter((h) => h === 'https://www.nice.org.uk/guidance/ng89')).to.have.length(1);
    expect(hrefs).to.include('https://example.org/padua');
  });

  it('fires nothing on render', async () => {
    const el = document.createElement('loop-card');
    const types = ['loop-accept-request', 'loop-override-request', 'loop-snooze-request'] as const;
    const all = [...types, 'loop-dismiss-request', 'loop-card-expanded', 'loop-link-opened'] as const;
    const seen = all.map((t) => collect(el, t));
    el.prompt = vteCard();
    await fixture(html`<div>${el}</div>`);
    el.state = { status: 'accepted' };
    await el.updateComplete;
    expect(seen.flat()).to.have.length(0);
  });
});
