/**
 * The metric SQL files from disk (Node). A browser page imports the same files as text instead
 * (Vite's `?raw`) and hands them to `runMetrics`.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { MetricSql } from './metrics';

const DIR = new URL('./metrics/', import.meta.url);

/**
 * Every `metrics/*.sql`, by file name without the extension.
 *
 * @example Object.keys(await readMetricSql()) // ['00-events', '01-card-instances', 'acceptance', ...]
 */
export async function readMetricSql(): Promise<MetricSql> {
  const out: MetricSql = {};
  for (const name of (await readdir(DIR)).filter((n) => n.endsWith('.sql')).sort())
    out[name.replace(/\.sql$/, '')] = await readFile(new URL(name, DIR), 'utf8');
  return out;
}
