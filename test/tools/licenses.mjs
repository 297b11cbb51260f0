#!/usr/bin/env node
/**
 * Runtime licences: `npm run audit:licenses [-- --json] [--dist DIR]`.
 *
 * Lists every package the app's `dependencies` bring in (the whole tree, as Node resolves it), with
 * its licence and whether it needs a look: a licence outside the permissive list below (or none, or
 * "SEE LICENSE IN ...") is marked `review`, unless a person has read and accepted its text
 * (licence-reviews.json, pinned to the text's SHA-256): then it is `reviewed`, until the text changes.
 * With `--dist DIR` it also says which are in the browser build, read from
 * `DIR/THIRD-PARTY-NOTICES.md`. Table (or JSON) on stdout, the summary on stderr.
 *
 * Exit codes: 0 every licence is permissive or reviewed; 1 usage error; 2 package.json,
 * node_modules or the reviews could not be read; 3 some licences need review (listed).
 *
 * The functions are exported for the build (vite.config.ts writes the third-party notices with them)
 * and for tests; the command line runs only when this file is the program. One file because the
 * package.json script names it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** SPDX ids whose terms a hospital deployment can meet by shipping the notices. */
export const PERMISSIVE = new Set([
  '0BSD',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'CC-BY-4.0',
  'ISC',
  'MIT',
  'MPL-2.0',
  'Python-2.0',
  'Unlicense',
]);

/** The licence of a package.json as one SPDX expression (or a description when it is not one). */
export function licenceOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license.trim();
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return '';
}

/**
 * Whether an SPDX expression is permissive: `A OR B` when either is, `A AND B` when both are.
 *
 * @example permissive('(MPL-2.0 OR Apache-2.0)') // true
 */
export function permissive(expression) {
  const text = expression.replace(/[()]/g, ' ').trim();
  if (!text) return false;
  if (/\sOR\s/.test(text)) return text.split(/\s+OR\s+/).some((part) => permissive(part));
  if (/\sAND\s/.test(text)) return text.split(/\s+AND\s+/).every((part) => permissive(part));
  return PERMISSIVE.has(text.replace(/\+$/, ''));
}

const LICENCE_FILE = /^(licen[cs]e|copying)(\.|$|-)/i;
const NOTICE_FILE = /^notice(\.|$)/i;

/** The text of a package's licence file and of its NOTICE file (Apache-2.0 asks for both), if any. */
export function licenceTexts(dir) {
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const read = (re) => {
    const file = files.find((f) => re.test(f));
    return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
  };
  return { licence: read(LICENCE_FILE), notice: read(NOTICE_FILE) };
}

const packageCache = new Map();

/** The package (name, version, licence, dir) a module file of node_modules belongs to, or undefined. */
export function packageOf(file) {
  if (!file.includes(`${sep}node_modules${sep}`) && !file.includes('/node_modules/')) return undefined;
  let dir = dirname(file);
  const seen = [];
  while (dir.includes('node_modules') && dir !== dirname(dir)) {
    if (packageCache.has(dir)) break;
    seen.push(dir);
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const pkg = JSON.parse(readFileSync(path, 'utf8'));
      // Nested package.json files (module type markers) have no name: keep walking.
      if (pkg.name) {
        packageCache.set(dir, {
          name: pkg.name,
          version: pkg.version ?? '0.0.0',
          licence: licenceOf(pkg),
          dir,
        });
        break;
      }
    }
    dir = dirname(dir);
  }
  const found = packageCache.get(dir);
  for (const d of seen) packageCache.set(d, found);
  return found;
}

/** One section of the notices file. */
export function noticeSection(pkg) {
  const { licence, notice } = licenceTexts(pkg.dir);
  return [
    `## ${pkg.name} - ${pkg.version}${pkg.licence ? ` (${pkg.licence})` : ''}`,
    licence ?? '(no licence file in the package: see its licence field above)',
    ...(notice ? [`### NOTICE\n\n${notice}`] : []),
  ].join('\n\n');
}

/**
 * Every package the `dependencies` of the package at `root` bring in, as Node resolves them (a
 * nested node_modules first, then each parent's).
 */
export function runtimePackages(root) {
  const top = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const found = new Map();
  const visit = (name, from) => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        if (found.has(candidate)) return;
        const pkg = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8'));
        found.set(candidate, {
          name: pkg.name ?? name,
          version: pkg.version ?? '0.0.0',
          licence: licenceOf(pkg),
          dir: candidate,
        });
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
          visit(dep, candidate);
        return;
      }
      if (dir === dirname(dir)) return; // not installed (an optional dependency of another platform)
    }
  };
  for (const name of Object.keys(top.dependencies ?? {})) visit(name, root);
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

