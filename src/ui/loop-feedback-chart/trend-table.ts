/**
 * The trend's table alternative: every month's numbers, and in my column a button to the patients
 * behind each of my numbers. Only mine: the unit's, the peers' and the target are other clinicians'
 * patients.
 */
import { html, nothing } from 'lit';
import { cellText, monthLabel, monthName, percent } from '../../feedback/format';
import type { DrillTarget, TrendRow } from '../../feedback/types';

export interface TrendTableOptions {
  trend: TrendRow[];
  minCases: number;
  /** The month whose patient list is open for this measure; undefined when none is. */
  drillMonth: string | undefined;
  /**
   * The clinician pressed a month's button (`from`): open its list, or close it when it is the open
   * one.
   */
  onPatients: (target: DrillTarget, open: boolean, from: HTMLElement) => void;
}

/**
 * The month-by-month table, oldest first.
 *
 * @example html`${trendTable({ trend, minCases: 5, drillMonth: undefined, onPatients: (t, open, from) => {} })}`
 */
export function trendTable({ trend, minCases, drillMonth, onPatients }: TrendTableOptions) {
  const patients = (target: DrillTarget | undefined) => {
    if (!target) return nothing;
    const open = target.month === drillMonth;
    // The visible word stays short for a 360 px sidebar; the name says whose and which month.
    return html`<button
      class="chart__patients"
      aria-label="Your patients, ${monthName(target.month)}"
      aria-expanded=${open ? 'true' : 'false'}
      @click=${(e: Event) => e.currentTarget instanceof HTMLElement && onPatients(target, open, e.currentTarget)}
    >
      Patients
    </button>`;
  };
  return html`<table class="chart__table" id="table">
    <caption class="muted">
      Month by month (rates with patients counted); Patients lists yours
    </caption>
    <thead>
      <tr>
        <th scope="col">Month</th>
        <th scope="col">You</th>
        <th scope="col">Unit</th>
        <th scope="col">Peers' median</th>
        <th scope="col">Target</th>
      </tr>
    </thead>
    <tbody>
      ${trend.map(
        (t) =>
          html`<tr>
            <th scope="row">${monthLabel(t.month)}</th>
            <td>${cellText(t.mine, minCases)} ${patients(t.drill)}</td>
            <td>${t.unit ? cellText(t.unit, minCases) : 'not known'}</td>
            <td>${t.peersMedian === undefined ? 'not known' : percent(t.peersMedian)}</td>
            <td>${t.benchmark === undefined ? 'not known' : percent(t.benchmark)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
