import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

/** The JavaScript a page loads before anything lazy: its module script and every modulepreload. */
export function initialScripts(dist, page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const srcs = [
    ...html.matchAll(/<script type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\.\//, ''));
  return [...new Set(srcs)];
}

export function gzipSize(dist, file) {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}

/** Sizes of the initial JS of the launch page plus the app page (the panel shell), counted once each. */
export function bundleReport(dist) {
  const files = [...new Set([...initialScripts(dist, 'launch.html'), ...initialScripts(dist, 'app.html')])];
  const rows = files.map((file) => ({ file, gzip: gzipSize(dist, file) }));
  return { rows, total: rows.reduce((n, r) => n + r.gzip, 0) };
}
