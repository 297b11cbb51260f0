import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .uptake {
    border-top: 1px solid var(--loop-color-border, #d5dbe1);
    padding: var(--loop-space, 8px) 0;
  }
  .uptake__title {
    font-size: 0.95em;
    margin: 0 0 4px;
  }
  .uptake__table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9em;
  }
  .uptake__table th,
  .uptake__table td {
    text-align: left;
    padding: 2px 4px;
    vertical-align: top;
  }
  .uptake__reasons {
    margin: 4px 0 0;
    padding-left: 1.1em;
    font-size: 0.85em;
  }
  .uptake__asof {
    font-size: 0.8em;
    margin: 4px 0 0;
  }
`;
