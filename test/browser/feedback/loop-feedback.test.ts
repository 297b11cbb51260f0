import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/ui/loop-feedback/loop-feedback';
import type { LoopFeedback } from '../../../src/ui/loop-feedback/loop-feedback';
import { deepText as rawText, queryDeep } from '../e2e/harness';
import { button, focused, settle } from './dom';
import { TestModel, drillFor, readyModel, viewOf } from './fixtures';

/** The text a person reads: one space between words, none inside `17/20`, `(2)` or `64%–95%`. */
const deepText = (root: Node | undefined) =>
  rawText(root)
    .replace(/\s*([/–])\s*/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s+([),])/g, '$1');

async function mount(model: TestModel, seenAfterMs = 1000): Promise<LoopFeedback> {
  const el = await fixture<LoopFeedback>(
    html`<div style="width: 360px">
      <loop-feedback .model=${model} seenAfterMs=${seenAfterMs}></loop-feedback>
    </div>`,
  );
  const section = el.querySelector('loop-feedback') as LoopFeedback;
  await section.updateComplete;
  await settle(section);
  return section;
}

/** Module files fetched since the timings were cleared: a module already loaded is not fetched again. */
const fetched = (pattern: RegExp) =>
  performance.getEntriesByType('resource').some((e) => pattern.test(e.name));

