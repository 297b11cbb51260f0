import { loadConfig } from '../config/load';
import type { LoopConfig } from '../config/schema';
import { ContextModel } from '../context/context-model';
import { Model } from '../core/model';
import { startupProblem } from '../launch/errors';
import { completeLaunch, type SmartSession } from '../launch/session';
import type { FeedbackFeature } from './feedback-feature';
import type { PromptsFeature } from './prompts-feature';
import type { Telemetry } from '../telemetry/telemetry';
import type { PanelState } from '../ui/learning-loop/panel-state';

/** The app's state is what the panel renders (the panel declares it, the model fills it). */
export type AppState = PanelState;

/** Dependencies the model calls, replaceable in tests. */
export interface AppDependencies {
  completeLaunch: typeof completeLaunch;
  loadConfig: typeof loadConfig;
  loadSmartStyle: (url: string | undefined) => Promise<Record<string, string>>;
  now: () => Date;
  loadPrompts: (config: LoopConfig, session: SmartSession, context: ContextModel) => Promise<PromptsFeature>;
  loadTelemetry: (config: LoopConfig, session: SmartSession, context: ContextModel) => Promise<Telemetry>;
  /** The feedback chunk; the default loads it by dynamic import. */
  loadFeedback?: (
    config: LoopConfig,
    session: SmartSession,
    context: ContextModel,
  ) => Promise<FeedbackFeature>;
}

const DEFAULTS: AppDependencies = {
  completeLaunch,
  loadConfig,
  // The EHR's style arrives after the context is on its way: no reason to make the first paint wait for its code.
  loadSmartStyle: async (url) => (url ? (await import('../launch/smart-style')).loadSmartStyle(url) : {}),
  now: () => new Date(),
  // The prompts chunk (cards, Markdown, CDS client, worker runner) loads while the context does.
  loadPrompts: async (config, session, context) =>
    (await import('./lazy-features')).createPromptsFeature(config, session, context),
  loadTelemetry: async (config, session, context) =>
    (await import('./lazy-features')).createTelemetry(config, session, context),
  // The feedback chunk has its own: its data waits for the context anyway.
  loadFeedback: async (config, session, context) =>
    (await import('./feedback-feature')).createFeedbackFeature(config, session, context),
};

/**
 * The app's top model: completes the SMART launch, then hands the session to the context model.
 *
 * @example
 * const app = new AppModel();
 * document.querySelector('learning-loop').app = app;
 * await app.start(new URL('learning-loop.config.json', location.href));
 */
export class AppModel extends Model<AppState> {
  readonly context = new ContextModel();
  private promptsFeature: PromptsFeature | undefined;
  private feedbackFeature: FeedbackFeature | undefined;
  private telemetryReady: Promise<Telemetry | undefined> = Promise.resolve(undefined);
  /** Card facts on their way to the interaction log; torn down with the model. */
  private factsLogged: { unsubscribe(): void } | undefined;
  private feedbackLogged: { unsubscribe(): void } | undefined;
  private finalized = false;

  constructor(private readonly deps: AppDependencies = DEFAULTS) {
    super({
      status: 'idle',
      error: undefined,
      session: undefined,
      theme: {},
      promptsStatus: 'off',
      prompts: undefined,
      feedbackStatus: 'off',
      feedback: undefined,
      telemetry: undefined,
      seenAfterMs: 1000,
    });
  }

  /**
   * Loads the config, completes the launch and loads the context. `prepare` runs between the config and
   * the token exchange: the simulator page starts its mock EHR there.
   */
  async start(configUrl: URL, prepare?: (config: LoopConfig) => Promise<void>): Promise<void> {
    this.update({ status: 'pending', error: undefined });
    // The context's code arrives while the config loads and the token is exchanged.
    void this.context.prepare().catch(() => undefined);
    try {
      const config = await this.deps.loadConfig(configUrl);
      await prepare?.(config);
      // Marks for the benchmark and for an EHR's own performance tooling: ready() to context painted.
      performance.mark('loop:ready-start');
      const session = await this.deps.completeLaunch(config);
      performance.mark('loop:ready-end');
      this.update({
        status: 'ready',
        session: {
          ehrName: session.ehr.name,
          needPatientBanner: session.needPatientBanner,
          featuresOff: session.featuresOff,
          featuresRestricted: session.featuresRestricted ?? [],
        },
        seenAfterMs: config.telemetry.seenAfterMs,
      });
      const now = this.deps.now();
      this.telemetryReady = this.deps.loadTelemetry(config, session, this.context).then(
        (telemetry) => {
          if (this.finalized) return void telemetry.finalize();
          this.update({ telemetry });
          return telemetry;
        },
        (error: unknown) => void console.error('Learning Loop: the interaction log could not start', error),
      );
      // The prompts start beside the context and never hold up the rest of the panel.
      if (session.features.includes('prompts')) void this.startPrompts(config, session, now);
      if (session.features.includes('feedback')) void this.startFeedback(config, session, now);
      const [theme] = await Promise.all([
        this.deps.loadSmartStyle(session.smartStyleUrl),
        this.context.load(session.request, session.launch, session.features, now),
      ]);
      this.update({ theme });
    } catch (error) {
      this.update({ status: 'error', error: startupProblem(error) });
    }
  }

