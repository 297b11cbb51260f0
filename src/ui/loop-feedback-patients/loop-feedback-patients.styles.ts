import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .patients {
    margin: 6px 0 0;
    padding: 6px 8px;
    border-left: 3px solid var(--loop-color-accent, #1a5fb4);
    background: var(--loop-color-surface, #f6f8fa);
  }
  .patients__head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
  }
  .patients__title {
    font-size: 0.9em;
    margin: 0;
  }
  .patients__close {
    font: inherit;
    font-size: 0.85em;
    background: none;
    border: 0;
    color: var(--loop-color-link, #1a5fb4);
    text-decoration: underline;
    cursor: pointer;
  }
  .patients__group {
    font-size: 0.85em;
    margin: 6px 0 2px;
  }
  .patients__list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .patients__list li {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 1px 0;
  }
  .patients__note {
    font-size: 0.85em;
    margin: 4px 0 0;
  }
`;
