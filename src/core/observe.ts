import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Subscribes a Lit host to an observable while it is connected, and re-renders on each value.
 * The only way elements read models: they never call `next()` themselves. The source is looked up
 * again before every update, so a new model (a property set, or a model found in another model's
 * state) is followed without a call from the element.
 *
 * @example
 * private readonly context = new ObserveController(this, () => this.model?.state$);
 * render() { return html`${this.context.value?.status}`; }
 */
export class ObserveController<T> implements ReactiveController {
  /** The latest value; `undefined` until the source has emitted once. */
  value: T | undefined;
  private subscription: Subscription | undefined;
  private source: Observable<T> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getSource: () => Observable<T> | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resubscribe();
  }

  /** Before each render: follow the source if it changed (its value is then read in this render). */
  hostUpdate(): void {
    if (this.getSource() !== this.source) this.resubscribe();
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.source = undefined;
  }

  private resubscribe(): void {
    this.subscription?.unsubscribe();
    this.source = this.getSource();
    this.value = undefined;
    this.subscription = this.source?.subscribe((value) => {
      this.value = value;
      this.host.requestUpdate();
    });
  }
}
