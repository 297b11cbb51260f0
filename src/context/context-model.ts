import { Model } from '../core/model';
import type { UserFacingError } from '../core/status';
import type { FhirRequester } from '../fhir/requester';
import type { FeatureId } from '../config/schema';
import type { ContextSnapshot } from './loader';
import type * as Loader from './loader';
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

  /**
   * The loader's code (queries, unit resolution, summaries), fetched while the launch completes: it is
   * not part of the panel shell's first paint. Call early (the app does, before the token exchange).
   */
  prepare(): Promise<typeof Loader> {
    // A failed fetch is forgotten, so a later retry fetches again.
    return (this.loader ??= import('./loader').catch((error: unknown) => {
      this.loader = undefined;
      throw error;
    }));
  }
  private loader: Promise<typeof Loader> | undefined;

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
      const { loadContext } = await this.prepare();
      const snapshot = await loadContext(request, launch, features, now, controller.signal);
      if (controller.signal.aborted) return;
      this.update({ status: 'ready', snapshot });
    } catch (error) {
      if (controller.signal.aborted) return;
      const problem: UserFacingError =
        error instanceof Error && 'problem' in error && isProblem(error.problem)
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

/** A ContextError's problem (checked by shape: the loader's class is in its own chunk). */
function isProblem(value: unknown): value is UserFacingError {
  const p = value as Partial<UserFacingError> | undefined;
  return typeof p?.code === 'string' && typeof p.title === 'string' && typeof p.action === 'string';
}
