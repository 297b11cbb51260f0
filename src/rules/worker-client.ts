import type { Resource } from '@medplum/fhirtypes';
import type { PromptCard } from '../cds/cards';
import type { RuleError, RunRequest, RunResponse, RunSettings } from './worker-protocol';
import { messageOf } from '../core/errors';

/** The worker crashed twice, or did not answer in time: no local prompts this time. */
export class RulesUnavailableError extends Error {
  override name = 'RulesUnavailableError';
}

/**
 * Runs rules in a Web Worker created on first use (after first paint, never in the initial bundle).
 * A worker that crashes is restarted once and the run retried; one that runs past `timeoutMs` is
 * terminated (a runaway rule must not keep a core busy) and started afresh next time.
 */
export class RulesWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;

  constructor(
    private readonly createWorker: () => Worker,
    private readonly timeoutMs = 10_000,
  ) {}

  async run(
    patientId: string,
    resources: Resource[],
    now: Date,
    settings: RunSettings = { packs: [] },
  ): Promise<{ cards: PromptCard[]; errors: RuleError[] }> {
    try {
      return await this.attempt(patientId, resources, now, settings);
    } catch (error) {
      if (!(error instanceof WorkerCrash)) throw error;
      return this.attempt(patientId, resources, now, settings).catch((again: unknown) => {
        throw new RulesUnavailableError(`The rules worker stopped twice: ${messageOf(again)}`);
      });
    }
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private attempt(
    patientId: string,
    resources: Resource[],
    now: Date,
    settings: RunSettings,
  ): Promise<{ cards: PromptCard[]; errors: RuleError[] }> {
    const worker = (this.worker ??= this.createWorker());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      const onMessage = (event: MessageEvent<RunResponse>) => {
        if (event.data?.id !== id) return;
        done();
        if ('failure' in event.data) reject(new RulesUnavailableError(event.data.failure));
        else resolve({ cards: event.data.cards, errors: event.data.errors });
      };
      const onError = (event: ErrorEvent) => {
        event.preventDefault(); // handled here: not an uncaught error of the page
        done();
        this.terminate();
        reject(new WorkerCrash(event.message || 'the rules worker crashed'));
      };
      const timer = setTimeout(() => {
        done();
        this.terminate();
        reject(new RulesUnavailableError(`The rules did not finish within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({
        ...settings,
        id,
        patientId,
        resources,
        now: now.toISOString(),
      } satisfies RunRequest);
    });
  }
}

class WorkerCrash extends Error {}
