import { css } from 'lit';

/** Shared look: every value is a `--loop-*` custom property the host or the EHR's style may set. */
export const tokens = css`
  :host {
    color: var(--loop-color-text, #1f2933);
    font-family: var(--loop-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--loop-font-size, 14px);
    line-height: 1.45;
  }
  :focus-visible {
    outline: 3px solid var(--loop-color-focus, #1a5fb4);
    outline-offset: 2px;
  }
  .muted {
    color: var(--loop-color-muted, #4b5563);
  }
`;
