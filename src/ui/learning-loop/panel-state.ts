import type { Observable } from 'rxjs';
import type { ContextState } from '../../context/context-model';
import type { FeatureOff, UserFacingError } from '../../core/status';
import type { FeatureRestricted } from '../../launch/scopes';
import type { FeedbackModel } from '../../feedback/feedback-model';
import type { PromptsModel } from '../../prompts/prompts-model';
import type { Telemetry } from '../../telemetry/telemetry';

/**
 * What `<learning-loop>` renders, declared here so the element depends on this contract and not on the
 * app model that fills it (the composition root sits above the elements).
 */
export interface PanelState {
  status: 'idle' | 'pending' | 'ready' | 'error';
  /** Set only in status `error`: the launch itself failed. */
  error: UserFacingError | undefined;
  /** Facts about the session the panel shows; `undefined` until signed in. */
  session:
    | {
        ehrName: string;
        needPatientBanner: boolean;
        featuresOff: FeatureOff[];
        /** Features granted only through scopes with a query (the server filters what they see). */
        featuresRestricted?: FeatureRestricted[];
      }
    | undefined;
  /** `--loop-*` custom properties from the EHR's style; empty for the default look. */
  theme: Record<string, string>;
  /**
   * `on` once the prompts model exists (`prompts`); `off` when the feature is not granted; `failed`
   * when its code could not be loaded (the panel says so; the context still shows).
   */
  promptsStatus: 'off' | 'loading' | 'on' | 'failed';
  /** The prompts for the patient; `undefined` until loaded, or when the feature is off. */
  prompts: PromptsModel | undefined;
  /** Like `promptsStatus`, for the clinician's outcome feedback. */
  feedbackStatus: 'off' | 'loading' | 'on' | 'failed';
  /** The feedback; `undefined` until its chunk is loaded, or when the feature is off. */
  feedback: FeedbackModel | undefined;
  /** The interaction log; `undefined` until it runs (it loads after sign-in), or when it could not start. */
  telemetry: Telemetry | undefined;
  /** Milliseconds a card must be on screen to count as seen, from the config. */
  seenAfterMs: number;
}

/** What the panel is given: the app's state and the context's, as streams. `AppModel` is one. */
export interface PanelSource {
  readonly state$: Observable<PanelState>;
  readonly context: { readonly state$: Observable<ContextState> };
  /** Tries again what failed for a reason that may pass (the panel's "Try again"): all of it. */
  retry?(): Promise<void>;
  /** The prompts' own Try again: local rules and remote services again. */
  retryPrompts?(): Promise<void>;
  /** The feedback's own Try again: its reports read again. */
  retryFeedback?(): Promise<void>;
}
