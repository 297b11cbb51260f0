import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { CHROME_ARGS, ensureChrome } from '../tools/chrome.mjs';

const VITE = fileURLToPath(new URL('../../node_modules/.bin/vite', import.meta.url));

/** Serves dist/ with `vite preview` on a free loopback port until stopped. */
export async function startPreview(
  port = 4300 + Math.floor(Math.random() * 500),
): Promise<{ url: string; stop: () => void }> {
  // Vite's own executable, not `npx vite`: killing npx would leave its vite child serving on.
  const child = spawn(VITE, ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('vite preview did not start')), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes(String(port))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`vite preview exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export async function startBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: ensureChrome(),
    headless: true,
    args: [...CHROME_ARGS, '--user-data-dir=/tmp/loop-chrome-' + process.pid + '-' + Date.now()],
  });
}

/** All text in a frame, through shadow roots. */
export function frameText(frame: Frame): Promise<string> {
  // A string, not a function: tsx compiles with keepNames, whose __name helper does not exist in the page.
  return frame.evaluate(`(() => {
    const walk = (n) => (n.nodeType === 3 ? n.textContent + ' ' : '') + (n.shadowRoot ? walk(n.shadowRoot) : '') + [...n.childNodes].map(walk).join('');
    return walk(document.body).replace(/\\s+/g, ' ');
  })()`) as Promise<string>;
}

/** Waits until the app frame (app.html) shows `text`, returning the frame. */
export async function waitForApp(page: Page, text: string, timeoutMs = 20_000): Promise<Frame> {
  const start = Date.now();
  for (;;) {
    const app = page.frames().find((f) => f.url().includes('/app.html') || f.url().includes('/launch.html'));
    if (app) {
      const body = await frameText(app).catch(() => '');
      if (body.includes(text)) return app;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for "${text}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
