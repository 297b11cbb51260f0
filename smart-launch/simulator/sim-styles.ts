import { css } from 'lit';

/** The simulator's buttons and focus ring, shared by its elements (each adds its own rules after). */
export const simControls = css`
  button {
    font: inherit;
    padding: 6px 12px;
    background: #1a5fb4;
    color: #fff;
    border: 0;
    border-radius: 4px;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid #1a5fb4;
    outline-offset: 2px;
  }
`;
