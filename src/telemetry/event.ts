/**
 * The canonical interaction event of DESIGN.md ("Interaction events"): one shape for every sink, a
 * superset of a CDS Hooks feedback item. Validated at emit (valibot): an invalid event is refused with
 * a clear console error and never enters the outbox.
 */
import * as v from 'valibot';

export const EVENT_TYPES = [
  'session-started',
  'card-shown',
  'card-expanded',
  'link-opened',
  'suggestion-accepted',
  'card-overridden',
  'card-snoozed',
  'card-dismissed',
  'feedback-viewed',
  'feedback-drilldown',
  'session-ended',
  // The outbox dropped events it could not deliver within its limits: the gap, counted (`dropped`).
  'events-dropped',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Types about one card: they must say which card and where it came from. */
const CARD_TYPES: ReadonlySet<EventType> = new Set([
  'card-shown',
  'card-expanded',
  'link-opened',
  'suggestion-accepted',
  'card-overridden',
  'card-snoozed',
  'card-dismissed',
]);

/**
 * Why the outbox dropped events: older than its maximum age, beyond its maximum size, held for a sink
 * that has refused them (401/403, or its scope not granted) for longer than allowed, or set aside
 * after a sink refused their content and kept past the same limits.
 */
export const DROP_REASONS = ['max-age', 'max-size', 'sink-released', 'set-aside-expired'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The longest measure canonical and the month form a drill-down event may carry (see `measure`). */
export const MEASURE_URL_MAX = 300;
export const MEASURE_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const reference = v.pipe(v.string(), v.regex(/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, 'expected Type/id'));

const eventObject = v.strictObject({
  id: v.pipe(v.string(), v.uuid('expected a UUID')),
  type: v.picklist(EVENT_TYPES, `expected one of ${EVENT_TYPES.join(', ')}`),
  at: v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'expected an RFC 3339 UTC time'),
  ),
  session: v.pipe(v.string(), v.uuid('expected the session UUID')),
  app: text(40),
  practitioner: v.optional(reference),
  patient: v.optional(reference),
  encounter: v.optional(reference),
  unit: v.optional(reference),
  rule: v.optional(v.strictObject({ url: text(300), version: text(40) })),
  card: v.optional(text(200)),
  suggestion: v.optional(text(200)),
  indicator: v.optional(v.picklist(['info', 'warning', 'critical'])),
  overrideReason: v.optional(
    v.strictObject({ system: v.optional(text(300)), code: text(100), display: v.optional(text(300)) }),
  ),
  /** The only free text an event carries: the clinician's override comment. */
  userComment: v.optional(text(1000)),
  visibleMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** `local:<pack>` for a rule pack, else the CDS service id. */
  source: v.optional(text(200)),
  /** For remote cards: the CDS service's base URL, where its feedback goes. */
  serviceBase: v.optional(text(300)),
  /** link-opened: the link's URL. */
  url: v.optional(text(2000)),
  /**
   * session-started: scopes granted only with a query (`patient/Observation.rs?category=laboratory`),
   * which the server uses to filter: what this session's features could not see.
   */
  scopeRestrictions: v.optional(v.array(text(300))),
  /**
   * feedback-drilldown: which measure (its canonical URL) and which month of it the clinician opened,
   * so analysts see which feedback is used, not only that some was.
   */
  measure: v.optional(
    v.strictObject({
      url: text(MEASURE_URL_MAX),
      month: v.pipe(v.string(), v.regex(MEASURE_MONTH, 'expected YYYY-MM')),
    }),
  ),
  /** events-dropped: how many events, emitted between `from` and `to`, were dropped, and why. */
  dropped: v.optional(
    v.strictObject({
      count: v.pipe(v.number(), v.integer(), v.minValue(1)),
      from: text(40),
      to: text(40),
      reason: v.picklist(DROP_REASONS),
      /** The one sink that misses them; absent when no sink has them. */
      sink: v.optional(text(400)),
    }),
  ),
});

export const eventSchema = v.pipe(
  eventObject,
  v.check(
    (e) => !CARD_TYPES.has(e.type) || (e.card !== undefined && e.source !== undefined),
    'a card event needs card and source',
  ),
  v.check(
    (e) => e.type !== 'card-overridden' || e.overrideReason !== undefined,
    'card-overridden needs overrideReason',
  ),
  v.check(
    (e) => e.type !== 'suggestion-accepted' || e.suggestion !== undefined,
    'suggestion-accepted needs suggestion',
  ),
  v.check(
    (e) => e.userComment === undefined || e.type === 'card-overridden',
    'only card-overridden carries a comment',
  ),
  v.check(
    (e) => e.dropped === undefined || e.type === 'events-dropped',
    'only events-dropped carries dropped',
  ),
  v.check(
    (e) => e.measure === undefined || e.type === 'feedback-drilldown',
    'only feedback-drilldown carries measure',
  ),
  v.check(
    (e) => e.scopeRestrictions === undefined || e.type === 'session-started',
    'only session-started carries scopeRestrictions',
  ),
);

export type LoopEvent = v.InferOutput<typeof eventObject>;

/** The event, or a list of what is wrong with it (field: message). */
export function validateEvent(value: unknown): { event: LoopEvent } | { problems: string[] } {
  const result = v.safeParse(eventSchema, value);
  if (result.success) return { event: result.output };
  return {
    problems: result.issues.map((i) => `${v.getDotPath(i) ?? '(event)'}: ${i.message}`),
  };
}
