import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    align-items: baseline;
    padding: var(--loop-space, 8px) 0;
    border-bottom: 1px solid var(--loop-color-border, #c7ced6);
  }
  .banner__name {
    font-size: 1.15em;
    font-weight: 600;
    margin: 0;
  }
`;
