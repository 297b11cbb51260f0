import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, posix } from 'node:path';

/** Files a chunk imports statically (not `import()`): they load before it runs. */
function staticImports(dist, file) {
  const code = readFileSync(join(dist, file), 'utf8');
  const specifiers = [
    ...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g),
    ...code.matchAll(/(?:^|[;\s}])export\s*[\w*{}\s,$]*from\s*["']([^"']+\.js)["']/g),
  ].map((m) => m[1]);
  return specifiers.map((s) => posix.normalize(posix.join(posix.dirname(file), s)));
}

/**
 * The JavaScript a page loads before anything lazy: its module scripts and modulepreloads, and
 * everything they import statically (followed through the chunks, so the figure does not depend on
 * whether the build writes modulepreload links).
 */
export function initialScripts(dist, page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const queue = [
    ...html.matchAll(/<script type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\.\//, ''));
  const seen = new Set();
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(dist, file));
  }
  return [...seen];
}

export function gzipSize(dist, file) {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}

/** The initial JS of one page, gzip bytes (what a browser loads before anything lazy). */
export function pageSize(dist, page) {
  return initialScripts(dist, page).reduce((n, file) => n + gzipSize(dist, file), 0);
}

/** Sizes of the initial JS of the launch page plus the app page (the panel shell), counted once each. */
export function bundleReport(dist) {
  const files = [...new Set([...initialScripts(dist, 'launch.html'), ...initialScripts(dist, 'app.html')])];
  const rows = files.map((file) => ({ file, gzip: gzipSize(dist, file) }));
  return { rows, total: rows.reduce((n, r) => n + r.gzip, 0) };
}
