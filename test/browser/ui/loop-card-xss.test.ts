import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import type { Card, Indicator, PromptCard } from '../../../src/cds/cards';
import '../../../src/ui/loop-card-list/loop-card-list';
import type { LoopCard } from '../../../src/ui/loop-card/loop-card';
import type { LoopCardList } from '../../../src/ui/loop-card-list/loop-card-list';

type Flagged = Window & { __loopXss?: string };
const flagged = window as Flagged;

/** Each payload, if it ever ran, would set `window.__loopXss` to its own name. */
const run = (name: string) => `window.__loopXss='${name}'`;
const corpus = (field: string) =>
  [
    `<script>${run(`${field}-script`)}</script>`,
    `<img src=x onerror="${run(`${field}-img`)}">`,
    `<svg onload="${run(`${field}-svg`)}"><circle r=1 /></svg>`,
    `<iframe src="javascript:parent.${run(`${field}-iframe`)}"></iframe>`,
    `<iframe srcdoc="<script>parent.${run(`${field}-srcdoc`)}</script>"></iframe>`,
    `<a href="javascript:${run(`${field}-js`)}">js</a>`,
    `<a href="data:text/html,<script>${run(`${field}-data`)}</script>">data</a>`,
    `<a href="vbscript:msgbox(1)">vb</a>`,
    `<p style="background:url(javascript:${run(`${field}-style`)})">styled</p>`,
    `<details open ontoggle="${run(`${field}-toggle`)}">d</details>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${run(`${field}-mxss`)}">`,
    `"><img src=x onerror="${run(`${field}-attr`)}">`,
  ].join(' ');

function hostile(indicator: Indicator, uuid: string): PromptCard {
  const card: Card = {
    uuid,
    summary: corpus('summary'),
    detail:
      `# Detail\n\n${corpus('detail')}\n\n[md js](javascript:${run('md-js')})\n\n` +
      `[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n` +
      `![img](x" onerror="${run('md-img')})\n\n<form><input autofocus onfocus="${run('form')}"></form>`,
    indicator: `${indicator}" onmouseover="${run('indicator')}` as Indicator,
    source: {
      label: corpus('source-label'),
      url: `javascript:${run('source-url')}`,
      topic: { code: 'x', display: corpus('topic') },
    },
    suggestions: [
      { uuid: `s" onclick="${run('suggestion-uuid')}`, label: corpus('suggestion'), isRecommended: true },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: [
      { code: `"><img src=x onerror="${run('reason-code')}">`, display: corpus('reason') },
      { code: 'no-display', display: '' },
    ],
    links: [
      { label: corpus('link-label'), url: `javascript:${run('link-url')}`, type: 'absolute' },
      { label: 'data link', url: `data:text/html,<script>${run('link-data')}</script>`, type: 'absolute' },
      { label: 'plain http', url: 'http://evil.example/', type: 'absolute' },
      { label: corpus('smart-label'), url: `javascript:${run('smart-url')}`, type: 'smart' },
    ],
  };
  return { card, origin: { kind: 'remote', source: 'hostile-service' } };
}

/** Every element under a root, through every open shadow root. */
function everything(root: ParentNode): Element[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [
    el,
    ...(el.shadowRoot ? everything(el.shadowRoot) : []),
  ]);
}

describe('hostile cards', () => {
  beforeEach(() => delete flagged.__loopXss);

  it('render inert in every text field: no script runs, no handler, no non-https link', async () => {
    const cards = (['critical', 'warning', 'info'] as const).map((i, n) => hostile(i, `x-${n}`));
    const list = await fixture<LoopCardList>(
      html`<loop-card-list status="ready" .cards=${cards} .states=${{}}></loop-card-list>`,
    );
    const cardEls = [...(list.shadowRoot?.querySelectorAll('loop-card') ?? [])] as LoopCard[];
    expect(cardEls).to.have.length(3);
    for (const card of cardEls) {
      const buttons = [...(card.shadowRoot?.querySelectorAll('button') ?? [])];
      buttons.find((b) => b.textContent?.trim() === 'Details')?.click();
      buttons.find((b) => b.textContent?.trim() === 'Override')?.click();
      await card.updateComplete;
    }
    await aTimeout(300); // long enough for an image error or a frame load to fire

    expect(flagged.__loopXss).to.equal(undefined);
    const all = everything(list.shadowRoot ?? list);
    const attrs = all.flatMap((el) =>
      [...el.attributes].map((a) => ({ el: el.tagName, name: a.name, value: a.value })),
    );
    expect(attrs.filter((a) => a.name.startsWith('on'))).to.deep.equal([]);
    expect(
      attrs.filter((a) => ['style', 'src', 'srcdoc', 'action', 'formaction'].includes(a.name)),
    ).to.deep.equal([]);
    expect(attrs.filter((a) => a.name === 'href' && !a.value.startsWith('https:'))).to.deep.equal([]);
    const tags = new Set(all.map((el) => el.tagName.toLowerCase()));
    for (const tag of ['script', 'iframe', 'img', 'style', 'object', 'embed', 'math', 'details'])
      expect(tags.has(tag), tag).to.equal(false);
    // Our own markup: the indicator icons and the override form, nothing else of their kind.
    expect(
      all.filter((el) => el.tagName === 'svg').every((el) => el.classList.contains('card__icon')),
    ).to.equal(true);
    expect(all.filter((el) => el.tagName === 'FORM').every((el) => el.id === 'override')).to.equal(true);
    expect(
      all.filter((el) => el.tagName === 'INPUT').every((el) => (el as HTMLInputElement).type === 'radio'),
    ).to.equal(true);
    expect(all.filter((el) => el.tagName === 'A')).to.have.length(0);

    // Text stays text: the summary shows the payload as written, and unknown indicators read as Info.
    const first = cardEls[0]?.shadowRoot;
    expect(first?.querySelector('h3')?.textContent?.trim()).to.equal(corpus('summary'));
    expect(first?.querySelector('.card__indicator')?.textContent?.trim()).to.equal('Info');
    expect(first?.querySelector('.card__suggestions button')?.textContent).to.include('<script>');
    expect(first?.querySelector('.card__reason')?.textContent).to.include('<img src=x');
    expect(
      [...(first?.querySelectorAll('.card__reason') ?? [])].map((r) => r.textContent?.trim()),
    ).to.include('no-display');
  });
});
