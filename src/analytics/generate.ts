/**
 * Synthetic interaction events for tests and benchmarks: clinicians with a role and a home unit open
 * the app for their unit's patients during day and night shifts; the starter rules fire at their own
 * rates; cards are shown, expanded, followed, accepted, overridden (with the rule's own reasons),
 * snoozed, dismissed or ignored; a few sessions open the feedback view. Delivery is at least once and
 * not in order: some lines come twice and some come late. Deterministic for a seed.
 */
import { createHmac } from 'node:crypto';
import type { LoopEvent } from '../telemetry/event';
import { catalogue, type RuleInfo } from './generate-rules';

/**
 * The starter measures a clinician drills into (ids of src/measures/catalog.ts, which analytics may not
 * import; a test checks the two agree).
 */
export const DRILL_MEASURES = [
  'vte-prophylaxis',
  'naloxone-coprescribing',
  'hba1c-poor-control',
  'statin-primary-prevention',
  'nephrotoxin-aki',
  'peg-opioid-outcome',
];

export interface GenerateOptions {
  /** Lines to produce, duplicates included. */
  count: number;
  seed?: number;
  /** First day (UTC, YYYY-MM-DD) and months the events span. */
  start?: string;
  months?: number;
  clinicians?: number;
  /** Share of lines delivered twice, and of events delivered late. */
  duplicateRate?: number;
  lateRate?: number;
  /** Patient, practitioner and encounter ids as HMAC pseudonyms (`Patient/<hex>`), as a sink with a key sends them. */
  pseudonymKey?: string;
}

export const ROLES = ['doctor', 'nurse', 'pharmacist'] as const;
export interface Clinician {
  ref: string;
  role: (typeof ROLES)[number];
  unit: string;
}

/** mulberry32: small, fast and good enough for synthetic data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i += 1) s += Math.floor(rand() * 16).toString(16);
  return s;
};
const uuid = (rand: () => number) => {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
/** A card's uuid is stable for a rule and a patient, as the app's are. */
const cardUuid = (rule: string, patient: string) => uuid(random(hash(`${rule}|${patient}`)));
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const UNITS = ['3A', '3B', '4A', '4B', '5C', 'ICU', 'ED', 'ONC'].map(
  (u) => `Location/ward-${u.toLowerCase()}`,
);

/**
 * The clinicians of a seed: a role and a home unit each (also written as PractitionerRole resources).
 *
 * @example clinicians(200, 1)[0] // { ref: 'Practitioner/c-0', role: 'nurse', unit: 'Location/ward-3a' }
 */
