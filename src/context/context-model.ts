import { Model } from '../core/model';
import type { UserFacingError } from '../core/status';
import type { FhirRequester } from '../fhir/requester';
import type { FeatureId } from '../config/schema';
import { ContextError, loadContext, type ContextSnapshot } from './loader';
import type { LaunchContext } from '../fhir/context-queries';
import { messageOf } from '../core/errors';

export interface ContextState {
  status: 'idle' | 'pending' | 'ready' | 'error';
  /** `undefined` until the first load succeeds; kept while a reload is pending. */
  snapshot: ContextSnapshot | undefined;
  /** Set only in status `error`: the patient could not be loaded. */
  error: UserFacingError | undefined;
}

/**
 * Patient, encounter, clinician and unit for the current launch. Later features (rules, feedback,
 * telemetry) read `snapshot$` rather than fetching context themselves.
 *
 * @example
 * const context = new ContextModel();
 * context.snapshot$.subscribe((s) => console.log(s?.unit));
 * await context.load(session.request, session.launch, session.features, new Date());
 */
export class ContextModel extends Model<ContextState> {
  readonly status$ = this.select((s) => s.status);
  readonly snapshot$ = this.select((s) => s.snapshot);
  private controller: AbortController | undefined;
  private last: Parameters<ContextModel['load']> | undefined;

  constructor() {
    super({ status: 'idle', snapshot: undefined, error: undefined });
  }

  /** Loads the context again as last asked, as of `now` (after a failure that may pass). */
  retry(now: Date): Promise<void> {
    if (!this.last) return Promise.resolve();
    const [request, launch, features] = this.last;
    return this.load(request, launch, features, now);
  }

  /** Loads the context; a newer call aborts an older one, whose result is then ignored. */
  async load(
    request: FhirRequester,
    launch: LaunchContext,
    features: readonly FeatureId[],
    now: Date,
  ): Promise<void> {
    this.last = [request, launch, features, now];
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.update({ status: 'pending', error: undefined });
    try {
      const snapshot = await loadContext(request, launch, features, now, controller.signal);
      if (controller.signal.aborted) return;
      this.update({ status: 'ready', snapshot });
    } catch (error) {
      if (controller.signal.aborted) return;
      const problem: UserFacingError =
        error instanceof ContextError
          ? error.problem
          : {
              code: 'context-failed',
              title: "The patient's context could not be loaded.",
              action: 'Launch Learning Loop again; if it keeps happening, tell your EHR support team.',
              detail: messageOf(error),
            };
      this.update({ status: 'error', error: problem });
    }
  }

  override finalize(): void {
    this.controller?.abort();
    super.finalize();
  }
}