  /** Prompts run beside the context: their searches need only the patient id, which the launch gave. */
  private async startPrompts(config: LoopConfig, session: SmartSession, now: Date): Promise<void> {
    this.update({ promptsStatus: 'loading' });
    let feature: PromptsFeature;
    try {
      feature = await this.deps.loadPrompts(config, session, this.context);
    } catch (error) {
      // The panel still shows the context; only the prompts are missing, and the panel says so.
      console.error('Learning Loop: the prompts could not be loaded', error);
      if (!this.finalized) this.update({ promptsStatus: 'failed' });
      return;
    }
    if (this.finalized) return feature.dispose();
    this.promptsFeature = feature;
    const model = feature.model;
    // Every card fact (seen, opened, followed, answered) reaches the log one way: the prompts model's facts.
    void this.telemetryReady.then(async (telemetry) => {
      if (telemetry && !this.finalized)
        this.factsLogged = (await import('./lazy-features')).logCardFacts(telemetry, model);
    });
    this.update({ promptsStatus: 'on', prompts: model });
    await feature.start(now).catch((error: unknown) => console.error('Learning Loop: prompts failed', error));
  }

  /** The clinician's feedback: its chunk loads now, its reports go out once the context is known. */
  private async startFeedback(config: LoopConfig, session: SmartSession, now: Date): Promise<void> {
    this.update({ feedbackStatus: 'loading' });
    try {
      const feature = await (this.deps.loadFeedback ?? DEFAULTS.loadFeedback)?.(
        config,
        session,
        this.context,
      );
      if (!feature || this.finalized) return feature?.dispose();
      this.feedbackFeature = feature;
      void this.telemetryReady.then(async (telemetry) => {
        if (telemetry && !this.finalized)
          this.feedbackLogged = (await import('./feedback-feature')).logFeedbackFacts(
            telemetry,
            feature.model,
          );
      });
      this.update({ feedbackStatus: 'on', feedback: feature.model });
      await feature.start(now);
    } catch (error) {
      console.error('Learning Loop: the feedback could not be loaded', error);
      if (!this.finalized && !this.feedbackFeature) this.update({ feedbackStatus: 'failed' });
    }
  }

  /**
   * Tries again what failed for a reason that may pass (no answer, a busy or failing server): the
   * context, then the prompts and the feedback that wait for it (the feedback's clinician and ward
   * come from the context: read without it, they would stay missing).
   */
  async retry(): Promise<void> {
    await this.context.retry(this.deps.now());
    // The feedback only if it failed or its clinician or ward changed: re-reading reports that were
    // fine would close the drill-down the clinician has open.
    const feedback = this.feedbackFeature
      ?.refresh(this.deps.now())
      .catch((error: unknown) => console.error('Learning Loop: feedback failed', error));
    await Promise.all([this.retryPrompts(), feedback]);
  }

  /** The prompts again, local and remote (evaluating the model alone would lose the remote cards). */
  async retryPrompts(): Promise<void> {
    await this.promptsFeature
      ?.start(this.deps.now())
      .catch((error: unknown) => console.error('Learning Loop: prompts failed', error));
  }

  /** The feedback reports again. */
  async retryFeedback(): Promise<void> {
    await this.feedbackFeature
      ?.start(this.deps.now())
      .catch((error: unknown) => console.error('Learning Loop: feedback failed', error));
  }

  override finalize(): void {
    this.finalized = true;
    this.factsLogged?.unsubscribe();
    this.feedbackLogged?.unsubscribe();
    this.feedbackFeature?.dispose();
    this.state.telemetry?.finalize();
    this.promptsFeature?.dispose();
    this.context.finalize();
    super.finalize();
  }
}
