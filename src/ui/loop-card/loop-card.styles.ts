import { css } from 'lit';

/*
 * Default colours meet WCAG AA (4.5:1) for text on their backgrounds: critical #a4001d on #fdecee,
 * warning #7a4100 on #fff3dc, info #1a5394 on #e8f1fb, body #1f2933 on white.
 */
export const styles = css`
  :host {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  .card {
    --_tone: var(--loop-color-info, #1a5394);
    --_tone-bg: var(--loop-color-info-background, #e8f1fb);
    background: var(--loop-color-surface, #ffffff);
    border: 1px solid var(--loop-color-border, #c9d1da);
    border-left: 6px solid var(--_tone);
    border-radius: var(--loop-radius, 6px);
    padding: calc(var(--loop-space, 8px) * 1.25);
    display: grid;
    gap: var(--loop-space, 8px);
  }
  .card--critical {
    --_tone: var(--loop-color-critical, #a4001d);
    --_tone-bg: var(--loop-color-critical-background, #fdecee);
  }
  .card--warning {
    --_tone: var(--loop-color-warning, #7a4100);
    --_tone-bg: var(--loop-color-warning-background, #fff3dc);
  }
  .card__header {
    display: flex;
    align-items: baseline;
    flex-wrap: wrap;
    gap: var(--loop-space, 8px);
  }
  .card__indicator {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px;
    border-radius: 999px;
    font-weight: 600;
    font-size: 0.9em;
    color: var(--_tone);
    background: var(--_tone-bg);
  }
  .card__icon {
    flex: none;
  }
  .card__summary {
    font-size: 1.05em;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .card__source,
  .card__status,
  .card__count {
    margin: 0;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  /* Kept in the accessibility tree while empty, so that the first change of state is announced. */
  .card__status--open {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  /* A caveat on the card's face (e.g. the unit could not be checked): warning text on its own tint. */
  .card__note {
    margin: 0;
    padding: 2px 6px;
    font-size: 0.9em;
    color: var(--loop-color-warning, #7a4100);
    background: var(--loop-color-warning-background, #fff3dc);
    border-radius: var(--loop-radius, 4px);
    overflow-wrap: anywhere;
  }
  .card:focus-visible {
    outline: 3px solid var(--loop-color-focus, #1a5fb4);
    outline-offset: 2px;
  }
  .card__suggestion {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .card__draft {
    margin: 0;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .card__note-plain {
    margin: 0;
    font-size: 0.9em;
  }
  .card__snooze-label {
    font-size: 0.9em;
    align-self: center;
  }
  .card__status--error {
    color: var(--loop-color-critical, #a4001d);
  }
  .card__detail {
    overflow-wrap: anywhere;
  }
  .card__detail :first-child {
    margin-top: 0;
  }
  .card__detail table {
    border-collapse: collapse;
  }
  .card__detail th,
  .card__detail td {
    border: 1px solid var(--loop-color-border, #c9d1da);
    padding: 2px 6px;
  }
  .card__links {
    margin: 0;
    padding-left: 1.2em;
  }
  .card__suggestions,
  .card__actions,
  .card__snooze,
  .card__form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--loop-space, 8px);
  }
  a {
    color: var(--loop-color-link, #1a5394);
  }
  .button,
  .link-button {
    font: inherit;
    min-height: 32px;
    cursor: pointer;
  }
  .button {
    border: 1px solid var(--loop-color-border-strong, #5b6673);
    border-radius: var(--loop-radius, 6px);
    background: var(--loop-color-surface, #ffffff);
    color: var(--loop-color-text, #1f2933);
    padding: 4px 12px;
  }
  .button--primary {
    background: var(--loop-color-accent, #1a5fb4);
    border-color: var(--loop-color-accent, #1a5fb4);
    color: var(--loop-color-on-accent, #ffffff);
    font-weight: 600;
  }
  .badge {
    font-size: 0.8em;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }
  .link-button {
    justify-self: start;
    background: none;
    border: none;
    padding: 0;
    color: var(--loop-color-link, #1a5394);
    text-decoration: underline;
  }
  .button:disabled,
  .link-button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .card__override {
    display: grid;
    gap: 6px;
    border-top: 1px solid var(--loop-color-border, #c9d1da);
    padding-top: var(--loop-space, 8px);
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 4px;
  }
  .card__reason {
    display: flex;
    gap: 6px;
    align-items: baseline;
  }
  textarea {
    font: inherit;
    width: 100%;
    box-sizing: border-box;
    border: 1px solid var(--loop-color-border-strong, #5b6673);
    border-radius: var(--loop-radius, 6px);
    padding: 4px 6px;
  }
`;
