import type { UserFacingError } from '../src/core/status';

/**
 * Shows a launch failure on the launch page, which has no panel: what happened, what to do, and the
 * detail folded away, as `<loop-message>` shows it in the panel. Plain DOM and text nodes (no Lit, no
 * HTML from the error), so the launch page loads only what `authorize()` needs. Its look is
 * `page-error.css`, linked from launch.html.
 */
export function showPageError(problem: UserFacingError): void {
  const box = element('div', 'message message--error');
  box.setAttribute('role', 'alert');
  box.dataset.code = problem.code;
  box.append(element('p', 'message__title', problem.title), element('p', 'message__action', problem.action));
  if (problem.detail) {
    const details = element('details');
    details.append(
      element('summary', undefined, 'Technical detail'),
      element('pre', undefined, problem.detail),
    );
    box.append(details);
  }
  document.body.replaceChildren(box);
}

function element(tag: string, className?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
