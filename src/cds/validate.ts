import type { Coding, Resource } from '@medplum/fhirtypes';
import type { Card, CardAction, CardLink, CardSource, Indicator, OverrideReason, Suggestion } from './cards';
import { isObject, isText } from './http';

/** Longest summary kept as is (CDS Hooks 2.0: "one-sentence, <140-character summary"). */
export const MAX_SUMMARY = 140;
/** The most cards one answer may show, and what one card may carry: a prompt, not a document. */
export const MAX_CARDS = 20;
const MAX_DETAIL = 20_000;
const MAX_LABEL = 200;
const MAX_ITEMS = 10;
/** A label cut to MAX_LABEL code points (an emoji never cut in half). */
const cut = (text: string) => {
  const chars = Array.from(text);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : text;
};

/**
 * Prefix of the uuid given to a remote card that came without one (the spec makes `card.uuid` optional).
 * Such a card can be shown and logged, but no feedback is sent for it: the service could not match it.
 */
export const GENERATED_UUID_PREFIX = 'urn:learning-loop:unidentified:';

export interface ValidatedCards {
  cards: Card[];
  /** Cards left out, by position in the response, with the reason (for the log, not the clinician). */
  dropped: { index: number; reason: string }[];
}

const INDICATORS: readonly string[] = ['info', 'warning', 'critical'] satisfies Indicator[];

/**
 * Checks remote cards against CDS Hooks 2.0 and rebuilds each from known fields only. Text passes through
 * unchanged (hostile Markdown or HTML is the renderer's to neutralise), but anything the panel would act on
 * is checked here. A card is dropped without a summary, without an indicator of info|warning|critical,
 * without `source.label`, or with suggestions but no `selectionBehavior` it understands (the spec says to
 * treat that card as an error). Lesser faults drop the part, not the card: a suggestion without a label or
 * with a malformed action (actions are AND-ed, so a partial one must not be offered), a link that is not
 * `absolute`/`smart` over https (`javascript:`, `data:` and relative URLs are dropped), an override reason
 * without a display, a source URL or icon that is not https. A summary over 140 characters is cut to 140
 * with an ellipsis and the full text opens the detail, so nothing the service said is lost. What one
 * answer may put on the panel is bounded: the 20 most urgent cards (the rest dropped, and said), 10
 * suggestions and 10 links a card, 20 override reasons, labels of 200 characters, a detail of 20,000.
 */
export function validateCards(raw: readonly unknown[]): ValidatedCards {
  const valid: { card: Card; index: number }[] = [];
  const dropped: ValidatedCards['dropped'] = [];
  raw.forEach((value, index) => {
    const result = validateCard(value);
    if (typeof result === 'string') dropped.push({ index, reason: result });
    else valid.push({ card: result, index });
  });
  // A flood from one service would bury every other card: the most urgent MAX_CARDS are kept.
  const urgency = (c: Card) => INDICATORS.length - INDICATORS.indexOf(c.indicator);
  const ranked = [...valid].sort((a, b) => urgency(a.card) - urgency(b.card) || a.index - b.index);
  const kept = new Set(ranked.slice(0, MAX_CARDS));
  for (const v of valid)
    if (!kept.has(v)) dropped.push({ index: v.index, reason: `more than ${MAX_CARDS} cards in one answer` });
  return { cards: valid.filter((v) => kept.has(v)).map((v) => v.card), dropped };
}

