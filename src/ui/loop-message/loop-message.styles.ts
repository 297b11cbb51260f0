import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .message {
    border-left: 4px solid var(--loop-color-accent, #1a5fb4);
    background: var(--loop-color-notice-background, #eef4fb);
    border-radius: var(--loop-radius, 6px);
    padding: calc(var(--loop-space, 8px) * 1.25);
  }
  .message--error {
    border-left-color: var(--loop-color-critical, #b00020);
    background: var(--loop-color-error-background, #fdecee);
  }
  .message__title {
    font-weight: 600;
    margin: 0 0 4px;
  }
  .message__action {
    margin: 0;
  }
  .message__retry {
    margin-top: 6px;
    border: 1px solid var(--loop-color-border-strong, #5b6673);
    border-radius: var(--loop-radius, 6px);
    background: var(--loop-color-surface, #ffffff);
    color: var(--loop-color-text, #1f2933);
    padding: 4px 12px;
  }
  details {
    margin-top: 6px;
  }
  summary {
    cursor: pointer;
  }
  pre {
    white-space: pre-wrap;
    word-break: break-word;
    font-size: 12px;
    margin: 4px 0 0;
  }
`;
