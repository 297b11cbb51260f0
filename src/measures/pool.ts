/**
 * A pool of worker threads that evaluate chunks of patients (evaluate-chunk.ts) for any period: the
 * measures load once per worker, then chunks of one or many periods queue up and go to whichever worker
 * is free. Patients are independent, so chunks need nothing from each other.
 *
 * @example
 * const pool = new EvaluationPool({ measureIds, directory, config }, 2);
 * try { const out = await pool.evaluate(patients, parsePeriod('2026-10')); } finally { await pool.close(); }
 */
import { Worker } from 'node:worker_threads';
import type { Bundle } from '@medplum/fhirtypes';
import type { AttributionConfig } from './attribution';
import type { ChunkOutput } from './evaluate-chunk';
import type { Directory } from './input';
import type { MeasurePeriod } from './period';

export interface PoolSetup {
  measureIds: string[];
  directory: Directory;
  config: AttributionConfig;
}

export interface ChunkRequest {
  id: number;
  patients: Bundle[];
  period: MeasurePeriod;
}

export interface ChunkAnswer {
  id: number;
  output?: ChunkOutput;
  error?: string;
}

interface Job {
  request: ChunkRequest;
  resolve: (output: ChunkOutput) => void;
  reject: (err: Error) => void;
}

/** The pool: `evaluate` queues a chunk, `close` ends the workers (see the module example). */
export class EvaluationPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private next = 0;
  private failed: Error | undefined;

  constructor(setup: PoolSetup, threads: number) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
        workerData: setup,
        // cql-exec-fhir allocates a wrapper per FHIR element read: a larger young generation halves the scavenges.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      worker.on('message', (answer: ChunkAnswer) => this.settle(worker, answer));
      worker.on('error', (err) => this.fail(err));
      this.idle.push(worker);
      return worker;
    });
  }

  /** Evaluates one chunk of patients for one period on the next free worker. */
  evaluate(patients: Bundle[], period: MeasurePeriod): Promise<ChunkOutput> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.next++, patients, period }, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop();
      const job = this.queue.shift();
      if (!worker || !job) return;
      this.running.set(job.request.id, job);
      worker.postMessage(job.request);
    }
  }

  private settle(worker: Worker, answer: ChunkAnswer): void {
    const job = this.running.get(answer.id);
    this.running.delete(answer.id);
    this.idle.push(worker);
    if (answer.output) job?.resolve(answer.output);
    else job?.reject(new Error(answer.error ?? 'a worker answered nothing'));
    this.pump();
  }

  /** A crashed worker fails every job, queued or running: the batch stops rather than report part. */
  private fail(err: Error): void {
    this.failed = err;
    for (const job of [...this.running.values(), ...this.queue]) job.reject(err);
    this.running.clear();
    this.queue.length = 0;
  }
}
