import '../src/ui/loop-message/loop-message';
import type { UserFacingError } from '../src/core/status';

/** Shows a launch failure on a page that has no panel yet (the launch page). */
export function showPageError(problem: UserFacingError): void {
  const message = document.createElement('loop-message');
  message.tone = 'error';
  message.problem = problem;
  document.body.replaceChildren(message);
}