describe('<loop-feedback>', () => {
  // First, before any test opens a trend: if chart.js had loaded with the section, opening a trend
  // would not fetch it.
  it('loads chart.js only when a trend opens, and draws it on a canvas', async () => {
    const section = await mount(readyModel(viewOf(2, 12)));
    performance.setResourceTimingBufferSize(5000);
    performance.clearResourceTimings();
    button(section, 'Trend').click();
    await waitUntil(() => fetched(/chart-render/) && fetched(/chart\.js/), 'chart.js fetched', {
      timeout: 10_000,
    });
    await waitUntil(
      () => performance.getEntriesByName('loop:feedback-chart-drawn').length > 0,
      'the chart drawn',
    );
    const canvas = queryDeep(section, 'canvas')[0] as HTMLCanvasElement;
    // chart.js sized the canvas to its frame (the sidebar's width, the theme's height).
    expect(canvas.getBoundingClientRect().height).to.be.within(170, 190);
  });

  it('shows each measure compact first: my rate with n/d and interval, direction, unit, peers and target', async () => {
    const section = await mount(readyModel(viewOf(2, 12)));
    const first = queryDeep(section, 'loop-feedback-measure')[0];
    const text = deepText(first);
    expect(text).to.include('Measure M1');
    expect(text).to.include('higher is better');
    expect(text).to.match(/You 85% 17\/20 95% CI 64%–95%/);
    expect(text).to.include('Your unit 60% 30/50');
    expect(text).to.include("Peers' median 60% of 3 peers");
    expect(text).to.match(/Target \(achievable\) 90% top 1 of your peers/);
    expect(text).to.match(/Dec 2025 · data as of 28 Dec 2025/);
    expect(deepText(section)).to.include('Peers: doctor');
  });

  it('says "too few patients" below the minimum, never a 0% or a 100%', async () => {
    const section = await mount(readyModel(viewOf(2, 12)));
    const last = deepText(queryDeep(section, 'loop-feedback-measure')[1]);
    expect(last).to.include('You Too few patients fewer than 5');
    expect(last).to.not.match(/You 100%/);
    expect(last).to.include('lower is better');
  });

  it('says "too few cards" for a small month of prompt uptake, which counts cards, not patients', async () => {
    const uptake = {
      month: '2026-11',
      asOf: undefined,
      rows: [
        {
          kind: 'accepted' as const,
          label: 'Accepted',
          mine: { status: 'suppressed' as const, denominator: 3 },
          unit: { status: 'none' as const, reason: 'no-patients' as const },
        },
      ],
      reasons: [],
      unitReasons: [],
    };
    const section = await mount(readyModel({ ...viewOf(1, 2), uptake }));
    const text = deepText(queryDeep(section, 'loop-feedback-uptake')[0]);
    expect(text).to.include('too few cards (fewer than 5)');
    expect(text).to.include('no cards');
    expect(text).to.not.include('patients');
  });

  it('is accessible open, with a trend and a patient list open, and closed', async () => {
    const view = viewOf(2, 12);
    const model = readyModel(view);
    const section = await mount(model);
    await expect(section).to.be.accessible();
    button(section, 'Trend').click();
    model.set({ drill: drillFor(view) });
    await settle(section);
    await waitUntil(() => queryDeep(section, 'canvas').length > 0, 'the chart');
    button(section, 'Show the numbers').click();
    await settle(section);
    await expect(section).to.be.accessible();
    button(section, '▾').click();
    await settle(section);
    expect(button(section, '▸').getAttribute('aria-expanded')).to.equal('false');
    await expect(section).to.be.accessible();
  });

  it('reads the trend by keyboard, month by month, and gives the same numbers as a table', async () => {
    const section = await mount(readyModel(viewOf(1, 12)));
    button(section, 'Trend').focus();
    await sendKeys({ press: 'Enter' });
    await settle(section);
    const frame = queryDeep(section, '.chart__frame')[0];
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal(frame);
    await sendKeys({ press: 'End' });
    await settle(section);
    const focusLine = () => deepText(queryDeep(section, '.chart__focus')[0]).trim();
    expect(focusLine()).to.match(
      /^Dec 2025: you 85% \(17\/20\); unit 60% \(30\/50\); peers' median 60%; target 90%$/,
    );
    await sendKeys({ press: 'ArrowLeft' });
    await settle(section);
    expect(focusLine()).to.match(/^Nov 2025: you 80% \(16\/20\)/);
    await sendKeys({ press: 'Home' });
    await settle(section);
    expect(focusLine()).to.match(/^Jan 2025:/);
    expect(deepText(queryDeep(section, '.chart__summary')[0])).to.match(
      /^ ?Your rate went from \d+% in Jan 2025 to 85% in Dec 2025; higher is better\. In Dec 2025: unit 60%, peers' median 60%, target 90%\./,
    );
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await settle(section);
    const rows = queryDeep(section, '.chart__table tbody tr');
    expect(rows.length).to.equal(12);
    expect(deepText(rows[11]).trim()).to.equal('Dec 2025 85% (17/20) Patients 60% (30/50) 60% 90%');
  });

  it('asks for the patients behind my number, lists them most actionable first, and focuses the list', async () => {
    const view = viewOf(2, 12);
    const model = readyModel(view);
    const section = await mount(model);
    // By keyboard: the button takes Enter like any button.
    button(section, 'Your patients').focus();
    await sendKeys({ press: 'Enter' });
    expect(model.drills).to.deep.equal([view.measures[0]?.drill]);
    model.set({ drill: drillFor(view) });
    await settle(section);
    const list = queryDeep(section, 'loop-feedback-patients')[0];
    expect(deepText(list)).to.match(
      /Your patients, Measure M1, Dec 2025 Close Not met \(2\) Alex Brown MRN-2 Name not available record h-4 Met \(1\) Alex Adams MRN-1/,
    );
    await waitUntil(() => focused()?.classList.contains('patients__title'), 'focus on the list');
    expect(button(section, 'Your patients').getAttribute('aria-expanded')).to.equal('true');
    button(section, 'Close').click();
    await settle(section);
    expect(model.closed.length).to.equal(1);
    expect(queryDeep(section, 'loop-feedback-patients').length).to.equal(0);
  });

  it('says so when the server has no reports, or could not be read, and shows loading first', async () => {
    const model = new TestModel(5);
    const section = await mount(model);
    expect(deepText(section)).to.include('Loading your feedback');
    model.set({
      status: 'ready',
      view: { measures: [], peerGroups: [], uptake: undefined, problems: [], empty: true },
    });
    await settle(section);
    expect(deepText(section)).to.include('There are no outcome reports for you on this EHR yet.');
    model.set({
      status: 'error',
      error: {
        code: 'fhir-403',
        title: 'The EHR did not allow Learning Loop to read your outcome reports.',
        action: 'Ask.',
      },
    });
    await settle(section);
    expect(deepText(section)).to.include('did not allow Learning Loop to read your outcome reports');
  });

  it('reports how long the open section was read, once the view ends', async () => {
    const model = readyModel(viewOf(1, 3));
    const section = await mount(model, 100);
    await new Promise((r) => setTimeout(r, 250));
    expect(model.views).to.deep.equal([]);
    button(section, '▾').click();
    await settle(section);
    expect(model.views.length).to.equal(1);
    expect(model.views[0]).to.be.within(200, 2000);
    // A glance shorter than seenAfterMs does not count.
    button(section, '▸').click();
    await settle(section);
    button(section, '▾').click();
    await settle(section);
    expect(model.views.length).to.equal(1);
  });
});
