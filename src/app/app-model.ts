import { loadConfig } from '../config/load';
import type { LoopConfig } from '../config/schema';
import { ContextModel } from '../context/context-model';
import { Model } from '../core/model';
import type { FeatureOff, UserFacingError } from '../core/status';
import { startupProblem } from '../launch/errors';
import { completeLaunch, type SmartSession } from '../launch/session';

export interface AppState {
  status: 'idle' | 'pending' | 'ready' | 'error';
  /** Set only in status `error`: the launch itself failed. */
  error: UserFacingError | undefined;
  /** Facts about the session the panel shows; `undefined` until signed in. */
  session: { ehrName: string; needPatientBanner: boolean; featuresOff: FeatureOff[] } | undefined;
  /** `--loop-*` custom properties from the EHR's style; empty for the default look. */
  theme: Record<string, string>;
}

/** Dependencies the model calls, replaceable in tests. */
export interface AppDependencies {
  completeLaunch: typeof completeLaunch;
  loadConfig: typeof loadConfig;
  loadSmartStyle: (url: string | undefined) => Promise<Record<string, string>>;
  now: () => Date;
}

const DEFAULTS: AppDependencies = {
  completeLaunch,
  loadConfig,
  // The EHR's style arrives after the context is on its way: no reason to make the first paint wait for its code.
  loadSmartStyle: async (url) => (url ? (await import('../launch/smart-style')).loadSmartStyle(url) : {}),
  now: () => new Date(),
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
  /** The signed-in session, for features that read FHIR; `undefined` before sign-in. */
  session: SmartSession | undefined;

  constructor(private readonly deps: AppDependencies = DEFAULTS) {
    super({ status: 'idle', error: undefined, session: undefined, theme: {} });
  }

  /**
   * Loads the config, completes the launch and loads the context. `prepare` runs between the config and
   * the token exchange: the simulator page starts its mock EHR there.
   */
  async start(configUrl: URL, prepare?: (config: LoopConfig) => Promise<void>): Promise<void> {
    this.update({ status: 'pending', error: undefined });
    try {
      const config = await this.deps.loadConfig(configUrl);
      await prepare?.(config);
      // Marks for the benchmark and for an EHR's own performance tooling: ready() to context painted.
      performance.mark('loop:ready-start');
      const session = await this.deps.completeLaunch(config);
      performance.mark('loop:ready-end');
      this.session = session;
      this.update({
        status: 'ready',
        session: {
          ehrName: session.ehr.name,
          needPatientBanner: session.needPatientBanner,
          featuresOff: session.featuresOff,
        },
      });
      const [theme] = await Promise.all([
        this.deps.loadSmartStyle(session.smartStyleUrl),
        this.context.load(session.request, session.launch, session.features, this.deps.now()),
      ]);
      this.update({ theme });
    } catch (error) {
      this.update({ status: 'error', error: startupProblem(error) });
    }
  }

  override finalize(): void {
    this.context.finalize();
    super.finalize();
  }
}
