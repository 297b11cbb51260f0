import { generateDataset } from '../../mocks/data';
import { fileURLToPath } from 'node:url';
import { frameText, startBrowser, startPreview, waitForApp } from './preview';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { initialScripts } from '../bench/bundle-size.mjs';
import { messageOf } from '../../src/core/errors';
import { buildWith, checkProductionBuild, invalidConfigPath } from './production-build';
import { checkAccessible, checkReport, drive } from '../node/analytics/tools/analyst-checks';

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

await check(
  'the build ships no source maps, and the third-party notices of page and worker code',
  async () => {
    const assets = readdirSync('dist/assets');
    const maps = assets.filter((f) => f.endsWith('.map'));
    if (maps.length) throw new Error(`source maps in dist: ${maps.join(', ')}`);
    const linked = assets.filter(
      (f) => f.endsWith('.js') && readFileSync(`dist/assets/${f}`, 'utf8').includes('sourceMappingURL'),
    );
    if (linked.length) throw new Error(`sourceMappingURL in ${linked.join(', ')}`);
    const notices = readFileSync('dist/THIRD-PARTY-NOTICES.md', 'utf8');
    for (const pkg of ['## lit - ', '## fhirclient - ', '## @lhncbc/ucum-lhc - ', '## cql-execution - '])
      if (!notices.includes(pkg)) throw new Error(`THIRD-PARTY-NOTICES.md lacks ${pkg.slice(3, -3)}`);
    if (!notices.includes('Lister Hill National Center'))
      throw new Error("ucum-lhc's notice text is missing");
  },
);

await check('every page enforces Trusted Types in its CSP', async () => {
  for (const page of ['launch.html', 'app.html', 'index.html', 'ehr-authorize.html']) {
    const html = readFileSync(`dist/${page}`, 'utf8');
    if (
      !/require-trusted-types-for 'script'; trusted-types default lit-html dompurify learning-loop-markdown/.test(
        html,
      )
    )
      throw new Error(`${page} does not require Trusted Types`);
  }
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

  await check(
    'with Trusted Types enforced the app works: prompts (worker), msw, Lit, card Markdown; raw HTML is refused',
    async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to|TrustedHTML|TrustedScript|Trusted Type/i.test(m.text()))
          violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(String(e)));
      await page.goto(`${preview.url}/index.html?auto=1&patient=p-001&practitioner=pr-001`);
      const app = await waitForApp(page, unit?.name ?? '?');
      // The rules run in the worker (a TrustedScriptURL from the default policy); wait for a card.
      const deadline = Date.now() + 30_000;
      const cards = `(() => { const deep = (n, out) => { if (n.matches?.('loop-card')) out.push(n); if (n.shadowRoot) deep(n.shadowRoot, out); n.childNodes.forEach((c) => deep(c, out)); return out; }; return deep(document.body, []); })()`;
      while (!(await app.evaluate(`${cards}.length`))) {
        if (Date.now() > deadline) throw new Error(`no card: ${(await frameText(app)).slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Open the first card's details: its Markdown goes through the learning-loop-markdown policy.
      await app.evaluate(`${cards}[0].shadowRoot.querySelector('.card__details-toggle').click()`);
      await new Promise((r) => setTimeout(r, 300));
      const detail = String(await app.evaluate(`${cards}[0].shadowRoot.innerHTML`));
      if (!/<(p|ul|li|strong)>/.test(detail))
        throw new Error(`the details did not render: ${detail.slice(0, 300)}`);
      if (violations.length) throw new Error(`violations: ${violations.join(' | ')}`);
      const raw = await app.evaluate(
        `(() => { try { document.createElement('div').innerHTML = '<b>x</b>'; return 'allowed'; } catch (e) { return 'refused'; } })()`,
      );
      if (raw !== 'refused')
        throw new Error('a raw string reached innerHTML: Trusted Types are not enforced');
      await page.close();
    },
  );

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

  await check(
    "the analyst's view, with Trusted Types enforced: the logged events reported, axe clean",
    () => {
      // The driver launches its own Chromium (under the browser lock) against this preview.
      const out = drive([], `${preview.url}/`);
      checkReport(out);
      checkAccessible(out);
      return Promise.resolve();
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
    try {
      if (build.status !== 0) throw new Error(`build failed: ${build.output}`);
      const problems = checkProductionBuild(build.dir);
      if (problems.length) throw new Error(problems.join('; '));
    } finally {
      rmSync(build.dir, { recursive: true, force: true });
    }
  },
);

await check('a broken deployment config fails the build, naming the field', async () => {
  const config = invalidConfigPath();
  const build = buildWith(config);
  rmSync(build.dir, { recursive: true, force: true });
  rmSync(dirname(config), { recursive: true, force: true });
  if (build.status === 0) throw new Error('the build passed');
  if (!build.output.includes('ehrs.0.iss: expected an https URL'))
    throw new Error(`unclear failure: ${build.output.slice(0, 500)}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
