/**
 * The trend chart itself: chart.js with only the parts a line chart of four series needs registered
 * (controller, line, point, two scales), so the bundler drops the rest; no legend or tooltip plugin
 * (the element draws its own legend and says the focused month in text). Loaded by dynamic import when
 * a trend is first opened: chart.js never weighs on the panel's first paint.
 */
import { CategoryScale, Chart, LineController, LineElement, LinearScale, PointElement } from 'chart.js';
import type { ChartConfiguration, PointStyle } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);

export interface TrendSeries {
  label: string;
  /** Percentages; `null` where there is no credible number (a gap, never a 0). */
  values: (number | null)[];
  color: string;
  /** Not colour alone: each series has its own dash pattern and marker. */
  dash: number[];
  point: PointStyle;
  width: number;
}

export interface TrendTheme {
  text: string;
  grid: string;
  font: string;
}

export interface TrendChart {
  /** Highlights one month across the series (the keyboard's focus), or none. */
  highlight(index: number | undefined): void;
  destroy(): void;
}

/**
 * Draws the trend on a canvas. `onPoint` reports the month under the pointer, so the element can say
 * it in words as it does for the keyboard.
 *
 * @example
 * const chart = drawTrend(canvas, ['Jan 2025', 'Feb 2025'], series, theme, (i) => (focused = i));
 */
export function drawTrend(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: TrendSeries[],
  theme: TrendTheme,
  onPoint: (index: number) => void,
): TrendChart {
  const ticks = { color: theme.text, font: { family: theme.font, size: 11 } };
  const config: ChartConfiguration<'line', (number | null)[], string> = {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.values,
        borderColor: s.color,
        backgroundColor: s.color,
        borderDash: s.dash,
        borderWidth: s.width,
        pointStyle: s.point,
        pointRadius: 3,
        pointHoverRadius: 6,
        spanGaps: false,
        tension: 0,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Motion adds nothing to a trend read between patients, and costs paint time.
      animation: false,
      interaction: { mode: 'index', intersect: false },
      events: ['mousemove', 'mouseout', 'click', 'touchstart'],
      onHover: (_event, elements) => {
        const index = elements[0]?.index;
        if (index !== undefined) onPoint(index);
      },
      scales: {
        x: {
          ticks: { ...ticks, maxRotation: 0, autoSkip: true, maxTicksLimit: 6 },
          grid: { display: false },
        },
        y: {
          min: 0,
          max: 100,
          ticks: { ...ticks, stepSize: 25, callback: (value) => `${String(value)}%` },
          grid: { color: theme.grid },
        },
      },
    },
  };
  const chart = new Chart(canvas, config);
  return {
    highlight(index) {
      const active =
        index === undefined
          ? []
          : series.flatMap((s, datasetIndex) => (s.values[index] === null ? [] : [{ datasetIndex, index }]));
      chart.setActiveElements(active);
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}
