import { LitElement, html, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { monthLabel } from '../../feedback/format';
import { monthLine, trendSummary } from '../../feedback/summary';
import type { Cell, Direction, DrillTarget, TrendRow } from '../../feedback/types';
import { LoopFeedbackDrillCloseEvent, LoopFeedbackDrilldownRequestEvent } from '../loop-feedback/events';
import { tokens } from '../tokens.styles';
import type { TrendChart, drawTrend as drawTrendType } from './chart-render';
import { SERIES } from './series-style';
import { styles } from './loop-feedback-chart.styles';
import { trendTable } from './trend-table';

const rate = (cell: Cell | undefined) => (cell?.status === 'rate' ? Math.round(cell.rate * 1000) / 10 : null);
const pct = (x: number | undefined) => (x === undefined ? null : Math.round(x * 1000) / 10);

/**
 * @summary A measure's trend over 12 to 24 months, mine against my unit, my peers' median and the target
 * (the achievable benchmark): a line chart with its own legend, a text summary, the same numbers as a
 * table on request, and the keyboard reading it month by month (arrow keys, Home, End). Each series
 * has its own dash and marker, not only its colour. chart.js loads, by dynamic import, when the first
 * trend opens. In the table, each month of mine with patients counted has a button to the patients behind it.
 * @fires loop-feedback-drilldown-request - the clinician asked for the patients behind one month of theirs
 * @fires loop-feedback-drill-close - the clinician closed that month's list from its button
 * @csspart frame - the focusable box around the canvas
 * @cssprop --loop-chart-mine - your line (default #0072b2)
 * @cssprop --loop-chart-unit - your unit's line (default #d55e00)
 * @cssprop --loop-chart-peers - the peers' median line (default #009e73)
 * @cssprop --loop-chart-target - the target line (default #6a3d9a)
 * @cssprop --loop-chart-height - the chart's height (default 180px)
 * @cssprop --loop-color-border - table rules
 */
@customElement('loop-feedback-chart')
export class LoopFeedbackChart extends LitElement {
  static override styles = [tokens, styles];

  /** The months, oldest first. */
  @property({ attribute: false }) trend: TrendRow[] = [];
  @property() direction: Direction = 'unknown';
  /** Below this many patients a month shows "too few patients". */
  @property({ type: Number }) minCases = 5;
  /** The month whose patient list is open for this measure; undefined when none is. */
  @property({ attribute: false }) drillMonth: string | undefined;

  @state() private showTable = false;
  @state() private focused: number | undefined;
  @state() private failed = false;
  @query('canvas') private canvas: HTMLCanvasElement | undefined;
  private chart: TrendChart | undefined;
  private drawn: TrendRow[] | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
    this.drawn = undefined;
  }

  override updated(): void {
    if (this.drawn !== this.trend) void this.draw();
  }

  private async draw(): Promise<void> {
    const trend = this.trend;
    this.drawn = trend;
    let render: { drawTrend: typeof drawTrendType };
    try {
      render = await import('./chart-render');
    } catch (error) {
      console.error('Learning Loop: the chart could not be loaded', error);
      this.failed = true;
      return;
    }
    const canvas = this.canvas;
    if (!canvas || this.drawn !== trend || !this.isConnected) return;
    this.chart?.destroy();
    const style = getComputedStyle(this);
    const colour = (prop: string, fallback: string) => style.getPropertyValue(prop).trim() || fallback;
    const values = {
      mine: trend.map((t) => rate(t.mine)),
      unit: trend.map((t) => rate(t.unit)),
      peers: trend.map((t) => pct(t.peersMedian)),
      target: trend.map((t) => pct(t.benchmark)),
    };
    const series = SERIES.filter((s) => values[s.key].some((v) => v !== null)).map((s) => ({
      label: s.label,
      values: values[s.key],
      color: colour(s.prop, s.fallback),
      dash: [...s.dash],
      point: s.point,
      width: s.width,
    }));
    this.chart = render.drawTrend(
      canvas,
      trend.map((t) => monthLabel(t.month)),
      series,
      {
        text: colour('--loop-color-text', '#1f2933'),
        grid: colour('--loop-color-border', '#d5dbe1'),
        font: style.fontFamily,
      },
      (index) => (this.focused = index),
    );
    // For the benchmark and an EHR's tooling: a trend opened and drawn.
    performance.mark('loop:feedback-chart-drawn');
  }

  private readonly onKey = (e: KeyboardEvent) => {
    const last = this.trend.length - 1;
    const at = this.focused ?? last + 1;
    const next =
      e.key === 'ArrowLeft'
        ? Math.max(0, at - 1)
        : e.key === 'ArrowRight'
          ? Math.min(last, this.focused === undefined ? last : at + 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : undefined;
    if (next === undefined || last < 0) return;
    e.preventDefault();
    this.focused = next;
    this.chart?.highlight(next);
  };

  private renderLegend() {
    return html`<ul class="chart__legend" aria-label="Lines">
      ${SERIES.map(
        (s) =>
          html`<li>
            <svg class="swatch swatch--${s.key}" width="28" height="10" aria-hidden="true">
              ${svg`<line x1="1" y1="5" x2="27" y2="5"></line>`}
            </svg>
            ${s.label}
          </li>`,
      )}
    </ul>`;
  }

  // Fired from the button itself, so the section knows where to return focus when the list closes.
  private readonly onPatients = (target: DrillTarget, open: boolean, from: HTMLElement) =>
    from.dispatchEvent(
      open ? new LoopFeedbackDrillCloseEvent() : new LoopFeedbackDrilldownRequestEvent(target),
    );

  private renderTable() {
    return trendTable({
      trend: this.trend,
      minCases: this.minCases,
      drillMonth: this.drillMonth,
      onPatients: this.onPatients,
    });
  }

  override render() {
    const focusedRow = this.focused === undefined ? undefined : this.trend[this.focused];
    return html`<figure class="chart">
      <figcaption class="chart__summary" id="summary">
        ${trendSummary(this.trend, this.direction, this.minCases)}
      </figcaption>
      ${this.renderLegend()}
      ${
        this.failed
          ? html`<p class="chart__error" role="status">
              The chart could not be drawn; the table below has the numbers.
            </p>`
          : html`<div
              part="frame"
              class="chart__frame"
              tabindex="0"
              role="group"
              aria-roledescription="chart"
              aria-label="Trend of ${this.trend.length} months: the arrow keys read it month by month"
              aria-describedby="summary"
              @keydown=${this.onKey}
            >
              <canvas aria-hidden="true"></canvas>
            </div>`
      }
      <p class="chart__focus muted" role="status">
        ${focusedRow ? monthLine(focusedRow, this.minCases) : nothing}
      </p>
      <button
        class="chart__toggle"
        aria-expanded=${this.showTable || this.failed ? 'true' : 'false'}
        aria-controls="table"
        @click=${() => (this.showTable = !this.showTable)}
      >
        ${this.showTable ? 'Hide the table' : 'Show the numbers as a table'}
      </button>
      ${this.showTable || this.failed ? this.renderTable() : nothing}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loop-feedback-chart': LoopFeedbackChart;
  }
}
