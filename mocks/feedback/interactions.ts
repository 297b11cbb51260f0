/**
 * A simulated interaction log for the history (history.ts), from the month the prompts start: the
 * canonical events (src/telemetry/event.ts) the app would have logged when its cards met the history's
 * patients. Consistent with each record: a VTE prophylaxis card is accepted where prophylaxis was ordered
 * within 24 hours, a naloxone card where naloxone was ordered; otherwise it is overridden with an HL7
 * non-adherence reason or left unanswered. Nurses see the VTE card too, and the ward pharmacist the
 * nephrotoxin card. Deterministic: choices come from a hash of the patient, never a clock.
 *
 * @example
 * const events = simulateInteractions(history, months, 12);
 */
import { createHash } from 'node:crypto';
import type { Bundle, Condition, Encounter, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { MeasurePeriod } from '../../src/measures/period';
import type { History } from './history';

const PLAN = 'https://learning-loop.example.org/fhir/PlanDefinition';
const REASONS = 'http://terminology.hl7.org/CodeSystem/non-adherence-reason-codes';

/** The canonical event fields the simulation fills (LoopEvent's names). */
export interface SimulatedEvent {
  id: string;
  type: string;
  at: string;
  session: string;
  app: string;
  practitioner: string;
  patient: string;
  encounter: string;
  unit: string;
  rule: { url: string; version: string };
  card: string;
  indicator: 'info' | 'warning' | 'critical';
  source: string;
  suggestion?: string;
  overrideReason?: { system: string; code: string; display: string };
  visibleMs?: number;
}

const REASON = {
  'cds-not-applicable': 'CDS not applicable',
  'recipient-concerns-outcomes': 'Recipient has concerns about outcomes',
  'does-not-align-preferences': 'Does not align with patient preferences',
} as const;

/** A number in [0, 1) from a text: the same patient always makes the same choice. */
function chance(text: string): number {
  return parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16) / 0x1_0000_0000;
}

function uuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const of = <T extends Resource>(b: Bundle, type: T['resourceType']): T[] =>
  (b.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));

const iso = (t: number): string => new Date(t).toISOString();

interface Card {
  rule: string;
  indicator: SimulatedEvent['indicator'];
  at: number;
  who: string;
  acted: boolean;
  reason: keyof typeof REASON;
}

function cardsOf(b: Bundle, encounter: Encounter): Card[] {
  const start = Date.parse(encounter.period?.start ?? '');
  const orders = of<MedicationRequest>(b, 'MedicationRequest');
  const ordered = (code: string, from: number, to: number) =>
    orders.some(
      (o) =>
        o.medicationCodeableConcept?.coding?.[0]?.code === code &&
        Date.parse(o.authoredOn ?? '') >= from &&
        Date.parse(o.authoredOn ?? '') <= to,
    );
  const people = (encounter.participant ?? []).map((p) => p.individual?.reference ?? '');
  const [physician = '', ...others] = people;
  const cards: Card[] = [];
  if (of<Condition>(b, 'Condition').some((c) => c.code?.coding?.[0]?.code === '363346000')) {
    const acted = ordered('854235', start, start + 86_400_000);
    cards.push({
      rule: 'vte',
      indicator: 'warning',
      at: start + 3_600_000,
      who: physician,
      acted,
      reason: 'recipient-concerns-outcomes',
    });
    for (const nurse of others.filter((p) => p !== 'Practitioner/pr-004'))
      cards.push({
        rule: 'vte',
        indicator: 'warning',
        at: start + 7_200_000,
        who: nurse,
        acted: false,
        reason: 'cds-not-applicable',
      });
  }
  const opioid = orders.find(
    (o) =>
      o.medicationCodeableConcept?.coding?.[0]?.code === '1049621' &&
      (o.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value ?? 0) >= 2,
  );
  if (opioid) {
    const at = Date.parse(opioid.authoredOn ?? '');
    cards.push({
      rule: 'naloxone',
      indicator: 'warning',
      at: at + 300_000,
      who: physician,
      acted: ordered('1725059', at - 86_400_000, at + 86_400_000),
      reason: 'does-not-align-preferences',
    });
  }
  if (others.includes('Practitioner/pr-004'))
    cards.push({
      rule: 'aki',
      indicator: 'warning',
      at: start + 36 * 3_600_000,
      who: 'Practitioner/pr-004',
      acted: true,
      reason: 'cds-not-applicable',
    });
  return cards;
}

/** Events for every card of every stay from month `promptsFrom` of `months` on. */
export function simulateInteractions(
  history: History,
  months: MeasurePeriod[],
  promptsFrom: number,
): SimulatedEvent[] {
  const from = Date.parse(months[promptsFrom]?.start ?? '9999');
  const to = Date.parse(months[months.length - 1]?.end ?? '0');
  const events: SimulatedEvent[] = [];
  for (const b of history.patients) {
    const encounter = of<Encounter>(b, 'Encounter')[0];
    const patient = b.entry?.[0]?.resource?.id ?? '';
    const start = Date.parse(encounter?.period?.start ?? '');
    if (!encounter || start < from || start > to) continue;
    const bed = encounter.location?.[0]?.location?.reference ?? '';
    const unit = bed.includes('-icu-') ? 'Location/unit-icu' : 'Location/unit-4b';
    for (const c of cardsOf(b, encounter)) {
      const key = `${patient}|${c.rule}|${c.who}`;
      const base = {
        session: uuid(`session|${key}`),
        app: '0.1.0',
        practitioner: c.who,
        patient: `Patient/${patient}`,
        encounter: `Encounter/${encounter.id ?? ''}`,
        unit,
        rule: { url: `${PLAN}/${c.rule}`, version: '1.0.0' },
        card: uuid(`card|${c.rule}|${patient}`),
        indicator: c.indicator,
        source: 'local:starter',
      };
      const event = (type: string, at: number, extra: Partial<SimulatedEvent> = {}): SimulatedEvent => ({
        id: uuid(`${type}|${key}`),
        type,
        at: iso(at),
        ...base,
        ...extra,
      });
      events.push(
        event('card-shown', c.at, { visibleMs: 2000 + Math.round(chance(`visible|${key}`) * 8000) }),
      );
      const roll = chance(`response|${key}`);
      if (c.acted && roll < 0.85)
        events.push(
          event('suggestion-accepted', c.at + 60_000, { suggestion: uuid(`suggestion|${c.rule}`) }),
        );
      else if (!c.acted && roll < 0.5)
        events.push(
          event('card-overridden', c.at + 90_000, {
            overrideReason: { system: REASONS, code: c.reason, display: REASON[c.reason] },
          }),
        );
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
