/**
 * Opens an HTML file in headless Chromium (puppeteer-core, the machine's browser) with every network
 * request refused, runs axe-core, and prints `{ violations, requests, text }` as JSON. Run under the
 * browser lock: `flock /tmp/learning-loop-browser.lock node --import tsx report-axe.ts file.html`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../../../tools/chrome.mjs';

const file = process.argv[2] ?? '';
const executablePath = findChrome();
if (!executablePath) throw new Error('no Chromium');
const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// A fresh profile each run, removed afterwards.
const profile = await mkdtemp(join(tmpdir(), 'loop-analytics-profile-'));
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: [...CHROME_ARGS, `--user-data-dir=${profile}`],
});
try {
  const page = await browser.newPage();
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('file:') || url.startsWith('data:')) void request.continue();
    else {
      requests.push(url);
      void request.abort();
    }
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(axe);
  // A string, not a function: tsx's helpers do not exist in the page.
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })))`,
  )) as unknown[];
  const text = (await page.evaluate('document.body.innerText')) as string;
  process.stdout.write(JSON.stringify({ violations, requests, text }));
} finally {
  await browser.close();
  await rm(profile, { recursive: true, force: true });
}
