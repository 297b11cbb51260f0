/**
 * The worker thread of the AuditEvent loader: flattens one byte range and reports back. Progress
 * messages carry bytes read; the last message carries the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { flattenRange } from './flatten-audit';

const { path, start, end, out } = workerData as { path: string; start: number; end: number; out: string };
const result = await flattenRange(path, start, end, out, (read) => parentPort?.postMessage({ read }));
parentPort?.postMessage({ result });
