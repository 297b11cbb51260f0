import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .panel {
    background: var(--loop-color-background, #ffffff);
    padding: calc(var(--loop-space, 8px) * 1.5);
    min-height: 120px;
  }
  .panel__header {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 8px;
  }
  .panel__title {
    font-family: var(--loop-font-family-heading, inherit);
    font-size: 1em;
    margin: 0;
    letter-spacing: 0.02em;
  }
  .panel__messages {
    display: grid;
    gap: var(--loop-space, 8px);
    margin-top: var(--loop-space, 8px);
  }
  .panel__prompts {
    margin-top: calc(var(--loop-space, 8px) * 1.5);
  }
  .panel__subtitle {
    font-size: 0.95em;
    margin: 0 0 var(--loop-space, 8px);
  }
  .skeleton {
    height: 1em;
    border-radius: 4px;
    background: var(--loop-color-skeleton, #e5e9ee);
    margin: 8px 0;
  }
`;