export function clinicians(count: number, seed: number): Clinician[] {
  const rand = random(seed ^ 0x9e3779b9);
  return Array.from({ length: count }, (_, i) => {
    const r = rand();
    return {
      ref: `Practitioner/c-${i}`,
      role: r < 0.4 ? 'doctor' : r < 0.85 ? 'nurse' : 'pharmacist',
      unit: UNITS[Math.floor(rand() * UNITS.length)] ?? 'Location/ward-3a',
    };
  });
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** The events of one session, in the order they happened. */
function* session(
  rand: () => number,
  clinician: Clinician,
  at: number,
  rules: RuleInfo[],
): Generator<LoopEvent> {
  const id = uuid(rand);
  const unitIndex = UNITS.indexOf(clinician.unit);
  const patient = `Patient/p-${unitIndex}-${Math.floor(rand() * 400)}`;
  // Three sessions in a hundred have no encounter in context.
  const encounter = rand() < 0.97 ? `Encounter/e-${patient.slice(10)}-${Math.floor(at / 6048e5)}` : undefined;
  const base = { session: id, app: '0.1.0', practitioner: clinician.ref, patient, unit: clinician.unit };
  const context = encounter ? { ...base, encounter } : base;
  let t = at;
  const time = (ms: number) => new Date((t += ms)).toISOString();
  yield { id: uuid(rand), type: 'session-started', at: time(0), ...context };
  if (rand() < 0.06) {
    yield {
      id: uuid(rand),
      type: 'feedback-viewed',
      at: time(2000),
      ...context,
      visibleMs: 3000 + Math.floor(rand() * 60000),
    };
    if (rand() < 0.3) {
      // The measure and month opened, picked from the time (no draw: the rest of the stream is unchanged).
      const measure = DRILL_MEASURES[Math.floor(t / 6e4) % DRILL_MEASURES.length] ?? 'vte-prophylaxis';
      const month = new Date(t - 20 * 864e5).toISOString().slice(0, 7);
      yield {
        id: uuid(rand),
        type: 'feedback-drilldown',
        at: time(5000),
        ...context,
        measure: { url: `https://learning-loop.example.org/fhir/Measure/${measure}`, month },
      };
    }
  }
  for (const rule of rules) {
    if (rand() >= rule.fireRate) continue;
    const card = {
      ...context,
      card: cardUuid(rule.url, patient),
      source: 'local:starter',
      indicator: rule.indicator,
      rule: { url: rule.url, version: rule.version },
    };
    yield {
      id: uuid(rand),
      type: 'card-shown',
      at: time(800 + rand() * 4000),
      ...card,
      visibleMs: 1000 + Math.floor(rand() * 8000),
    };
    if (rand() < 0.3) yield { id: uuid(rand), type: 'card-expanded', at: time(rand() * 20000), ...card };
    if (rand() < 0.08)
      yield {
        id: uuid(rand),
        type: 'link-opened',
        at: time(rand() * 20000),
        ...card,
        url: 'https://guidelines.example.org/',
      };
    const r = rand();
    const after = () => time(2000 + rand() * 90000);
    if (r < rule.acceptRate && rule.suggestions.length)
      yield {
        id: uuid(rand),
        type: 'suggestion-accepted',
        at: after(),
        ...card,
        suggestion: pick(rand, rule.suggestions),
      };
    else if (r < rule.acceptRate + 0.2 && rule.reasons.length)
      yield {
        id: uuid(rand),
        type: 'card-overridden',
        at: after(),
        ...card,
        overrideReason: pick(rand, rule.reasons),
      };
    else if (r < rule.acceptRate + 0.25) yield { id: uuid(rand), type: 'card-snoozed', at: after(), ...card };
    else if (r < rule.acceptRate + 0.35)
      yield { id: uuid(rand), type: 'card-dismissed', at: after(), ...card };
  }
  yield { id: uuid(rand), type: 'session-ended', at: time(10000 + rand() * 300000), ...context };
}

function pseudonymise(event: LoopEvent, key: string): LoopEvent {
  const p = (ref: string | undefined) =>
    ref && `${ref.split('/')[0]}/${createHmac('sha256', key).update(ref).digest('hex')}`;
  return {
    ...event,
    practitioner: p(event.practitioner),
    patient: p(event.patient),
    ...(event.encounter ? { encounter: p(event.encounter) } : {}),
  };
}

/**
 * Event lines in delivery order: `count` of them, some twice, some late.
 *
 * @example for (const e of generateEvents({ count: 1000, seed: 7 })) out.write(JSON.stringify(e) + '\n')
 */
export function* generateEvents(options: GenerateOptions): Generator<LoopEvent> {
  const seed = options.seed ?? 1;
  const rand = random(seed);
  const rules = catalogue();
  const staff = clinicians(options.clinicians ?? 200, seed);
  const start = Date.parse(`${options.start ?? '2026-01-01'}T00:00:00Z`);
  const span = (options.months ?? 6) * 30.4 * 864e5;
  // Measured: 3.45 events a session, and a sixth of the session slots skipped (two in three between
  // midnight and six), so about 2.9 events a slot: the slots then fill the span asked for.
  const gap = span / Math.max(1, options.count / 2.9);
  const duplicates = options.duplicateRate ?? 0.01;
  const lateRate = options.lateRate ?? 0.005;
  const late: { event: LoopEvent; due: number }[] = [];
  let produced = 0;
  let clock = start;
  const emit = function* (event: LoopEvent): Generator<LoopEvent> {
    const out = options.pseudonymKey ? pseudonymise(event, options.pseudonymKey) : event;
    if (rand() < lateRate) late.push({ event: out, due: produced + 5 + Math.floor(rand() * 200) });
    else {
      yield out;
      produced += 1;
      if (rand() < duplicates) late.push({ event: out, due: produced + Math.floor(rand() * 50) });
    }
  };
  while (produced < options.count) {
    clock += gap * (0.5 + rand());
    const hour = new Date(clock).getUTCHours();
    // Fewer sessions at night: skip two in three between midnight and six.
    if (hour < 6 && rand() < 0.66) continue;
    for (const event of session(rand, pick(rand, staff), clock, rules)) {
      yield* emit(event);
      for (let i = late.length - 1; i >= 0 && produced < options.count; i -= 1) {
        const held = late[i];
        if (held && held.due <= produced) {
          late.splice(i, 1);
          yield held.event;
          produced += 1;
        }
      }
      if (produced >= options.count) return;
    }
  }
}
