import { expect } from '@open-wc/testing';
import type { FeedbackModel } from '../../../src/feedback/feedback-model';
import { monthLabel, monthName } from '../../../src/feedback/format';
import type { MeasureView } from '../../../src/feedback/types';
import { clickButton, deepText, openSimulator, queryDeep, waitFor, type Launched } from '../e2e/harness';

/**
 * The feedback in the local EHR simulator, served from the measures batch's data (mocks/feedback):
 * what a clinician sees in the panel's sidebar, and what it cost in requests.
 */
let launched: Launched | undefined;
afterEach(() => launched?.remove());

interface Event {
  type: string;
  visibleMs?: number;
  measure?: { url: string; month: string };
}

/** The feedback model inside the app's frame (the panel's `app` is the AppModel). */
function feedbackOf(l: Launched): FeedbackModel | undefined {
  const panel = l.appFrame()?.contentDocument?.querySelector('learning-loop') as
    { app?: { state: { feedback?: FeedbackModel } } } | null | undefined;
  return panel?.app?.state.feedback;
}

async function launch(params: Record<string, string>): Promise<{ l: Launched; measures: MeasureView[] }> {
  launched = openSimulator({ launch: 'ehr', ...params });
  const l = launched;
  await waitFor(() => feedbackOf(l)?.state.status === 'ready', 'the feedback ready', 40_000).catch(
    (error: Error) => {
      throw new Error(`${error.message}; the panel shows: ${l.panelText().slice(0, 800)}`);
    },
  );
  await waitFor(
    () => queryDeep(l.appFrame()?.contentDocument?.body, 'loop-feedback-measure').length > 0,
    'the measures',
  );
  return { l, measures: feedbackOf(l)?.state.view?.measures ?? [] };
}

const rateIn = (m: MeasureView | undefined, year: string) => {
  const rows = (m?.trend ?? []).filter((t) => t.month.startsWith(year) && t.mine.status === 'rate');
  return (
    rows.reduce((n, t) => n + (t.mine.status === 'rate' ? t.mine.rate : 0), 0) / Math.max(1, rows.length)
  );
};

