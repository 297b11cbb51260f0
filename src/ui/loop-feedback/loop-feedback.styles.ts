import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .feedback {
    margin-top: calc(var(--loop-space, 8px) * 1.5);
  }
  .feedback__heading {
    font-size: 0.95em;
    margin: 0 0 var(--loop-space, 8px);
  }
  .feedback__toggle {
    font: inherit;
    font-weight: 600;
    background: none;
    border: 0;
    padding: 0;
    color: inherit;
    cursor: pointer;
    display: inline-flex;
    gap: 6px;
    align-items: baseline;
  }
  .feedback__peers {
    font-size: 0.85em;
    margin: 0 0 4px;
  }
  .feedback__list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .feedback__messages {
    display: grid;
    gap: var(--loop-space, 8px);
    margin-bottom: var(--loop-space, 8px);
  }
  .feedback__lines {
    font-size: 0.85em;
    padding-left: 1.1em;
  }
  .skeleton {
    height: 1em;
    border-radius: 4px;
    background: var(--loop-color-skeleton, #e5e9ee);
    margin: 8px 0;
  }
`;
