import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .measure {
    border-top: 1px solid var(--loop-color-border, #d5dbe1);
    padding: var(--loop-space, 8px) 0;
  }
  .measure__title {
    font-size: 0.95em;
    margin: 0;
    font-weight: 600;
  }
  .measure__direction {
    font-size: 0.85em;
  }
  .measure__values {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 4px 12px;
    margin: 6px 0 4px;
  }
  .value {
    margin: 0;
  }
  .value dt {
    font-size: 0.8em;
  }
  .value dd {
    margin: 0;
  }
  .value__rate {
    font-size: 1.15em;
    font-weight: 700;
  }
  .value__ci {
    display: block;
    font-size: 0.8em;
  }
  .measure__asof {
    font-size: 0.8em;
    margin: 0 0 4px;
  }
  .measure__actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .measure__actions button {
    font: inherit;
    font-size: 0.9em;
    padding: 2px 8px;
    border: 1px solid var(--loop-color-border, #d5dbe1);
    border-radius: 4px;
    background: var(--loop-color-surface, #f6f8fa);
    color: var(--loop-color-text, #1f2933);
    cursor: pointer;
  }
  .measure__problems {
    margin: 4px 0 0;
    padding-left: 1.1em;
    font-size: 0.85em;
  }
`;
