import { generateDataset } from '../../mocks/data';
import { fileURLToPath } from 'node:url';
import { frameText, startBrowser, startPreview, waitForApp } from './preview';
import { readFileSync } from 'node:fs';
import { initialScripts } from '../bench/bundle-size.mjs';
import { messageOf } from '../../src/core/errors';
import { buildWith, checkProductionBuild, invalidConfigPath } from './production-build';

/**
 * The production build in Chromium: the scripted launch shows patient and unit, the direct open
 * explains itself, and no frame reports a Content-Security-Policy violation.
 */
const dataset = generateDataset();
const patient = dataset.patients.find((p) => p.id === 'p-001');
const unit = dataset.units.find((u) => u.id === patient?.unitId);
let passed = 0;
let failed = 0;

async function check(name: string, body: () => Promise<void>) {
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  ${messageOf(error)}`);
  }
}

await check('the launch page loads only what authorize() needs: no Lit', async () => {
  // Lit's templates carry `_$litType$`; the launch page shows its one possible message with plain DOM.
  const withLit = initialScripts('dist', 'launch.html').filter((file) =>
    readFileSync(`dist/${file}`, 'utf8').includes('_$litType$'),
  );
  if (withLit.length) throw new Error(`Lit is in the launch page's initial JS: ${withLit.join(', ')}`);
});

await check('the build documents every element in a custom elements manifest', async () => {
  interface Declaration {
    tagName?: string;
    members?: { name: string }[];
    events?: { name: string }[];
    cssParts?: { name: string }[];
  }
  const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const elements = new Map(
    manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [[d.tagName, d]] : [])),
  );
  const panel = elements.get('learning-loop');
  if (!panel?.members?.some((m) => m.name === 'app') || !panel.cssParts?.some((p) => p.name === 'panel'))
    throw new Error('<learning-loop> is missing its app property or its panel part');
  const events = elements.get('loop-card')?.events?.map((e) => e.name) ?? [];
  for (const name of [
    'loop-accept-request',
    'loop-override-request',
    'loop-snooze-request',
    'loop-dismiss-request',
  ])
    if (!events.includes(name)) throw new Error(`<loop-card> does not document ${name}`);
  const missing = ['loop-card-list', 'loop-context-bar', 'loop-message', 'loop-patient-banner'].filter(
    (tag) => !elements.has(tag),
  );
  if (missing.length) throw new Error(`not in the manifest: ${missing.join(', ')}`);
});

const preview = await startPreview();
const browser = await startBrowser();
try {
  await check('scripted EHR launch shows the patient and the unit, with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${preview.url}/index.html?auto=1&patient=p-001&practitioner=pr-001`);
    const app = await waitForApp(page, unit?.name ?? '?');
    const text = await frameText(app);
    if (!patient || !text.includes(patient.name))
      throw new Error(`patient name missing: ${text.slice(0, 300)}`);
    if (violations.length) throw new Error(`CSP violations: ${violations.join(' | ')}`);
    await page.close();
  });

  await check('the app opened directly explains what happened and what to do', async () => {
    const page = await browser.newPage();
    await page.goto(`${preview.url}/app.html`);
    await waitForApp(page, 'opened directly, not launched from the EHR');
    await page.close();
  });

  await check(
    'a launch from an untrusted iss is refused before any redirect, with no CSP violation',
    async () => {
      const page = await browser.newPage();
      const requested: string[] = [];
      const violations: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${preview.url}/launch.html?iss=https%3A%2F%2Fevil.example.org%2Ffhir&launch=x`);
      await waitForApp(page, 'not one Learning Loop is configured to trust');
      if (violations.length) throw new Error(`CSP violations: ${violations.join(' | ')}`);
      if (requested.some((u) => new URL(u).hostname === 'evil.example.org'))
        throw new Error('the untrusted iss was contacted');
      await page.close();
    },
  );
} finally {
  await browser.close();
  preview.stop();
}

await check(
  'a deployment build (no simulator EHR) ships no mock EHR, and its CSP allows only its EHR',
  async () => {
    const build = buildWith(fileURLToPath(new URL('./production.config.json', import.meta.url)));
    if (build.status !== 0) throw new Error(`build failed: ${build.output}`);
    const problems = checkProductionBuild(build.dir);
    if (problems.length) throw new Error(problems.join('; '));
  },
);

await check('a broken deployment config fails the build, naming the field', async () => {
  const build = buildWith(invalidConfigPath());
  if (build.status === 0) throw new Error('the build passed');
  if (!build.output.includes('ehrs.0.iss: expected an https URL'))
    throw new Error(`unclear failure: ${build.output.slice(0, 500)}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
