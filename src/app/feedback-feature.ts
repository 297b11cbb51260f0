/**
 * The feedback feature, loaded only when it is on and only after the panel shell (its own chunk: the
 * feedback elements, the report parsing and the benchmark stay out of the initial bundle; chart.js
 * loads later still, when a trend first opens). It waits for the context's first answer (who the
 * clinician is, which ward), then reads the reports in one wave.
 */
import type { Subscription } from 'rxjs';
import { filter, firstValueFrom } from 'rxjs';
import type { LoopConfig } from '../config/schema';
import type { ContextModel } from '../context/context-model';
import type { FeedbackSubjects } from '../fhir/feedback-queries';
import { parseReference } from '../fhir/reference';
import type { SmartSession } from '../launch/session';
import { feedbackEvent } from '../feedback/feedback-events';
import { FeedbackModel } from '../feedback/feedback-model';
import type { Telemetry } from '../telemetry/telemetry';
import '../ui/loop-feedback/loop-feedback';

export interface FeedbackFeature {
  model: FeedbackModel;
  /** Reads the reports once the context is known; resolves when the view is ready or failed. */
  start(now: Date): Promise<void>;
  /**
   * After the context was read again: reads the reports again only if they failed or the context now
   * names another clinician or ward. Reports that were fine stay, with the drill-down open on them.
   */
  refresh(now: Date): Promise<void>;
  dispose(): void;
}

/** The clinician (from the context, else the launch's fhirUser) and the ward, once the context has them. */
async function subjectsFrom(
  context: ContextModel,
  session: SmartSession,
): Promise<FeedbackSubjects | undefined> {
  const state = await firstValueFrom(
    context.state$.pipe(filter((s) => s.status === 'ready' || s.status === 'error')),
  );
  const snapshot = state.snapshot;
  const user = parseReference(session.launch.fhirUser);
  const practitionerId = snapshot?.clinician?.id ?? (user?.type === 'Practitioner' ? user.id : undefined);
  if (!practitionerId) return undefined;
  const unit = snapshot?.unit;
  return { practitionerId, wardId: unit?.status === 'known' ? unit.ward.id : undefined };
}

/**
 * The feature for this launch.
 *
 * @example
 * const feature = createFeedbackFeature(config, session, context);
 * await feature.start(new Date());
 */
export function createFeedbackFeature(
  config: LoopConfig,
  session: SmartSession,
  context: ContextModel,
): FeedbackFeature {
  const model = new FeedbackModel(config.feedback.minCases);
  /** Whose reports the view shows (clinician and ward), once they were read. */
  let shown: string | undefined;
  /** The latest start: an older one that finishes after it must not say whose reports are shown. */
  let latest = 0;
  const start = async (now: Date) => {
    const mine = ++latest;
    shown = undefined;
    const subjects = await subjectsFrom(context, session);
    await model.load({ request: session.request, subjects, now });
    if (mine === latest && model.state.status === 'ready') shown = JSON.stringify(subjects ?? null);
  };
  return {
    model,
    start,
    async refresh(now) {
      const subjects = await subjectsFrom(context, session);
      if (model.state.status === 'ready' && shown === JSON.stringify(subjects ?? null)) return;
      await start(now);
    },
    dispose: () => model.finalize(),
  };
}

/** Every feedback fact (viewed, drilled down) becomes an interaction event. */
export function logFeedbackFacts(telemetry: Telemetry, model: FeedbackModel): Subscription {
  return model.facts$.subscribe((fact) => telemetry.emit(feedbackEvent(fact)));
}