/** The packages a notices file names (`## name - version`). */
export function noticedPackages(markdown) {
  return new Set([...markdown.matchAll(/^## (\S+) - (\S+)/gm)].map((m) => `${m[1]}@${m[2]}`));
}

/** The reviews this tool reads unless `--reviews FILE` names others. */
const REVIEWS = fileURLToPath(new URL('./licence-reviews.json', import.meta.url));

/** A package's licence file text as its review pins it: SHA-256 of the trimmed text. */
export function licenceHash(dir) {
  const { licence } = licenceTexts(dir);
  return licence === undefined ? undefined : createHash('sha256').update(licence).digest('hex');
}

/**
 * Whether a package off the permissive list is covered by a review: `reviewed`, or why not (no
 * review, no text pinned, or a licence file or declared licence that is no longer the one reviewed).
 */
export function reviewStatus(pkg, reviews) {
  const review = reviews.find((r) => r.package === pkg.name);
  if (!review) return { status: 'review', why: 'not reviewed' };
  // A review pins a text that was read: no hash, or no licence file to hash, pins nothing.
  const hash = licenceHash(pkg.dir);
  if (!/^[0-9a-f]{64}$/.test(review.licenceSha256 ?? '') || hash === undefined)
    return { status: 'review', why: 'its review pins no licence text' };
  if (review.licenceSha256 !== hash || review.licence !== pkg.licence)
    return { status: 'review', why: `its licence changed since the review of ${review.reviewed}` };
  return { status: 'reviewed' };
}

const HELP = `usage: npm run audit:licenses -- [--json] [--dist DIR] [--reviews FILE]

Lists the licences of every runtime package (the dependencies of package.json, whole tree).
  --json          one JSON array on stdout instead of a table
  --dist DIR      also mark the packages in the browser build (DIR/THIRD-PARTY-NOTICES.md)
  --reviews FILE  the licences read and accepted (default test/tools/licence-reviews.json)
Exit codes: 0 all permissive or reviewed, 1 usage error, 2 cannot read, 3 some need review.`;

function main(argv) {
  const args = { json: false, dist: undefined, reviews: REVIEWS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return void console.log(HELP);
    else if (a === '--json') args.json = true;
    else if (a === '--dist' && argv[i + 1]) args.dist = argv[++i];
    else if (a === '--reviews' && argv[i + 1]) args.reviews = argv[++i];
    else {
      console.error(`licenses: unknown argument ${a}\n${HELP}`);
      return 1;
    }
  }
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  let packages;
  let bundled = new Set();
  let reviews;
  try {
    packages = runtimePackages(root);
    reviews = JSON.parse(readFileSync(args.reviews, 'utf8')).reviews;
    if (!Array.isArray(reviews)) throw new Error(`${args.reviews}: expected { "reviews": [...] }`);
    if (args.dist) bundled = noticedPackages(readFileSync(join(args.dist, 'THIRD-PARTY-NOTICES.md'), 'utf8'));
  } catch (error) {
    console.error(`licenses: ${error.message}`);
    return 2;
  }
  const rows = packages.map((p) => ({
    name: p.name,
    version: p.version,
    licence: p.licence || '(none)',
    ...(permissive(p.licence) ? { status: 'ok' } : reviewStatus(p, reviews)),
    ...(args.dist ? { inBrowserBuild: bundled.has(`${p.name}@${p.version}`) } : {}),
  }));
  if (args.json) console.log(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      console.log(
        [
          r.status.padEnd(8),
          `${r.name}@${r.version}`.padEnd(48),
          r.licence,
          r.inBrowserBuild ? '(browser build)' : '',
          r.why ? `(${r.why})` : '',
        ]
          .join(' ')
          .trimEnd(),
      );
  const review = rows.filter((r) => r.status === 'review');
  const reviewed = rows.filter((r) => r.status === 'reviewed').length;
  console.error(
    `${rows.length} runtime packages, ${reviewed} reviewed, ${review.length} to review${review.length ? `: ${review.map((r) => `${r.name} (${r.licence}; ${r.why})`).join(', ')}` : ''}`,
  );
  return review.length ? 3 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  process.exitCode = main(process.argv.slice(2)) ?? 0;
