/**
 * The dev server's side of "Re-run the measures" (loop-controls.ts): `POST /__learning-loop/measures`
 * with the simulator's EHR as JSON runs the measures batch in Node (fqm-execution does not run in a
 * page) as a child process, `mocks/feedback/rerun-cli.ts`, and answers with the reports to write back.
 * `npm start` only: a built or previewed simulator has no server to run it (the button says so).
 *
 * @example
 * // vite.config.ts
 * plugins: [simulatorMeasures()],
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { RERUN_PATH } from './rerun-path';

const CLI = fileURLToPath(new URL('../../mocks/feedback/rerun-cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** A simulator's EHR is a few MB at most (its seed, the app's writes and the audit trail). */
const MAX_BODY = 64 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Runs the batch over the posted dump; resolves to the status and the JSON to answer with (400 for a
 * dump the batch cannot read, 413 past MAX_BODY, 504 past TIMEOUT_MS, 500 when the batch failed).
 *
 * @example
 * const { status, body } = await runRerun(JSON.stringify({ now, resources })); // 200, '{"periods":...}'
 */
export function runRerun(dump: IncomingMessage | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], { cwd: REPO, stdio: 'pipe' });
    let out = '';
    let err = '';
    let size = 0;
    let tooLarge = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (error) => (err += error.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (tooLarge)
        return resolve({ status: 413, body: JSON.stringify({ error: `the EHR is over ${MAX_BODY} bytes` }) });
      if (timedOut)
        return resolve({
          status: 504,
          body: JSON.stringify({ error: `the batch took over ${TIMEOUT_MS / 1000} s` }),
        });
      if (code === 0) return resolve({ status: 200, body: out });
      const message = err.trim().split('\n').slice(0, 3).join(' ') || `the batch ended with code ${code}`;
      resolve({ status: code === 2 ? 400 : 500, body: JSON.stringify({ error: message }) });
    });
    child.stdin.on('error', () => undefined);
    if (typeof dump === 'string') return void child.stdin.end(dump);
    dump.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Read the rest and drop it (destroying the socket would lose the 413 with it).
        if (!tooLarge) child.kill();
        tooLarge = true;
      } else child.stdin.write(chunk);
    });
    dump.on('end', () => {
      if (!tooLarge) child.stdin.end();
    });
  });
}

/** No Origin (not a browser's cross-site request), or this server's own; `Origin: null` is neither. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The Vite plugin: serve only (`npm start`); a build has no middleware, and the element says so.
 *
 * @example
 * plugins: [...(withSimulator ? [simulatorMeasures()] : [])],
 */
export function simulatorMeasures(): Plugin {
  let running = false;
  return {
    name: 'learning-loop-simulator-measures',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(RERUN_PATH, (req, res) => {
        if (req.method !== 'POST')
          return answer(res, 405, JSON.stringify({ error: 'POST the simulator EHR' }));
        // Only the simulator page itself: JSON (a cross-site page cannot send it without a preflight,
        // which the dev server does not grant) from this server's own origin, if the browser names one.
        if (!sameOrigin(req))
          return answer(
            res,
            403,
            JSON.stringify({ error: 'only the simulator page may re-run the measures' }),
          );
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
          return answer(res, 415, JSON.stringify({ error: 'send the simulator EHR as application/json' }));
        // One batch at a time: each takes both cores for up to two minutes.
        if (running) return answer(res, 409, JSON.stringify({ error: 'a re-run is already going on' }));
        running = true;
        void runRerun(req)
          .then(({ status, body }) => answer(res, status, body))
          .finally(() => (running = false));
      });
    },
  };
}
