/**
 * Where the measure build writes and the engine reads (kept apart from the build so the engine, in
 * worker threads too, never loads the 15 MB CQL translator).
 *
 * @example
 * readFileSync(`${BUNDLES_DIR}vte-prophylaxis.json`, 'utf8');
 */
import { fileURLToPath } from 'node:url';

export const CQL_DIR = fileURLToPath(new URL('./cql/', import.meta.url));
export const BUNDLES_DIR = fileURLToPath(new URL('./bundles/', import.meta.url));
