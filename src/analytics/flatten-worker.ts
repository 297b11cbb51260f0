/**
 * The worker thread of the JavaScript loader (flatten-threads.ts): flattens one byte range and reports back. Progress
 * messages carry bytes read; the last message carries the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { flattenRange } from './flatten-range';
import type { Format } from './lines';

const { path, start, end, out, format } = workerData as {
  path: string;
  start: number;
  end: number;
  out: string;
  format: Format;
};
const result = await flattenRange(path, start, end, out, (read) => parentPort?.postMessage({ read }), format);
parentPort?.postMessage({ result });
