/**
 * The page events the interaction log follows: the page going away or being hidden (keep and send
 * what is unsent), and the network coming back (deliver again).
 */
type PageTarget = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/**
 * Listens on `target`; returns what undoes it.
 *
 * @example const stop = followPage(window, { hidden: (stays) => keep(stays), online: () => poke() });
 */
export function followPage(
  target: PageTarget,
  on: { hidden: (stays: boolean) => void; online: () => void },
): () => void {
  const hide = () => on.hidden(false);
  const visibility = () => {
    if (globalThis.document?.visibilityState === 'hidden') on.hidden(true);
  };
  target.addEventListener('pagehide', hide);
  target.addEventListener('visibilitychange', visibility);
  target.addEventListener('online', on.online);
  return () => {
    target.removeEventListener('pagehide', hide);
    target.removeEventListener('visibilitychange', visibility);
    target.removeEventListener('online', on.online);
  };
}
