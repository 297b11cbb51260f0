import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LoopCardShownEvent } from '../events';

/**
 * Fires `loop-card-shown` for a card once at least half of it has been on screen for `seenAfterMs`
 * without a break (IntersectionObserver), once per card for the life of the list. A card scrolled
 * past, or shown in a background tab, does not count.
 */
export class SeenController implements ReactiveController {
  private observer: IntersectionObserver | undefined;
  private readonly since = new Map<Element, number>();
  private readonly timers = new Map<Element, ReturnType<typeof setTimeout>>();
  private readonly seen = new Set<string>();
  /** Cards at least half on screen now (their timers pause while the tab is hidden). */
  private readonly visible = new Set<Element>();
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') for (const card of this.visible) this.stopTimer(card);
    else for (const card of this.visible) this.startTimer(card);
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly seenAfterMs: () => number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver((entries) => this.onChange(entries), { threshold: 0.5 });
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    for (const card of [...this.timers.keys()]) this.stopTimer(card);
    this.visible.clear();
  }

  /** Watches the cards now rendered (call after each update). */
  observe(cards: Iterable<Element>): void {
    for (const card of cards) {
      const uuid = card.getAttribute('data-card');
      if (uuid && !this.seen.has(uuid)) this.observer?.observe(card);
    }
  }

  private onChange(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const card = entry.target;
      // isIntersecting is true for any overlap: half the card must be on screen.
      if (entry.isIntersecting && entry.intersectionRatio >= 0.5) {
        this.visible.add(card);
        if (document.visibilityState !== 'hidden') this.startTimer(card);
      } else {
        this.visible.delete(card);
        this.stopTimer(card);
      }
    }
  }

  private startTimer(card: Element): void {
    if (this.timers.has(card)) return;
    this.since.set(card, performance.now());
    this.timers.set(
      card,
      setTimeout(() => this.count(card), this.seenAfterMs()),
    );
  }

  private stopTimer(card: Element): void {
    clearTimeout(this.timers.get(card));
    this.timers.delete(card);
    this.since.delete(card);
  }

  private count(card: Element): void {
    const uuid = card.getAttribute('data-card');
    const start = this.since.get(card);
    if (!uuid || start === undefined || this.seen.has(uuid)) return;
    this.seen.add(uuid);
    this.timers.delete(card);
    this.visible.delete(card);
    this.observer?.unobserve(card);
    this.host.dispatchEvent(
      new LoopCardShownEvent({ cardUuid: uuid, visibleMs: Math.round(performance.now() - start) }),
    );
  }
}
