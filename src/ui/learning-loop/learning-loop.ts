import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ContextState } from '../../context/context-model';
import { ObserveController } from '../../core/observe';
import type { UserFacingError } from '../../core/status';
import type {
  LoopCardExpandedEvent,
  LoopCardShownEvent,
  LoopLinkOpenedEvent,
  LoopAcceptRequestEvent,
  LoopDismissRequestEvent,
  LoopOverrideRequestEvent,
  LoopSnoozeRequestEvent,
  LoopRetryRequestEvent,
  LoopUndoRequestEvent,
} from '../events';
import type { PromptsModel, PromptsState } from '../../prompts/prompts-model';
import type { PanelSource, PanelState } from './panel-state';
import type { TelemetryState } from '../../telemetry/telemetry';
import '../loop-context-bar/loop-context-bar';
import '../loop-message/loop-message';
import '../loop-patient-banner/loop-patient-banner';
import { tokens } from '../tokens.styles';
import { styles } from './learning-loop.styles';

/** The prompts chunk itself could not be loaded (a deployment or network problem). */
const PROMPTS_LOAD_FAILED: UserFacingError = {
  code: 'prompts-load-failed',
  title: 'The prompts could not be loaded this time.',
  action:
    'Close Learning Loop and open it again from the patient chart; the patient context above is up to date.',
};

const FEEDBACK_LOAD_FAILED: UserFacingError = {
  code: 'feedback-load-failed',
  title: 'Your outcome feedback could not be loaded this time.',
  action: 'Reopen Learning Loop to try again; the rest of the panel works.',
};

/**
 * @summary The Learning Loop panel: launch state, patient and unit context, the prompts and, below them,
 * the clinician's outcome feedback (`<loop-feedback>`, defined by the feedback chunk). It renders
 * the models and hands the cards' requests (accept, override, snooze, dismiss) to the prompts model;
 * give it an AppModel and start the model. `<loop-card-list>` is defined by the prompts chunk, which
 * loads only when the prompts feature is on.
 * @csspart panel - the panel's box
 * @cssprop --loop-color-background - panel background
 * @cssprop --loop-color-text - text colour
 * @cssprop --loop-font-family - body font
 */
@customElement('learning-loop')
export class LearningLoop extends LitElement {
  static override styles = [tokens, styles];

  /** The model to render; the panel shows "starting" until it is set. */
  @property({ attribute: false }) app: PanelSource | undefined;

  // Declared in this order: the prompts and the log are found in the app's state, read just before.
  private readonly appState = new ObserveController<PanelState>(this, () => this.app?.state$);
  private readonly contextState = new ObserveController<ContextState>(this, () => this.app?.context.state$);
  private readonly promptsState = new ObserveController<PromptsState>(
    this,
    () => this.appState.value?.prompts?.state$,
  );
  private readonly telemetryState = new ObserveController<TelemetryState>(
    this,
    () => this.appState.value?.telemetry?.state$,
  );

  private contextPainted = false;
  private cardsPainted = false;

  private get prompts(): PromptsModel | undefined {
    return this.appState.value?.prompts;
  }
  private readonly onAccept = (e: LoopAcceptRequestEvent) =>
    void this.prompts?.accept(e.detail.cardUuid, e.detail.suggestionUuid);
  private readonly onOverride = (e: LoopOverrideRequestEvent) =>
    void this.prompts?.override(e.detail.cardUuid, e.detail.reason, e.detail.comment);
  private readonly onSnooze = (e: LoopSnoozeRequestEvent) =>
    void this.prompts?.snooze(e.detail.cardUuid, e.detail.forMs);
  private readonly onUndo = (e: LoopUndoRequestEvent) => void this.prompts?.undo(e.detail.cardUuid);
  private readonly onRetry = (e: LoopRetryRequestEvent) => {
    e.stopPropagation();
    void this.app?.retry?.();
  };
  private readonly onPromptsRetry = (e: LoopRetryRequestEvent) => {
    e.stopPropagation();
    void this.app?.retryPrompts?.();
  };
  private readonly onFeedbackRetry = (e: LoopRetryRequestEvent) => {
    e.stopPropagation();
    void this.app?.retryFeedback?.();
  };
  private readonly onDismiss = (e: LoopDismissRequestEvent) => this.prompts?.dismiss(e.detail.cardUuid);
  private readonly onShown = (e: LoopCardShownEvent) =>
    this.prompts?.shown(e.detail.cardUuid, e.detail.visibleMs);
  private readonly onExpanded = (e: LoopCardExpandedEvent) => this.prompts?.expanded(e.detail.cardUuid);
  private readonly onLinkOpened = (e: LoopLinkOpenedEvent) =>
    this.prompts?.linkOpened(e.detail.cardUuid, e.detail.url);

  override updated(): void {
    for (const [name, value] of Object.entries(this.appState.value?.theme ?? {}))
      this.style.setProperty(name, value);
    const snapshot = this.contextState.value?.snapshot;
    if (snapshot && !this.contextPainted) {
      // For the benchmark and an EHR's performance tooling: ready() to context on screen.
      this.contextPainted = true;
      performance.mark('loop:context-painted', { detail: { waves: snapshot.waves } });
    }
    const prompts = this.promptsState.value;
    if (prompts?.status === 'ready' && prompts.cards.length && !this.cardsPainted) {
      this.cardsPainted = true;
      performance.mark('loop:first-card');
    }
  }

