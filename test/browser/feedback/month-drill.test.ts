import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Resource } from '@medplum/fhirtypes';
import { FeedbackModel } from '../../../src/feedback/feedback-model';
import '../../../src/ui/loop-feedback/loop-feedback';
import type { LoopFeedback } from '../../../src/ui/loop-feedback/loop-feedback';
import { deepText, queryDeep } from '../e2e/harness';
import { measure, person, subjectList, summary } from '../../node/feedback/factories';
import { button, focused, namedButton, settle } from './dom';
import { mockEhrRequester } from '../../tools/mock-ehr';

/**
 * The patients behind each month of mine, from the trend's table: the model loads from the mock EHR
 * (msw's handlers, no worker) and each drill-down reads that month's subject-list report and Patients.
 */
const ME = 'Practitioner/pr-1';
const NOW = new Date('2026-01-15T10:00:00Z');
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
/** My denominator per month: March too few, May none, the rest with a rate. */
const DENOMINATOR: Record<string, number> = { '2025-01': 6, '2025-03': 3, '2025-05': 0 };
/** The subject lists the EHR holds; June has a number but no list. */
const LISTS: Record<string, { denominator: string[]; numerator: string[] }> = {
  '2025-01': {
    denominator: ['h-1', 'h-2', 'h-3', 'h-4', 'h-5', 'h-6'],
    numerator: ['h-2', 'h-4', 'h-5', 'h-6'],
  },
  '2025-03': { denominator: ['h-7', 'h-8', 'h-9'], numerator: ['h-8'] },
};
const FAMILY = ['Ng', 'Ortiz', 'Diaz', 'Kim', 'Lee', 'Moss', 'Park', 'Reyes', 'Silva'];
const PEOPLE = FAMILY.map((family, i) => person(`h-${i + 1}`, family, `MRN-${i + 1}`));

function seed(): Resource[] {
  return [
    measure('vte', 'increase', 'VTE prophylaxis'),
    ...MONTHS.map((month) => {
      const denominator = DENOMINATOR[month] ?? 10;
      return summary({ key: 'vte', subject: ME, month, numerator: Math.min(1, denominator), denominator });
    }),
    ...Object.entries(LISTS).map(([month, lists]) => subjectList('vte', ME, month, lists)),
    ...PEOPLE,
  ];
}

/** The MRNs the fixture's list puts in each group: not met first (higher is better), then met. */
function expected(month: string): string[][] {
  const list = LISTS[month] ?? { denominator: [], numerator: [] };
  const mrns = (ids: string[]) =>
    PEOPLE.filter((p) => ids.includes(p.id ?? '')).map((p) => p.identifier?.[0]?.value ?? '');
  const met = list.denominator.filter((id) => list.numerator.includes(id));
  const notMet = list.denominator.filter((id) => !list.numerator.includes(id));
  return [mrns(notMet), mrns(met)].filter((g) => g.length);
}

/** The MRNs the open list shows, group by group. */
const shown = (section: Element) =>
  queryDeep(section, '.patients__list').map((ul) => (deepText(ul).match(/MRN-\d+/g) ?? []).sort());

async function mountLoaded(): Promise<{ section: LoopFeedback; model: FeedbackModel }> {
  const model = new FeedbackModel(5);
  await model.load({
    request: await mockEhrRequester(seed()),
    subjects: { practitionerId: 'pr-1' },
    now: NOW,
  });
  expect(model.state.status).to.equal('ready');
  const wrapper = await fixture<HTMLElement>(
    html`<div style="width: 360px"><loop-feedback .model=${model}></loop-feedback></div>`,
  );
  const section = wrapper.querySelector('loop-feedback') as LoopFeedback;
  await settle(section);
  // The trend, then its table: by keyboard, like the table's own buttons below.
  button(section, 'Trend').focus();
  await sendKeys({ press: 'Enter' });
  await settle(section);
  button(section, 'Show the numbers').focus();
  await sendKeys({ press: 'Enter' });
  await settle(section);
  return { section, model };
}

const listReady = (section: Element, month: string) =>
  waitUntil(
    () =>
      deepText(queryDeep(section, '.patients__title')[0]).includes(month) &&
      !deepText(queryDeep(section, 'loop-feedback-patients')[0]).includes('Loading'),
    `the list of ${month}`,
  );

