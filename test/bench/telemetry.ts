/**
 * The interaction log's budgets of issue 4, for `npm run bench`, in Chromium with a real IndexedDB:
 * main-thread cost of one emit (budget: median 50 µs), requests for 10,000 events to a healthy sink
 * (budget 50), outbox throughput, and delivery time for 10,000 events.
 */
import { build } from 'esbuild';
import type { Browser } from 'puppeteer-core';

export async function benchTelemetry(browser: Browser, previewUrl: string): Promise<void> {
  const bundle = await build({
    entryPoints: [new URL('./telemetry-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    logLevel: 'error',
  });
  const page = await browser.newPage();
  await page.goto(`${previewUrl}/registration/client-metadata.json`);
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
  const r = (await page.evaluate('window.benchTelemetry()')) as {
    emitMedianUs: number;
    emitP95Us: number;
    writePerSecond: number;
    readPerSecond: number;
    requests: number;
    deliverMs: number;
  };
  await page.close();
  console.log(
    `interaction log (Chromium, IndexedDB): emit median ${r.emitMedianUs.toFixed(1)} µs (rounds of 100; slowest round's p95 ${r.emitP95Us.toFixed(1)} µs), budget 50 µs, ratio ${(r.emitMedianUs / 50).toFixed(2)}; ` +
      `10,000 events to a healthy sink in ${r.requests} requests (budget 50), delivered in ${r.deliverMs} ms; ` +
      `outbox ${r.writePerSecond} events/s written, ${r.readPerSecond} events/s read back`,
  );
}
