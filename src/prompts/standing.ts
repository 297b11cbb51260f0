import type { ResponseStore } from './response-store';
import type { ResponseScope, StandingResponse } from './responses';

/**
 * The clinician's standing answers (snoozes, overrides) for the launched patient: read once per
 * evaluation, then kept as they change. Without a clinician they are kept for this launch only, never
 * per browser alone.
 */
export class StandingAnswers {
  private byCard = new Map<string, StandingResponse>();
  private scope: ResponseScope | undefined;

  constructor(private readonly store: ResponseStore) {}

  /** Whether the answers outlive this launch. */
  get kept(): boolean {
    return this.store.persistent && this.scope !== undefined;
  }

  get all(): ReadonlyMap<string, StandingResponse> {
    return this.byCard;
  }

  /** Reads the answers of `scope` (none without one); a store that fails reads as none. */
  async load(scope: ResponseScope | undefined): Promise<void> {
    this.scope = scope;
    this.byCard = new Map();
    if (!scope) return;
    try {
      const loaded = await this.store.load(scope);
      if (this.scope === scope) this.byCard = new Map(loaded.map((r) => [r.cardUuid, r]));
    } catch (error) {
      console.warn('Learning Loop: snoozes and overrides could not be read; every prompt shows', error);
    }
  }

  /**
   * Keeps an answer now, and for later launches; rejects when it could not be stored, keeping nothing:
   * a snooze the card says was not saved must not hide the card the next time the list is arranged.
   */
  async keep(response: StandingResponse): Promise<void> {
    const before = this.byCard.get(response.cardUuid);
    this.byCard.set(response.cardUuid, response);
    if (!this.scope) return;
    try {
      await this.store.save(this.scope, response);
    } catch (error) {
      // Unless a newer answer for the card came meanwhile: that one is not this one to take back.
      if (this.byCard.get(response.cardUuid) === response) {
        if (before) this.byCard.set(response.cardUuid, before);
        else this.byCard.delete(response.cardUuid);
      }
      throw error;
    }
  }

  /** Takes an answer back, now and for later launches. */
  async forget(cardUuid: string): Promise<void> {
    this.byCard.delete(cardUuid);
    if (!this.scope) return;
    await this.store
      .remove(this.scope, cardUuid)
      .catch((error: unknown) => console.warn('Learning Loop: the undo could not be stored', error));
  }
}
