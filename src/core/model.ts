import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';

/**
 * Base of every model: it owns one piece of state, changes it only through the subclass's named
 * methods, and exposes it as `state$` plus selectors.
 *
 * @example
 * class CounterModel extends Model<{ n: number }> {
 *   constructor() { super({ n: 0 }); }
 *   readonly n$ = this.select((s) => s.n);
 *   increment() { this.update({ n: this.state.n + 1 }); }
 * }
 */
export abstract class Model<S extends object> {
  private readonly subject: BehaviorSubject<S>;
  /** Every state, starting with the current one. */
  readonly state$: Observable<S>;

  protected constructor(initial: S) {
    this.subject = new BehaviorSubject(initial);
    this.state$ = this.subject.asObservable();
  }

  /** The current state, for reads inside named methods. */
  get state(): S {
    return this.subject.getValue();
  }

  /**
   * A slice of the state that emits only when it changes. Not shared: each subscriber runs the
   * selector (cheap, pure), and rxjs's sharing operators would cost the launch bundle about 1.5 KB.
   */
  select<R>(selector: (state: S) => R): Observable<R> {
    return this.state$.pipe(map(selector), distinctUntilChanged());
  }

  protected update(patch: Partial<S>): void {
    this.subject.next({ ...this.state, ...patch });
  }

  /** Completes the state stream; subscribers tear down. */
  finalize(): void {
    this.subject.complete();
  }
}
