import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .held summary {
    cursor: pointer;
    font-size: 0.9em;
  }
  .button {
    border: 1px solid var(--loop-color-border-strong, #5b6673);
    border-radius: var(--loop-radius, 6px);
    background: var(--loop-color-surface, #ffffff);
    color: var(--loop-color-text, #1f2933);
    padding: 4px 12px;
  }
  .held__list {
    list-style: none;
    margin: var(--loop-space, 8px) 0 0;
    padding: 0;
    display: grid;
    gap: var(--loop-space, 8px);
  }
  .held__item {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    align-items: center;
  }
  .held__summary {
    overflow-wrap: anywhere;
  }
  .held__what {
    grid-column: 1;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .held__item .button {
    grid-column: 2;
    grid-row: 1 / span 2;
  }
  .note {
    margin: 4px 0 0;
    font-size: 0.85em;
  }
`;