describe("<loop-feedback>: the patients behind each month of mine, from the trend's table", () => {
  it("opens a past month's patients by keyboard, the right ones, and closing returns focus to its button", async () => {
    const { section } = await mountLoaded();
    // From the table toggle, Tab reaches the first month's button, named for whose and which month.
    await sendKeys({ press: 'Tab' });
    const january = namedButton(section, 'Your patients, January 2025');
    expect(focused()).to.equal(january);
    expect(deepText(january).trim()).to.equal('Patients');
    await sendKeys({ press: 'Enter' });
    await listReady(section, 'Jan 2025');
    expect(deepText(queryDeep(section, '.patients__title')[0]).replace(/\s+,/g, ',').trim()).to.equal(
      'Your patients, VTE prophylaxis, Jan 2025',
    );
    expect(shown(section)).to.deep.equal(expected('2025-01').map((g) => [...g].sort()));
    expect(deepText(queryDeep(section, '.patients__group')[0])).to.match(/^ ?Not met \(\s*2\s*\)/);
    await waitUntil(() => focused()?.classList.contains('patients__title'), 'focus on the list');
    expect(january?.getAttribute('aria-expanded')).to.equal('true');
    // The current month's button is not the one open.
    expect(button(section, 'Your patients').getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: 'Tab' });
    expect(focused()?.classList.contains('patients__close')).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await settle(section);
    expect(queryDeep(section, 'loop-feedback-patients').length).to.equal(0);
    await waitUntil(() => focused() === january, 'focus back on the January button');
    expect(january?.getAttribute('aria-expanded')).to.equal('false');
  });

  it("closing a past month's list after its trend was closed puts focus on the measure's actions", async () => {
    const { section } = await mountLoaded();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await listReady(section, 'Jan 2025');
    button(section, 'Trend').click();
    await settle(section);
    expect(queryDeep(section, 'loop-feedback-chart').length).to.equal(0);
    button(section, 'Close').click();
    await settle(section);
    await waitUntil(
      () => focused() === button(section, 'Your patients'),
      "focus on the measure's first action",
    );
  });

  it('offers only my months with patients, a "too few" month too; one list at a time; a month with no list says so', async () => {
    const { section, model } = await mountLoaded();
    const names = queryDeep(section, '.chart__patients').map((b) => b.getAttribute('aria-label'));
    // May had none of my patients; the unit, peers and target columns have no buttons.
    expect(names).to.have.length(11);
    expect(names).to.not.include('Your patients, May 2025');
    const rowOf = (label: string) =>
      queryDeep(section, '.chart__table tbody tr').find((r) => deepText(r).trim().startsWith(label));
    expect(deepText(rowOf('Mar 2025'))).to.include('too few patients');
    namedButton(section, 'Your patients, March 2025')?.click();
    await listReady(section, 'Mar 2025');
    expect(shown(section)).to.deep.equal(expected('2025-03').map((g) => [...g].sort()));
    namedButton(section, 'Your patients, June 2025')?.click();
    await listReady(section, 'Jun 2025');
    expect(queryDeep(section, 'loop-feedback-patients').length).to.equal(1);
    expect(deepText(queryDeep(section, '.patients__missing')[0])).to.include(
      'The EHR has no list of the patients behind your Jun 2025 number',
    );
    expect(deepText(section)).to.not.include('unexpected');
    expect(namedButton(section, 'Your patients, March 2025')?.getAttribute('aria-expanded')).to.equal(
      'false',
    );
    // The current month's button replaces the past month's list.
    button(section, 'Your patients').click();
    await waitUntil(() => model.state.drill?.target.month === '2025-12', 'December asked for');
    await listReady(section, 'Dec 2025');
    expect(queryDeep(section, 'loop-feedback-patients').length).to.equal(1);
  });

  it("is accessible with the table and a past month's list open", async () => {
    const { section } = await mountLoaded();
    namedButton(section, 'Your patients, January 2025')?.click();
    await listReady(section, 'Jan 2025');
    await settle(section);
    await expect(section).to.be.accessible();
  });
});
