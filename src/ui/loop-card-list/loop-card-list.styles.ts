import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--loop-space, 8px);
  }
  .rule-errors {
    margin: 0 0 var(--loop-space, 8px);
    padding: 0;
    list-style: none;
    font-size: 0.9em;
  }
  .empty,
  .pending {
    margin: 0;
  }
  /* Read out when the number of prompts changes (a remote service's cards arriving late), or when a
     card leaves the list; the count is where focus lands when no card is left to go to. */
  .count,
  .announce {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  loop-held-list {
    margin-top: var(--loop-space, 8px);
  }
  .skeleton {
    height: 64px;
    border-radius: var(--loop-radius, 6px);
    background: var(--loop-color-skeleton, #e5e9ee);
    margin-top: var(--loop-space, 8px);
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: pulse 1.2s ease-in-out infinite alternate;
    }
  }
  @keyframes pulse {
    from {
      opacity: 1;
    }
    to {
      opacity: 0.55;
    }
  }
`;
