import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LoopFeedbackViewedEvent } from './events';

/**
 * Measures how long the feedback is read: a view starts when the watched element is on screen (half
 * of it, or, for a section taller than the frame, half the frame) in a visible tab, and ends when it
 * scrolls away, the tab is hidden or the section closes or leaves the page. A view of at least
 * `seenAfterMs` fires `loop-feedback-viewed` with its length, so analysts get the time feedback is
 * read, not just that it was shown (`card-shown` counts a card once; a section is read many times).
 *
 * @example
 * private readonly viewTime = new ViewTimeController(this, () => this.seenAfterMs);
 * override updated() { this.viewTime.watch(this.renderRoot.querySelector('.feedback__body')); }
 */
export class ViewTimeController implements ReactiveController {
  private observer: IntersectionObserver | undefined;
  private target: Element | undefined;
  private onScreen = false;
  private since: number | undefined;
  private readonly onVisibility = () => this.settle();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly seenAfterMs: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver !== 'undefined')
      this.observer = new IntersectionObserver((entries) => this.onChange(entries), {
        threshold: [0, 0.1, 0.25, 0.5, 0.75, 1],
      });
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.target) this.observer?.observe(this.target);
  }

  hostDisconnected(): void {
    this.onScreen = false;
    this.settle();
    this.observer?.disconnect();
    this.observer = undefined;
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Watches this element (the open section's body); `undefined` when the section is closed. */
  watch(target: Element | null | undefined): void {
    if ((target ?? undefined) === this.target) return;
    if (this.target) this.observer?.unobserve(this.target);
    this.target = target ?? undefined;
    this.onScreen = false;
    this.settle();
    if (this.target) this.observer?.observe(this.target);
  }

  private onChange(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (entry.target !== this.target) continue;
      const frame = entry.rootBounds?.height ?? Infinity;
      this.onScreen =
        entry.isIntersecting &&
        (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= frame / 2);
    }
    this.settle();
  }

  /** Starts a view when one is under way, or ends the running one (firing it when long enough). */
  private settle(): void {
    const viewing = this.onScreen && document.visibilityState !== 'hidden';
    if (viewing && this.since === undefined) this.since = this.now();
    if (viewing || this.since === undefined) return;
    const visibleMs = Math.round(this.now() - this.since);
    this.since = undefined;
    if (visibleMs >= this.seenAfterMs()) this.host.dispatchEvent(new LoopFeedbackViewedEvent({ visibleMs }));
  }
}
