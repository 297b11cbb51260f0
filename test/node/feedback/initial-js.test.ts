import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The chart chunk stays out of the initial JS: following only static imports (what a page loads before
 * anything lazy) from the launch and app pages' scripts, neither chart.js nor the feedback's chunks are
 * reached. A static import anywhere on the way would pull chart.js (about 48 KB gzip) into first paint.
 * The built sizes are checked by the bench (test/bench/feedback.ts).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRIES = ['smart-launch/app.ts', 'smart-launch/launch.ts'];
// `import x from`, `import {x} from`, `import 'x'`, `export ... from`; not `import type` nor `import(`.
const STATIC = /(?:^|[\s;])(?:import|export)(?!\s+type\s)(?:\s+[\w*{}\s,$]+?\s+from)?\s*['"]([^'"]+)['"]/g;

function resolveFile(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => existsSync(c) && !c.endsWith('/'));
}

/** Every file and package reached from the entries by static imports. */
function staticGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = ENTRIES.map((e) => join(ROOT, e));
  while (queue.length) {
    const file = queue.pop() ?? '';
    if (files.has(file) || !/\.(ts|js|mjs)$/.test(file)) continue;
    files.add(file);
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const [, specifier = ''] of code.matchAll(STATIC)) {
      if (specifier.startsWith('.')) {
        const target = resolveFile(file, specifier);
        if (target) queue.push(target);
      } else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('the initial JS', () => {
  const { files, packages } = staticGraph();
  const reached = [...files].map((f) => relative(ROOT, f));

  it('follows the pages into the panel shell (the walk itself works)', () => {
    assert.ok(reached.includes('src/ui/learning-loop/learning-loop.ts'), reached.join('\n'));
    assert.ok(packages.has('lit'));
  });

  it('holds neither chart.js nor the feedback chunks', () => {
    assert.deepEqual(
      [...packages].filter((p) => p.startsWith('chart.js')),
      [],
    );
    assert.deepEqual(
      reached.filter((f) => /loop-feedback|src\/feedback\/|feedback-feature/.test(f)),
      [],
    );
  });
});
