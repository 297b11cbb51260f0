import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../tools/temp-dir';
import { analyzeFiles } from '../../../src/analytics/analyze';
import { toCsv, writeOutputs } from '../../../src/analytics/outputs';
import type { MetricRow } from '../../../src/analytics/metrics';
import { findChrome } from '../../tools/chrome.mjs';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dir = await tempDir('analytics-report-');
const analysis = await analyzeFiles([fixture('small.ndjson')], { roles: fixture('roles.ndjson') });
// With a gap the log recorded, so its box is checked by axe with the rest (gaps.test.ts: the values).
const gap = {
  month: '2026-01',
  reason: 'max-age',
  sink: 'fhir',
  records: 1,
  events: 12,
  first: '2026-01-02T07:00:00.000Z',
  last: '2026-01-03T07:00:00.000Z',
};
// And a warning (analyze.ts) naming a type from the input, markup included.
const warning = '2 event(s) of a type this version does not know, counted in no metric ("<b>x</b>": 2)';
await writeOutputs(
  dir,
  {
    ...analysis,
    gaps: [gap],
    warnings: [warning],
    // And a line counted with a field read as empty (load.ts), its value from the input.
    files: analysis.files.map((f) => ({
      ...f,
      unread: [{ line: 3, reason: 'visibleMs: "<i>x</i>" is not a whole number: read as empty' }],
      unreadLines: 1,
    })),
  },
  { minN: 5, generatedAt: '2026-03-01T00:00:00.000Z' },
);
const html = await readFile(join(dir, 'report.html'), 'utf8');

describe('outputs', () => {
  it('writes a CSV and a JSON file per metric with the same rows', async () => {
    const csv = (await readFile(join(dir, 'acceptance.csv'), 'utf8')).trim().split('\n');
    const json = JSON.parse(await readFile(join(dir, 'acceptance.json'), 'utf8')) as unknown[];
    assert.equal(
      csv[0],
      'metric,dimension,dimension_value,category,numerator,denominator,value,ci_low,ci_high,suppressed',
    );
    assert.equal(csv.length - 1, json.length);
    assert.match(csv[1] ?? '', /^acceptance,all,all,,2,7,28\.57/);
  });

  it('writes input text a spreadsheet would run as a formula as text, and quotes a lone carriage return', () => {
    const row = (dimension_value: string, category: string | null) =>
      ({
        ...(analysis.metrics[0] as MetricRow),
        dimension: 'unit',
        dimension_value,
        category,
        ci_low: -0,
      }) as MetricRow;
    const lines = toCsv([row('=HYPERLINK("http://x.invalid")', '@SUM(1)'), row('a\rb', '-2+3')])
      .trim()
      .split('\n');
    assert.match(lines[1] ?? '', /^\w+,unit,"'=HYPERLINK\(""http:\/\/x\.invalid""\)",'@SUM\(1\),/);
    assert.match(lines[2] ?? '', /^\w+,unit,"a\rb",'-2\+3,/);
    // A number is not text: a negative one stays a number.
    assert.doesNotMatch(toCsv([{ ...row('x', null), value: -1 }]), /'-1/);
  });

  it('makes a report that needs no network: no script, no link, no remote source', () => {
    assert.doesNotMatch(html, /<script|<link|src="http|url\(http/i);
    assert.match(html, /<svg role="img"/);
    assert.match(html, /suppressed \(n &lt; 5\)/);
  });

  it('lists the lines counted with a field read as empty, as text', () => {
    assert.match(html, /, 1 counted with a field read as empty<\/li>/);
    assert.match(html, /<summary>1 lines counted with a field read as empty<\/summary>/);
    assert.ok(html.includes('line 3: visibleMs: &#34;&#60;i&#62;x&#60;/i&#62;&#34; is not a whole number'));
  });

  it("shows the analysis's warnings above the metrics, as text", () => {
    const at = html.indexOf('<strong>Warning:</strong> 2 event(s) of a type');
    assert.ok(at > 0 && at < html.indexOf('<nav'), 'before the metrics');
    assert.ok(html.includes('(&#34;&#60;b&#62;x&#60;/b&#62;&#34;: 2)'), 'the markup as text');
  });
});

const chrome = findChrome();
describe(
  'the report in Chromium',
  { skip: chrome ? false : 'no Chromium on this machine (set CHROME_PATH)' },
  () => {
    it(
      'loads with no request leaving the page, reads as text, and has no axe violation',
      { timeout: 300_000 },
      () => {
        const script = fileURLToPath(new URL('./tools/report-axe.ts', import.meta.url));
        const lock = existsSync('/usr/bin/flock')
          ? ['flock', '-w', '240', '/tmp/learning-loop-browser.lock']
          : [];
        const [command = 'node', ...args] = [
          ...lock,
          process.execPath,
          '--import',
          'tsx',
          script,
          join(dir, 'report.html'),
        ];
        const out = JSON.parse(execFileSync(command, args, { encoding: 'utf8', timeout: 300_000 })) as {
          violations: unknown[];
          requests: string[];
          text: string;
        };
        assert.deepEqual(out.violations, []);
        assert.deepEqual(out.requests, []);
        assert.match(out.text, /Acceptance rate/);
        assert.match(out.text, /Gaps in the log\s+The log records events dropped[^:]*: fhir missed 12/);
        assert.match(out.text, /Overall: 28\.6% \(95% CI 8\.2 to 64\.1\), 2 of 7/);
      },
    );
  },
);
