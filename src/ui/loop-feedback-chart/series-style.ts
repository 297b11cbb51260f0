import type { PointStyle } from 'chart.js';

/**
 * How each series of the trend looks: a colour from the `--loop-chart-*` theme (Okabe-Ito defaults,
 * told apart by most colour-blind readers), and a dash pattern and marker of its own so colour is never
 * the only cue. Shared by the legend (CSS) and the canvas (read from the computed style).
 */
export const SERIES = [
  {
    key: 'mine',
    label: 'You',
    prop: '--loop-chart-mine',
    fallback: '#0072b2',
    dash: [],
    point: 'circle',
    width: 3,
  },
  {
    key: 'unit',
    label: 'Your unit',
    prop: '--loop-chart-unit',
    fallback: '#d55e00',
    dash: [6, 4],
    point: 'rect',
    width: 2,
  },
  {
    key: 'peers',
    label: "Peers' median",
    prop: '--loop-chart-peers',
    fallback: '#009e73',
    dash: [2, 3],
    point: 'triangle',
    width: 2,
  },
  {
    key: 'target',
    label: 'Target (top peers)',
    prop: '--loop-chart-target',
    fallback: '#6a3d9a',
    dash: [10, 3, 2, 3],
    point: 'crossRot',
    width: 2,
  },
] as const satisfies readonly {
  key: string;
  label: string;
  prop: string;
  fallback: string;
  dash: readonly number[];
  point: PointStyle;
  width: number;
}[];

export type SeriesKey = (typeof SERIES)[number]['key'];
