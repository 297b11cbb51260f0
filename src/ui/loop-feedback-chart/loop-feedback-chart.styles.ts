import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .chart {
    margin: var(--loop-space, 8px) 0 0;
  }
  .chart__summary {
    margin: 0 0 6px;
  }
  .chart__legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    list-style: none;
    margin: 0 0 4px;
    padding: 0;
    font-size: 0.9em;
  }
  .chart__legend li {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .swatch line {
    stroke-width: 2.5;
  }
  .swatch--mine line {
    stroke: var(--loop-chart-mine, #0072b2);
    stroke-width: 3;
  }
  .swatch--unit line {
    stroke: var(--loop-chart-unit, #d55e00);
    stroke-dasharray: 6 4;
  }
  .swatch--peers line {
    stroke: var(--loop-chart-peers, #009e73);
    stroke-dasharray: 2 3;
  }
  .swatch--target line {
    stroke: var(--loop-chart-target, #6a3d9a);
    stroke-dasharray: 10 3 2 3;
  }
  .chart__frame {
    position: relative;
    height: var(--loop-chart-height, 180px);
    border-radius: 4px;
  }
  .chart__frame canvas {
    max-width: 100%;
  }
  .chart__focus {
    min-height: 1.45em;
    margin: 4px 0;
    font-size: 0.9em;
  }
  .chart__toggle {
    font: inherit;
    background: none;
    border: 0;
    padding: 2px 0;
    color: var(--loop-color-link, #1a5fb4);
    text-decoration: underline;
    cursor: pointer;
  }
  .chart__table {
    border-collapse: collapse;
    width: 100%;
    margin-top: 4px;
    font-size: 0.85em;
  }
  .chart__table th,
  .chart__table td {
    text-align: left;
    padding: 2px 4px;
    border-bottom: 1px solid var(--loop-color-border, #d5dbe1);
    vertical-align: top;
  }
  .chart__patients {
    font: inherit;
    display: block;
    margin-top: 2px;
    padding: 0 4px;
    min-height: 24px;
    background: var(--loop-color-surface, #f6f8fa);
    color: var(--loop-color-link, #1a5fb4);
    border: 1px solid var(--loop-color-border, #d5dbe1);
    border-radius: 4px;
    cursor: pointer;
  }
  .chart__patients[aria-expanded='true'] {
    border-color: var(--loop-color-accent, #1a5fb4);
    font-weight: 600;
  }
  .chart__error {
    color: var(--loop-color-muted, #4b5563);
  }
`;