describe('feedback in the simulator (Chromium, msw, the measures batch data)', () => {
  it("shows Dr Castellanos's six measures in one request wave, her improvement once prompts started, and her uptake", async () => {
    const { l, measures } = await launch({ patient: 'p-001', practitioner: 'pr-001' });
    expect(measures.map((m) => m.measure.key).sort()).to.deep.equal([
      'hba1c-poor-control',
      'naloxone-coprescribing',
      'nephrotoxin-aki',
      'peg-opioid-outcome',
      'statin-primary-prevention',
      'vte-prophylaxis',
    ]);
    expect(feedbackOf(l)?.state.waves).to.equal(1);
    const vte = measures.find((m) => m.measure.key === 'vte-prophylaxis');
    expect(vte?.trend.length).to.be.within(12, 24);
    // The prompts started in the second year of the history: her VTE prophylaxis rose.
    const years = [...new Set(vte?.trend.map((t) => t.month.slice(0, 4)))].sort();
    expect(rateIn(vte, years[years.length - 1] ?? '')).to.be.greaterThan(rateIn(vte, years[0] ?? '') + 0.1);
    expect(vte?.peers?.benchmark).to.not.equal(undefined);
    const text = l.panelText();
    expect(text).to.include('Your outcomes');
    expect(text).to.include('Your response to prompts');
    expect(text).to.include('Peers: doctor');
    expect(text).to.not.include('could not be loaded');
  });

  it('shows the small ICU as too few patients, never as a rate', async () => {
    const { measures } = await launch({ patient: 'p-001', practitioner: 'pr-005', fhirContext: 'unit-icu' });
    const unitCells = measures.flatMap((m) => m.trend.map((t) => t.unit?.status));
    expect(unitCells.filter((s) => s === 'suppressed').length).to.be.greaterThan(unitCells.length / 4);
  });

  it("opens Dr Castellanos's patients behind a past month from the trend's table: that month's list, all of it", async () => {
    const { l, measures } = await launch({ patient: 'p-001', practitioner: 'pr-001' });
    const vte = measures.find((m) => m.measure.key === 'vte-prophylaxis');
    // The simulator's data has a subject-list report for every month of hers (mocks/feedback); its
    // months move with the clock, so take the one nine months before the last.
    const row = vte?.trend.at(-9);
    const month = row?.month ?? '?';
    expect(row?.drill?.month).to.equal(month);
    const element = queryDeep(l.appFrame()?.contentDocument?.body, 'loop-feedback-measure').find((m) =>
      deepText(m).includes(vte?.measure.title ?? '?'),
    );
    clickButton(element, 'Trend');
    await waitFor(() => deepText(element).includes('Show the numbers'), 'the trend');
    clickButton(element, 'Show the numbers');
    await waitFor(() => queryDeep(element, '.chart__patients').length > 0, "the table's buttons");
    const opener = queryDeep(element, 'button').find(
      (b) => b.getAttribute('aria-label') === `Your patients, ${monthName(month)}`,
    );
    expect(opener, `a button for ${monthName(month)}`).to.not.equal(undefined);
    opener?.click();
    const drill = () => feedbackOf(l)?.state.drill;
    await waitFor(() => drill()?.status === 'ready', `the list of ${month}`, 15_000);
    expect(drill()?.target.month).to.equal(month);
    expect(deepText(queryDeep(element, '.patients__title')[0])).to.include(monthLabel(month));
    // Everyone her number of that month counted is listed: the groups other than the excluded add up to it.
    const listed = (drill()?.result?.groups ?? [])
      .filter((g) => g.kind !== 'excluded')
      .reduce((n, g) => n + g.patients.length, 0);
    const counted =
      row?.mine.status === 'rate' || row?.mine.status === 'suppressed' ? row.mine.denominator : -1;
    expect(listed).to.equal(counted);
    expect(/MRN-\d+/.test(deepText(element))).to.equal(true);
  });

  it('opens a trend (chart.js under the page CSP) and the patients behind a number, and logs both', async () => {
    const { l } = await launch({ patient: 'p-001', practitioner: 'pr-001' });
    const doc = l.appFrame()?.contentDocument;
    const violations: string[] = [];
    doc?.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    const first = queryDeep(doc?.body, 'loop-feedback-measure')[0];
    clickButton(first, 'Trend');
    await waitFor(
      () => (queryDeep(first, 'canvas')[0] as HTMLCanvasElement | undefined)?.height !== undefined,
      'a canvas',
    );
    await waitFor(() => deepText(first).includes('Your rate'), 'the text summary');
    clickButton(first, 'Your patients');
    await waitFor(() => /MRN-\d+/.test(deepText(first)), 'patients with MRNs', 15_000);
    expect(violations).to.deep.equal([]);
    // The drill-down reaches the sink naming the measure opened (its canonical) and the month, for
    // the analysts (the sink also holds the drill-downs of this origin's earlier tests).
    const target = feedbackOf(l)?.state.drill?.target;
    expect(target?.measureUrl).to.match(/\/Measure\/[\w.-]+/);
    const app = l.appFrame()?.contentWindow;
    let events: Event[] = [];
    await waitFor(
      () => {
        void app
          ?.fetch('https://analytics.sim.invalid/events')
          .then((r) => r.text())
          .then(
            (t) =>
              (events = t
                .split('\n')
                .filter(Boolean)
                .map((x) => JSON.parse(x) as Event)),
          )
          .catch(() => undefined);
        return events.some(
          (e) =>
            e.type === 'feedback-drilldown' &&
            e.measure?.url === target?.measureUrl &&
            e.measure?.month === target?.month,
        );
      },
      'this feedback-drilldown, with its measure and month, at the analytics endpoint',
      15_000,
    );
  });
});
