/*
 * Worker-thread entry of the measures batch (see pool.ts): loads the measures once, then evaluates the
 * chunks the pool sends and posts each chunk's output back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadMeasures } from './engine';
import { evaluateChunk } from './evaluate-chunk';
import { chunkErrorText } from './failures';
import type { ChunkAnswer, ChunkRequest, PoolSetup } from './pool';

const setup = workerData as PoolSetup;
const measures = loadMeasures(setup.measureIds);

parentPort?.on('message', (request: ChunkRequest) => {
  evaluateChunk(measures, request.patients, setup.directory, request.period, setup.config).then(
    (output) => parentPort?.postMessage({ id: request.id, output } satisfies ChunkAnswer),
    (err: unknown) =>
      parentPort?.postMessage({ id: request.id, error: chunkErrorText(err) } satisfies ChunkAnswer),
  );
});