/** One card, rebuilt, or the reason it was dropped. */
export function validateCard(value: unknown): Card | string {
  if (!isObject(value)) return 'not an object';
  if (!isText(value.summary)) return 'no summary';
  if (typeof value.indicator !== 'string' || !INDICATORS.includes(value.indicator))
    return `indicator ${JSON.stringify(value.indicator)} is not info, warning or critical`;
  const source = validateSource(value.source);
  if (!source) return 'no source.label';

  let suggestions: Suggestion[] | undefined;
  let selectionBehavior: Card['selectionBehavior'];
  if (Array.isArray(value.suggestions) && value.suggestions.length > 0) {
    if (value.selectionBehavior !== 'at-most-one' && value.selectionBehavior !== 'any')
      return `suggestions with selectionBehavior ${JSON.stringify(value.selectionBehavior)}`;
    suggestions = (value.suggestions as unknown[])
      .flatMap((s) => validateSuggestion(s) ?? [])
      .slice(0, MAX_ITEMS);
    if (suggestions.length) selectionBehavior = value.selectionBehavior;
    else suggestions = undefined;
  }

  const chars = Array.from(value.summary); // code points, so an emoji is never cut in half
  const long = chars.length > MAX_SUMMARY;
  const detail =
    typeof value.detail === 'string' && value.detail !== ''
      ? value.detail.length > MAX_DETAIL
        ? `${value.detail.slice(0, MAX_DETAIL)}\n\n… (the rest of a longer detail is not shown)`
        : value.detail
      : undefined;
  const overrideReasons = Array.isArray(value.overrideReasons)
    ? (value.overrideReasons as unknown[]).flatMap((r) => validateReason(r) ?? []).slice(0, 2 * MAX_ITEMS)
    : [];
  const links = Array.isArray(value.links)
    ? (value.links as unknown[]).flatMap((l) => validateLink(l) ?? []).slice(0, MAX_ITEMS)
    : [];
  return {
    uuid: isText(value.uuid) ? value.uuid : `${GENERATED_UUID_PREFIX}${crypto.randomUUID()}`,
    summary: long ? `${chars.slice(0, MAX_SUMMARY - 1).join('')}…` : value.summary,
    ...(long || detail
      ? { detail: long ? [value.summary, detail].filter(Boolean).join('\n\n') : detail }
      : {}),
    indicator: value.indicator as Indicator,
    source,
    ...(suggestions ? { suggestions, selectionBehavior } : {}),
    ...(overrideReasons.length ? { overrideReasons } : {}),
    ...(links.length ? { links } : {}),
  };
}

/** Whether a card's uuid came from its service (and so may be named in feedback). */
export function hasServiceUuid(card: Card): boolean {
  return !card.uuid.startsWith(GENERATED_UUID_PREFIX);
}

/** An absolute https URL without credentials (http only on localhost, as the config allows for services). */
export function isSafeUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    // A user name or password hides the host (https://www.cdc.gov@evil.example/ goes to evil.example).
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function validateSource(value: unknown): CardSource | undefined {
  if (!isObject(value) || !isText(value.label)) return undefined;
  const topic = validateCoding(value.topic);
  return {
    label: cut(value.label),
    ...(isSafeUrl(value.url) ? { url: value.url } : {}),
    ...(isSafeUrl(value.icon) ? { icon: value.icon } : {}),
    ...(topic ? { topic } : {}),
  };
}

function validateCoding(value: unknown): Coding | undefined {
  if (!isObject(value) || !(isText(value.code) || isText(value.display))) return undefined;
  return {
    ...(isText(value.system) ? { system: value.system } : {}),
    ...(isText(value.code) ? { code: value.code } : {}),
    ...(isText(value.display) ? { display: value.display } : {}),
  };
}

function validateReason(value: unknown): OverrideReason | undefined {
  const coding = validateCoding(value);
  return coding?.code && coding.display
    ? { ...coding, code: coding.code, display: coding.display }
    : undefined;
}

function validateSuggestion(value: unknown): Suggestion | undefined {
  if (!isObject(value) || !isText(value.label)) return undefined;
  let actions: CardAction[] | undefined;
  if (value.actions !== undefined) {
    if (!Array.isArray(value.actions)) return undefined;
    actions = [];
    for (const raw of value.actions as unknown[]) {
      const action = validateAction(raw);
      if (!action) return undefined;
      actions.push(action);
    }
  }
  return {
    label: cut(value.label),
    ...(isText(value.uuid) ? { uuid: value.uuid } : {}),
    ...(typeof value.isRecommended === 'boolean' ? { isRecommended: value.isRecommended } : {}),
    ...(actions?.length ? { actions } : {}),
  };
}

function validateAction(value: unknown): CardAction | undefined {
  if (!isObject(value) || typeof value.description !== 'string') return undefined;
  const { type, description } = value;
  const resource =
    isObject(value.resource) && isText(value.resource.resourceType)
      ? (value.resource as unknown as Resource)
      : undefined;
  if (type === 'create' || type === 'update') return resource ? { type, description, resource } : undefined;
  if (type !== 'delete') return undefined;
  // `resource` holding the id of the resource to delete is deprecated in 2.0 but still accepted.
  const resourceId = isText(value.resourceId)
    ? value.resourceId
    : isText(value.resource)
      ? value.resource
      : undefined;
  return resourceId ? { type, description, resourceId } : undefined;
}

function validateLink(value: unknown): CardLink | undefined {
  if (!isObject(value) || !isText(value.label) || !isSafeUrl(value.url)) return undefined;
  if (value.type === 'absolute') return { label: cut(value.label), url: value.url, type: 'absolute' };
  if (value.type !== 'smart') return undefined;
  return {
    label: cut(value.label),
    url: value.url,
    type: 'smart',
    ...(typeof value.appContext === 'string' && value.appContext !== ''
      ? { appContext: value.appContext }
      : {}),
  };
}
