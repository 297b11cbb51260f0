/**
 * What a sink is sent, at least: least data by default.
 *
 * - Override comments (the only free text) are left out unless the sink's config keeps them.
 * - Followed links lose their query and fragment, always: they can carry an MRN or a name.
 * - With the deployment's pseudonym key, every identifier that could lead back to a patient or a
 *   clinician is keyed (HMAC-SHA-256, Web Crypto): patient, practitioner and encounter references
 *   become `Type/<64 hex>`, and card and suggestion uuids (a local card's uuid is derived from its rule
 *   and the patient id, so it would name the patient) become version 8 uuids of their HMAC. The same
 *   id gives the same pseudonym, so counts per clinician, per card and repeats still work. Without the
 *   key, nobody can tell which patient a pseudonym stands for, even knowing every rule and patient id.
 *
 * The key is never in a static file: it is fetched at launch from the deployment's key endpoint
 * (pseudonym-key.ts) and kept in memory only; while it cannot be had, the sink's events wait.
 *
 * @example
 * const transform = privacy({ pseudonymKey: () => keyFromEndpoint(), keepComments: false });
 * const safe = await transform(events);
 */
import { withoutQuery } from '../core/printable';
import type { LoopEvent } from './event';

export interface PrivacyOptions {
  /** The HMAC key, or how to get it (fetched once, retried after a failure). */
  pseudonymKey?: string | (() => Promise<string>);
  /** Send the override comment (off by default). */
  keepComments?: boolean;
  /** Leave out the override comment; it already is unless `keepComments` (kept for callers of old). */
  dropComments?: boolean;
}

export type Transform = (events: readonly LoopEvent[]) => Promise<LoopEvent[]>;

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A version 8 (RFC 9562, custom) uuid from the first 16 bytes of a MAC. */
function uuidFrom(mac: Uint8Array): string {
  const b = mac.slice(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The keyed pseudonyms of one key: references and uuids. */
export function pseudonymiser(secret: string) {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = async (text: string) =>
    new Uint8Array(await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(text)));
  return {
    /** `Patient/p-1` → `Patient/<hex>`: the analytics' `--pseudonym-key` computes the same. */
    reference: async (reference: string) => `${reference.split('/')[0]}/${hex(await mac(reference))}`,
    /** A card or suggestion uuid → a uuid; the kind keeps a card and a suggestion apart. */
    uuid: async (kind: 'card' | 'suggestion', id: string) => uuidFrom(await mac(`${kind}|${id}`)),
  };
}

/** The privacy transform of a sink. */
export function privacy(options: PrivacyOptions): Transform {
  const keep = options.keepComments === true && options.dropComments !== true;
  const source = options.pseudonymKey;
  let pending: Promise<ReturnType<typeof pseudonymiser>> | undefined;
  const keyed = () => {
    if (source === undefined) return Promise.resolve(undefined);
    pending ??= (typeof source === 'string' ? Promise.resolve(source) : source()).then(pseudonymiser);
    // A failed fetch is tried again at the next delivery.
    pending.catch(() => (pending = undefined));
    return pending;
  };
  return async (events) => {
    const p = await keyed();
    return Promise.all(
      events.map(async (event) => {
        const out: LoopEvent = { ...event };
        if (!keep) delete out.userComment;
        if (out.url !== undefined) out.url = withoutQuery(out.url);
        if (!p) return out;
        const [patient, practitioner, encounter, card, suggestion] = await Promise.all([
          event.patient && p.reference(event.patient),
          event.practitioner && p.reference(event.practitioner),
          event.encounter && p.reference(event.encounter),
          event.card && p.uuid('card', event.card),
          event.suggestion && p.uuid('suggestion', event.suggestion),
        ]);
        return {
          ...out,
          ...(patient ? { patient } : {}),
          ...(practitioner ? { practitioner } : {}),
          ...(encounter ? { encounter } : {}),
          ...(card ? { card } : {}),
          ...(suggestion ? { suggestion } : {}),
        };
      }),
    );
  };
}