  override render() {
    return html`<main part="panel" class="panel" aria-busy=${this.busy ? 'true' : 'false'}>
      <header class="panel__header">
        <h1 class="panel__title">Learning Loop</h1>
        ${this.appState.value?.session ? html`<span class="muted">${this.appState.value.session.ehrName}</span>` : null}
      </header>
      ${this.renderBody()}
    </main>`;
  }

  private get busy(): boolean {
    const app = this.appState.value;
    return (
      !app ||
      app.status === 'idle' ||
      app.status === 'pending' ||
      this.contextState.value?.status === 'pending'
    );
  }

  private renderBody() {
    const app = this.appState.value;
    if (app?.status === 'error' && app.error) return this.renderError(app.error);
    const context = this.contextState.value;
    if (context?.status === 'error' && context.error) return this.renderError(context.error);
    const snapshot = context?.snapshot;
    if (!app || app.status !== 'ready' || !snapshot) {
      return html`<p class="muted" role="status">
          ${app?.status === 'ready' ? 'Loading the patient…' : 'Signing in to the EHR…'}
        </p>
        <div class="skeleton" aria-hidden="true"></div>`;
    }
    const notices: UserFacingError[] = [
      ...(app.session?.featuresOff ?? []).map((f) => ({
        code: `feature-off-${f.feature}`,
        title: `${f.label} is off: the EHR did not grant ${f.missingScopes.join(', ')}.`,
        action:
          'The rest of Learning Loop works. Ask your EHR administrator to grant these scopes to turn it on.',
      })),
      // Granted only with a query: the server filters, so the feature says what it may not see.
      ...(app.session?.featuresRestricted ?? []).map((r) => ({
        code: `feature-restricted-${r.feature}`,
        title: `${r.label} sees only part of the record: the EHR granted only ${r.scopes.join(', ')}.`,
        action: 'What needs other data may be missing here. Ask your EHR administrator for the full scopes.',
      })),
      ...snapshot.notices,
      // A discreet line when the interaction log cannot keep events, holds them long, or dropped some.
      ...(this.telemetryState.value?.notices ?? []),
    ];
    return html`
      ${app.session?.needPatientBanner ? html`<loop-patient-banner .patient=${snapshot.patient}></loop-patient-banner>` : null}
      <loop-context-bar
        .unit=${snapshot.unit}
        .encounter=${snapshot.encounter}
        .clinician=${snapshot.clinician}
      ></loop-context-bar>
      ${
        notices.length
          ? html`<div class="panel__messages">
              ${notices.map((n) => html`<loop-message .problem=${n} @loop-retry-request=${this.onRetry}></loop-message>`)}
            </div>`
          : null
      }
      ${this.renderPrompts()} ${this.renderFeedback()}
    `;
  }

  private renderPrompts() {
    const feature = this.appState.value?.promptsStatus;
    if (feature === 'off') return null;
    const heading = html`<h2 id="prompts-heading" class="panel__subtitle">Prompts</h2>`;
    if (feature === 'failed')
      return html`<section class="panel__prompts" aria-labelledby="prompts-heading">
        ${heading}
        <loop-message tone="error" .problem=${PROMPTS_LOAD_FAILED}></loop-message>
      </section>`;
    const prompts = this.promptsState.value;
    return html`<section class="panel__prompts" aria-labelledby="prompts-heading">
      ${heading}
      <loop-card-list
        status=${prompts?.status ?? 'pending'}
        .cards=${prompts?.cards ?? []}
        .states=${prompts?.states ?? {}}
        .held=${prompts?.held ?? []}
        ?responsesKept=${prompts?.responsesKept ?? true}
        .ruleErrors=${prompts?.ruleErrors ?? []}
        .serviceErrors=${prompts?.serviceErrors ?? []}
        .error=${prompts?.error}
        @loop-accept-request=${this.onAccept}
        @loop-override-request=${this.onOverride}
        @loop-snooze-request=${this.onSnooze}
        @loop-dismiss-request=${this.onDismiss}
        @loop-undo-request=${this.onUndo}
        @loop-retry-request=${this.onPromptsRetry}
        @loop-card-shown=${this.onShown}
        @loop-card-expanded=${this.onExpanded}
        @loop-link-opened=${this.onLinkOpened}
        seenAfterMs=${this.appState.value?.seenAfterMs ?? 1000}
      ></loop-card-list>
    </section>`;
  }

  /** The feedback section (<loop-feedback>, defined by the feedback chunk), below the prompts. */
  private renderFeedback() {
    const app = this.appState.value;
    if (!app || app.feedbackStatus === 'off') return null;
    if (app.feedbackStatus === 'failed')
      return html`<loop-message .problem=${FEEDBACK_LOAD_FAILED}></loop-message>`;
    return html`<loop-feedback
      .model=${app.feedback}
      seenAfterMs=${app.seenAfterMs}
      @loop-retry-request=${this.onFeedbackRetry}
    ></loop-feedback>`;
  }

  private renderError(problem: UserFacingError) {
    return html`<div class="panel__messages">
      <loop-message tone="error" .problem=${problem} @loop-retry-request=${this.onRetry}></loop-message>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'learning-loop': LearningLoop;
  }
}
