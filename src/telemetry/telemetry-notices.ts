/**
 * What the panel says about the interaction log, one discreet line each: it cannot be kept, events
 * have waited long, events were dropped (with how many and why), or a sink no longer holds the outbox.
 */
import type { UserFacingError } from '../core/status';
import type { DropReason } from './event';

/** The outbox was open but writing to it fails (a full disk, site data cleared): kept in memory meanwhile. */
export const notSaved = (why: string): UserFacingError => ({
  code: 'events-not-saved',
  title: `Interaction records cannot be saved on this computer right now (${why}).`,
  action:
    'Your work is unaffected: they are kept while this tab is open and saved when the browser lets them. Tell support if this persists.',
});

export const NOT_DURABLE: UserFacingError = {
  code: 'events-not-durable',
  title: 'This browser does not let Learning Loop store its interaction log.',
  action: 'Your work is unaffected; keep this tab open a moment after your last action so it can be sent.',
};

export const heldBack = (ms: number): UserFacingError => ({
  code: 'events-held',
  title: `Interaction records have waited more than ${Math.round(ms / 60_000)} minutes to be sent.`,
  action: 'Nothing is lost: they are kept and sent when the server answers. Tell support if this persists.',
});

const WHY: Record<DropReason, string> = {
  'max-age': 'they were older than the log keeps them',
  'max-size': 'the log on this computer was full',
  'sink-released': 'their destination has refused them for too long',
  'set-aside-expired': 'their destination had refused them and they were kept as long as allowed',
};

/** Interaction records dropped unsent on this computer (counted in an events-dropped record). */
export function droppedNotice(count: number, reasons: ReadonlySet<DropReason>): UserFacingError {
  return {
    code: 'events-dropped',
    title: `${count} interaction record${count === 1 ? ' was' : 's were'} deleted unsent: ${[...reasons]
      .map((r) => WHY[r])
      .join('; ')}.`,
    action:
      'Your work is unaffected, and the analysts are told how many are missing. Tell support if this repeats.',
  };
}

/** A sink refused (401/403, or its scope not granted) past the retention's limit: no longer held for. */
export function releasedNotice(sinks: readonly string[], hours: number): UserFacingError {
  return {
    code: 'events-released',
    title: `Interaction records are no longer kept for ${sinks.join(', ')}: it has refused them for more than ${hours} hours.`,
    action:
      'Tell support: the destination must grant Learning Loop access again, or be removed from the configuration.',
    detail:
      'A destination answering 401 or 403, or whose scope the EHR did not grant, is released after telemetry.retention.releaseAfterMs.',
  };
}

/**
 * What the panel knows of the log, for its notices: drops counted this session, the last write error,
 * and what the last reading of the outbox said (the oldest waiting event, the released sinks).
 */
export class LogStatus {
  private dropped = 0;
  private readonly reasons = new Set<DropReason>();
  /** Why the last write to the outbox failed, while writes fail. */
  writeError: string | undefined;
  oldest: number | undefined;
  released: readonly string[] = [];

  count(drops: readonly { count: number; reason: DropReason }[]): void {
    for (const drop of drops) {
      this.dropped += drop.count;
      this.reasons.add(drop.reason);
    }
  }

  get drops(): { count: number; reasons: DropReason[] } {
    return { count: this.dropped, reasons: [...this.reasons] };
  }

  /** Everything the panel should say about the log, most basic first. */
  notices(log: {
    durable: boolean;
    now: number;
    warnAfterMs: number;
    releaseAfterMs: number;
  }): UserFacingError[] {
    const heldLong = this.oldest !== undefined && log.now - this.oldest > log.warnAfterMs;
    return [
      ...(log.durable ? [] : [NOT_DURABLE]),
      ...(this.writeError ? [notSaved(this.writeError)] : []),
      ...(heldLong ? [heldBack(log.warnAfterMs)] : []),
      ...(this.dropped ? [droppedNotice(this.dropped, this.reasons)] : []),
      ...(this.released.length
        ? [releasedNotice(this.released, Math.round(log.releaseAfterMs / 3_600_000))]
        : []),
    ];
  }
}
