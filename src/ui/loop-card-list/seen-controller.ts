import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LoopCardShownEvent } from '../../core/events';

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

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly seenAfterMs: () => number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver((entries) => this.onChange(entries), { threshold: 0.5 });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.since.clear();
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
      if (entry.isIntersecting && document.visibilityState !== 'hidden') {
        this.since.set(card, performance.now());
        this.timers.set(
          card,
          setTimeout(() => this.count(card), this.seenAfterMs()),
        );
      } else {
        clearTimeout(this.timers.get(card));
        this.timers.delete(card);
        this.since.delete(card);
      }
    }
  }

  private count(card: Element): void {
    const uuid = card.getAttribute('data-card');
    const start = this.since.get(card);
    if (!uuid || start === undefined || this.seen.has(uuid)) return;
    this.seen.add(uuid);
    this.observer?.unobserve(card);
    this.host.dispatchEvent(
      new LoopCardShownEvent({ cardUuid: uuid, visibleMs: Math.round(performance.now() - start) }),
    );
  }
}
