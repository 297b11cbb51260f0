import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Card, Indicator, Suggestion } from '../../cds/cards';
import { describeDraft } from '../../prompts/drafts';
import type { CardState } from '../../prompts/prompts-model';
import { safeLinkUrl } from '../markdown';

/** How much urgency looks like: a colour, but also an icon and a word, so colour is never alone. */
const INDICATORS: Record<Indicator, { label: string; icon: TemplateResult }> = {
  critical: {
    label: 'Critical',
    icon: svg`<path d="M5.2 1h5.6L15 5.2v5.6L10.8 15H5.2L1 10.8V5.2z" fill="currentColor" />
      <path d="M8 4v5M8 11v1.5" stroke="#fff" stroke-width="2" stroke-linecap="round" />`,
  },
  warning: {
    label: 'Warning',
    icon: svg`<path d="M8 1l7.5 14H.5z" fill="currentColor" />
      <path d="M8 6v4M8 12v1" stroke="#fff" stroke-width="2" stroke-linecap="round" />`,
  },
  info: {
    label: 'Info',
    icon: svg`<circle cx="8" cy="8" r="7.5" fill="currentColor" />
      <path d="M8 7v5M8 4v1" stroke="#fff" stroke-width="2" stroke-linecap="round" />`,
  },
};

/** The indicator as the panel knows it: a remote card with an unknown value reads as `info`. */
export function knownIndicator(value: string): Indicator {
  return value === 'critical' || value === 'warning' ? value : 'info';
}

export function indicatorBadge(indicator: Indicator): TemplateResult {
  const { label, icon } = INDICATORS[indicator];
  return html`<span part="indicator" class="card__indicator card__indicator--${indicator}">
    <svg class="card__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      ${icon}
    </svg>
    ${label}
  </span>`;
}

