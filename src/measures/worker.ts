/*
 * Worker-thread entry of the measures batch: loads the measures once, then evaluates the chunks of
 * patients the pool sends and posts each chunk's output back. Patients are independent, so chunks need
 * nothing from each other.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Bundle } from '@medplum/fhirtypes';
import type { AttributionConfig } from './attribution';
import { loadMeasures } from './engine';
import { evaluateChunk } from './evaluate-chunk';
import type { Directory } from './input';
import type { MeasurePeriod } from './period';

export interface WorkerSetup {
  measureIds: string[];
  directory: Directory;
  period: MeasurePeriod;
  config: AttributionConfig;
}

export interface ChunkRequest {
  chunk: number;
  patients: Bundle[];
}

const setup = workerData as WorkerSetup;
const measures = loadMeasures(setup.measureIds);

parentPort?.on('message', (request: ChunkRequest) => {
  evaluateChunk(measures, request.patients, setup.directory, setup.period, setup.config).then(
    (output) => parentPort?.postMessage({ chunk: request.chunk, output }),
    (err: unknown) =>
      parentPort?.postMessage({ chunk: request.chunk, error: (err as Error).stack ?? String(err) }),
  );
});
