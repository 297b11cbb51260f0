import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 12px;
    margin: var(--loop-space, 8px) 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
`;