/** The source line: its label linked when the URL is safe, and its topic. */
export function sourceLine(card: Card, allowedOrigins: readonly string[]): TemplateResult {
  const url = safeLinkUrl(card.source?.url, allowedOrigins);
  const label = card.source?.label || 'Unknown source';
  const topic = card.source?.topic?.display;
  return html`<p class="card__source muted">
    Source: ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${label}</a>` : label}
    ${topic ? html`<span class="card__topic">· ${topic}</span>` : null}
  </p>`;
}

/**
 * The card's links: absolute ones when safe; SMART app links are listed but need the EHR to open. The
 * source's own link is not repeated (one tab stop per link).
 */
export function linkList(card: Card, allowedOrigins: readonly string[]): TemplateResult | null {
  const sourceUrl = card.source?.url;
  const links = (card.links ?? []).filter((l) => l.type === 'smart' || l.url !== sourceUrl);
  if (!links.length) return null;
  return html`<ul class="card__links" role="list" aria-label="Links">
    ${links.map((link) => {
      if (link.type === 'smart') {
        return html`<li>
          <button type="button" class="link-button" disabled title="Opens only from within the EHR">
            ${link.label}
          </button>
          <span class="muted">(opens from the EHR)</span>
        </li>`;
      }
      const url = safeLinkUrl(link.url, allowedOrigins);
      return html`<li>
        ${
          url
            ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${link.label}</a>`
            : html`${link.label} <span class="muted">(link unavailable)</span>`
        }
      </li>`;
    })}
  </ul>`;
}

/** What a suggestion would draft, in words, so the clinician sees the order before accepting it. */
export function draftLine(s: Suggestion): string | undefined {
  const drafts = (s.actions ?? []).filter((a) => a.type === 'create').map((a) => describeDraft(a.resource));
  const known = drafts.filter((d): d is string => !!d);
  return known.length ? `Drafts for this patient, to sign in the EHR: ${known.join('; ')}` : undefined;
}

/**
 * A suggestion as a button, with what it drafts beneath it; the recommended one is emphasised in colour
 * and in words.
 */
export function suggestionButton(
  s: Suggestion,
  locked: boolean,
  accept: (uuid: string) => void,
): TemplateResult {
  const uuid = s.uuid;
  const drafts = draftLine(s);
  return html`<div class="card__suggestion">
    <button
      type="button"
      class="button ${s.isRecommended ? 'button--primary' : ''}"
      ?disabled=${locked || !uuid}
      @click=${() => uuid && accept(uuid)}
    >
      ${s.label}${s.isRecommended ? html` <span class="badge">Recommended</span>` : nothing}
    </button>
    ${drafts ? html`<p class="card__draft muted">${drafts}</p>` : nothing}
  </div>`;
}

/** For a clinician whose role does not act on the card: what the prescriber would do, as information. */
export function forThePrescriber(suggestions: readonly Suggestion[]): TemplateResult {
  return html`<div class="card__info-only">
    <p class="card__note-plain">
      This is for a prescriber to act on: tell the prescriber.
      ${suggestions.length ? html`They may: ${suggestions.map((s) => s.label).join('; ')}.` : nothing}
    </p>
  </div>`;
}

const HOUR = 3_600_000;
/** The snooze times on offer. */
export const SNOOZE_CHOICES = [
  { label: '4 hours', ms: 4 * HOUR },
  { label: '1 day', ms: 24 * HOUR },
  { label: '1 week', ms: 7 * 24 * HOUR },
] as const;

export function snoozeGroup(
  choose: (ms: number) => void,
  onKeydown: (e: KeyboardEvent) => void,
): TemplateResult {
  return html`<div
    id="snooze"
    class="card__snooze"
    role="group"
    aria-labelledby="snooze-label"
    @keydown=${onKeydown}
  >
    <span id="snooze-label" class="card__snooze-label">Snooze for you, for this patient:</span>
    ${SNOOZE_CHOICES.map(
      (c) => html`<button type="button" class="button" @click=${() => choose(c.ms)}>${c.label}</button>`,
    )}
  </div>`;
}

const STATUS_TEXT: Record<CardState['status'], string> = {
  open: '',
  accepting: 'Saving the draft…',
  accepted: 'Draft saved: sign it in the EHR.',
  drafted: 'Draft awaiting signature in the EHR.',
  overridden: 'Not followed.',
  snoozed: 'Snoozed.',
  dismissed: 'Dismissed.',
  error: 'That did not work. Try again.',
};

/** A polite live region, always present so that a change of state is announced. */
export function statusLine(state: CardState | undefined): TemplateResult {
  const status = state?.status ?? 'open';
  return html`<p class="card__status card__status--${status}" role="status">
    ${status === 'open' ? '' : (state?.message ?? STATUS_TEXT[status])}
  </p>`;
}

/** What the row of Override, Snooze and Dismiss needs: which panel is open, and what each does. */
export interface ActionRow {
  /** Override answers a recommendation: with no suggestion, or none this clinician acts on, there is none. */
  canOverride: boolean;
  panel: 'none' | 'override' | 'snooze';
  /** While an answer is on its way, or once the card is settled. */
  locked: boolean;
  onOverride: () => void;
  onSnooze: () => void;
  onDismiss: () => void;
}

/** The button that opens (and closes) a card's override or snooze panel. */
function panelToggle(panel: 'override' | 'snooze', label: string, row: ActionRow, onClick: () => void) {
  return html`<button
    type="button"
    class="button card__${panel}-toggle"
    aria-expanded=${row.panel === panel ? 'true' : 'false'}
    aria-controls=${panel}
    ?disabled=${row.locked}
    @click=${onClick}
  >
    ${label}
  </button>`;
}

/** The row of Override (when there is a recommendation), Snooze and Dismiss; a toggle says its panel is open. */
export function actionRow(row: ActionRow): TemplateResult {
  return html`<div part="actions" class="card__actions">
    ${row.canOverride ? panelToggle('override', 'Override', row, row.onOverride) : nothing}
    ${panelToggle('snooze', 'Snooze', row, row.onSnooze)}
    <button type="button" class="button card__dismiss" ?disabled=${row.locked} @click=${row.onDismiss}>
      Dismiss
    </button>
  </div>`;
}
